// get/add/edit/delete domain (reference 9.4; json_api.php's "domain" cases) over the domain service
// (server/mailcow/domain.service.ts) and mailcow's domain_details (server/mailcow/domain-details.ts).
import { createDomain, deleteDomain, editDomain } from '../../../mailcow/domain.service.ts';
import { domainDetails } from '../../../mailcow/domain-details.ts';
import type { CreateDomainInput, EditDomainInput } from '../../../mailcow/domain.schema.ts';
import { dangerEntry, logData } from '../mailcow-msg.ts';
import { data, entries, type V1Call, type V1Entry, type V1Family } from '../v1-types.ts';
import { attrText, intval } from './mailbox-attr.ts';

const flag = (v: unknown) => (v === undefined ? undefined : intval(v) === 1);
const int = (v: unknown) => (v === undefined ? undefined : intval(v));
const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The settings add/domain and edit/domain share, as PHP's (int) and intval() read them; only those sent. */
function domainSettings(attr: Record<string, unknown>): EditDomainInput {
  return defined({
    description: attr.description === undefined ? undefined : attrText(attr.description),
    aliases: int(attr.aliases), mailboxes: int(attr.mailboxes), defquota: int(attr.defquota), maxquota: int(attr.maxquota), quota: int(attr.quota),
    active: flag(attr.active), gal: flag(attr.gal), backupmx: flag(attr.backupmx),
    relayAllRecipients: flag(attr.relay_all_recipients), relayUnknownOnly: flag(attr.relay_unknown_only),
    tags: attr.tags === undefined ? undefined : (Array.isArray(attr.tags) ? attr.tags : [attr.tags]).map(attrText).filter((t) => t !== ''),
  });
}

async function getDomains({ deps, actor, object }: V1Call) {
  if (!object) return data(null);
  if (object === 'all') return data(await domainDetails(deps, actor, { all: true }));
  const [one] = await domainDetails(deps, actor, { name: object });
  return data(one ?? null);
}

async function addDomain({ deps, actor, attr }: V1Call) {
  const name = attrText(attr.domain).trim().toLowerCase();
  const log = ['mailbox', 'add', 'domain', logData(attr), null];
  const rlValue = attr.rl_value === undefined || attrText(attr.rl_value) === '' ? undefined : intval(attr.rl_value);
  const input: CreateDomainInput = defined({
    domain: attrText(attr.domain), ...domainSettings(attr),
    rlValue, rlFrame: attr.rl_frame === undefined ? undefined : attrText(attr.rl_frame) as CreateDomainInput['rlFrame'],
    dkimSelector: attr.dkim_selector === undefined ? undefined : attrText(attr.dkim_selector),
    keySize: int(attr.key_size) as CreateDomainInput['keySize'],
  });
  // Read before the domain exists: whether mailcow would say a key was made or one was there already.
  const keyThere = name !== '' && (await deps.redis.hget('DKIM_SELECTORS', name)) !== null;
  let created;
  try {
    created = await createDomain(deps, actor, input);
  } catch (e) {
    return entries([dangerEntry(e, log, { subject: name, invalid: 'domain_invalid' })]);
  }
  const out: V1Entry[] = [];
  const rl = await deps.redis.hget('RL_VALUE', created.domain);
  if (rl) {
    const [value, frame] = rl.split(' / 1');
    out.push({ type: 'success', log: ['ratelimit', 'edit', 'domain', { rl_value: Number(value), rl_frame: frame, object: created.domain }], msg: ['rl_saved', created.domain] });
  }
  if (keyThere) out.push({ type: 'success', log, msg: 'domain_add_dkim_available' });
  else {
    const selector = await deps.redis.hget('DKIM_SELECTORS', created.domain);
    out.push({ type: 'success', log: ['dkim', 'add', { key_size: input.keySize ?? 2048, dkim_selector: selector, domains: created.domain }], msg: ['dkim_added', created.domain] });
  }
  out.push({ type: 'success', log, msg: ['domain_added', created.domain] });
  return entries(out);
}

async function editDomains({ deps, actor, attr, items }: V1Call) {
  const log = ['mailbox', 'edit', 'domain', logData({ domain: items, ...attr }), null];
  const change = domainSettings(attr);
  const out: V1Entry[] = [];
  for (const item of (items ?? []).map((i) => attrText(i).trim().toLowerCase())) {
    try {
      await editDomain(deps, actor, item, change);
      out.push({ type: 'success', log, msg: ['domain_modified', item] });
    } catch (e) {
      out.push(dangerEntry(e, log, { subject: item, invalid: 'domain_invalid' }));
    }
  }
  return entries(out);
}

async function deleteDomains({ deps, actor, items }: V1Call) {
  const log = ['mailbox', 'delete', 'domain', { domain: items }, null];
  const out: V1Entry[] = [];
  for (const item of (items ?? []).map((i) => attrText(i).trim().toLowerCase())) {
    try {
      await deleteDomain(deps, actor, item);
      out.push({ type: 'success', log, msg: ['domain_removed', item] });
    } catch (e) {
      out.push(dangerEntry(e, log, { subject: item, invalid: 'domain_invalid' }));
    }
  }
  return entries(out);
}

export const domainFamily: V1Family = {
  get: { domain: getDomains },
  add: { domain: addDomain },
  edit: { domain: editDomains },
  delete: { domain: deleteDomains },
};
