// get/dkim, add/dkim, add/dkim_duplicate, add/dkim_import, delete/dkim (json_api.php over dkim()),
// over server/mailcow/dkim.service.ts, each refusal worded with mailcow's message key.
import type { AppError } from '../../../lib/errors.ts';
import type { GenerateDkimInput } from '../../../mailcow/dkim.schema.ts';
import { deleteDkim, duplicateDkim, generateDkim, getDkim, importDkim } from '../../../mailcow/dkim.service.ts';
import { domainParam } from '../../../mailcow/domain.schema.ts';
import { phpIntval, refusalOf } from '../php-values.ts';
import { data, entries, type V1Entry, type V1Family } from '../v1-types.ts';

/** A name as stored (lowercase punycode), or null where mailcow's is_valid_domain_name says no. */
const domainOf = (raw: unknown) => {
  const r = domainParam.safeParse({ domain: String(raw ?? '') });
  return r.success ? r.data.domain : null;
};

/** mailcow splits add/dkim's `domains` on spaces, commas, semicolons and new lines. */
const domainList = (raw: unknown) => String(raw ?? '').split(/[ ,;\n]/).map((d) => d.trim()).filter(Boolean);

const danger = (log: unknown[], msg: V1Entry['msg']): V1Entry => ({ type: 'danger', log, msg });
const success = (log: unknown[], msg: V1Entry['msg']): V1Entry => ({ type: 'success', log, msg });
/** Out of reach (another's domain, or none at all): mailcow's access_denied. */
const outOfReach = (e: AppError) => e.code === 'forbidden' || e.code === 'not_found';

export const dkimFamily: V1Family = {
  get: {
    dkim: async ({ deps, actor, object }) => {
      const name = domainOf(object);
      // mailcow answers {} for no key and for a domain out of reach alike.
      const record = name ? await getDkim(deps, actor, name).catch((e: unknown) => { refusalOf(e); return null; }) : null;
      return data(record && { pubkey: record.pubkey, length: record.length, dkim_txt: record.txt, dkim_selector: record.selector, privkey: '' });
    },
  },
  add: {
    dkim: async ({ deps, actor, attr }) => {
      const log = ['dkim', 'add', attr];
      const out: V1Entry[] = [];
      for (const raw of domainList(attr.domains)) {
        const name = domainOf(raw);
        if (!name) {
          out.push(danger(log, ['dkim_domain_or_sel_invalid', raw]));
          continue;
        }
        try {
          await generateDkim(deps, actor, name, { selector: String(attr.dkim_selector ?? 'dkim'), keySize: phpIntval(attr.key_size) as GenerateDkimInput['keySize'] });
          out.push(success(log, ['dkim_added', raw]));
        } catch (e) {
          out.push(danger(log, [outOfReach(refusalOf(e)) ? 'access_denied' : 'dkim_domain_or_sel_invalid', raw]));
        }
      }
      return entries(out);
    },
    dkim_duplicate: async ({ deps, actor, attr }) => {
      const log = ['dkim', 'duplicate', attr];
      const from = String(attr.from_domain ?? '');
      const to = ([] as unknown[]).concat(attr.to_domain ?? []).filter(Boolean).map((d) => domainOf(d) ?? String(d));
      try {
        const copies = await duplicateDkim(deps, actor, domainOf(from) ?? from, { to });
        return entries(copies.map((c) => success(log, ['dkim_duplicated', from, c.domain])));
      } catch (e) {
        return entries([refusalOf(e).code === 'forbidden' ? danger(log, 'access_denied') : danger(log, ['dkim_domain_or_sel_invalid', from])]);
      }
    },
    dkim_import: async ({ deps, actor, attr }) => {
      // mailcow echoes the private key in its answer's log; Cowbell does not repeat a secret.
      const log = ['dkim', 'import', { ...attr, private_key_file: '*' }];
      const raw = String(attr.domain ?? '');
      const name = domainOf(raw);
      try {
        if (!name) return entries([danger(log, ['dkim_domain_or_sel_invalid', raw])]);
        await importDkim(deps, actor, name, {
          selector: String(attr.dkim_selector ?? 'dkim'), privateKey: String(attr.private_key_file ?? ''), overwrite: phpIntval(attr.overwrite_existing) !== 0,
        });
        // mailcow's import deletes whatever key was there first, and says so.
        return entries([success(['dkim', 'delete', { domains: raw }], ['dkim_removed', raw]), success(log, ['dkim_added', raw])]);
      } catch (e) {
        const r = refusalOf(e);
        if (r.code === 'forbidden') return entries([danger(log, 'access_denied')]);
        if (r.code === 'conflict') return entries([danger(log, ['dkim_domain_or_sel_exists', raw])]);
        const keyIssue = r.issues.find((i) => i.path === 'privateKey');
        return entries([danger(log, keyIssue ? ['private_key_error', keyIssue.message] : ['dkim_domain_or_sel_invalid', raw])]);
      }
    },
  },
  delete: {
    dkim: async ({ deps, actor, items }) => {
      const log = ['dkim', 'delete', { domains: items }];
      const out: V1Entry[] = [];
      for (const raw of (items ?? []).map(String)) {
        const name = domainOf(raw);
        if (!name) {
          out.push(danger(log, ['dkim_domain_or_sel_invalid', raw]));
          continue;
        }
        try {
          await deleteDkim(deps, actor, name);
          out.push(success(log, ['dkim_removed', raw]));
        } catch (e) {
          refusalOf(e);
          return entries([...out, danger(log, 'access_denied')], false);
        }
      }
      return entries(out);
    },
  },
};
