// get/add/edit/delete domain (reference 9.4; json_api.php's "domain" cases) over the domain service
// (server/mailcow/domain.service.ts) and mailcow's domain_details (server/mailcow/domain-details.ts).
import { createDomain, deleteDomain, editDomain } from '../../../mailcow/domain.service.ts';
import { domainDetails } from '../../../mailcow/domain-details.ts';
import type { CreateDomainInput, EditDomainInput } from '../../../mailcow/domain.schema.ts';
import { dangerEntry, logData } from '../mailcow-msg.ts';
import { eachItem } from '../v1-items.ts';
import { data, entries, type V1Call, type V1Entry, type V1Family } from '../v1-types.ts';
import { attrText, defined, flag, intval } from './mailbox-attr.ts';

const domainItems = (items: unknown[] | null) => (items ?? []).map((i) => attrText(i).trim().toLowerCase());
const int = (v: unknown) => (v === undefined ? undefined : intval(v));

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
  return entries(await eachItem(domainItems(items), log, async (item) => {
    await editDomain(deps, actor, item, change);
    return ['domain_modified', item];
  }, (item) => ({ subject: item, invalid: 'domain_invalid' })));
}

async function deleteDomains({ deps, actor, items }: V1Call) {
  const log = ['mailbox', 'delete', 'domain', { domain: items }, null];
  return entries(await eachItem(domainItems(items), log, async (item) => {
    await deleteDomain(deps, actor, item);
    return ['domain_removed', item];
  }, (item) => ({ subject: item, invalid: 'domain_invalid' })));
}

export const domainFamily: V1Family = {
  get: { domain: getDomains },
  add: { domain: addDomain },
  edit: { domain: editDomains },
  delete: { domain: deleteDomains },
};
