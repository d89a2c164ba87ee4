// get/add/edit/delete alias and alias-domain (reference 9.4; json_api.php's "alias" and
// "alias-domain" cases) over the alias and alias-domain services and mailcow's alias_details.
import { aliasDetails, aliasDomainDetails, aliasList } from '../../../mailcow/alias-details.ts';
import { createAliasDomain, deleteAliasDomain, editAliasDomain } from '../../../mailcow/alias-domain.service.ts';
import { createAlias, deleteAlias, editAlias } from '../../../mailcow/alias.service.ts';
import type { CreateAliasDomainInput } from '../../../mailcow/alias-domain.schema.ts';
import { dangerEntry, logData, type MsgContext } from '../mailcow-msg.ts';
import { eachItem } from '../v1-items.ts';
import { data, entries, type V1Call, type V1Entry, type V1Family } from '../v1-types.ts';
import { attrText, defined, flag, intval } from './mailbox-attr.ts';

/** mailcow splits address and goto lists on spaces, commas, semicolons and new lines. */
const split = (v: unknown) => attrText(v).split(/[ ,;\n]/).map((s) => s.trim());
const text = (v: unknown) => (v === undefined ? undefined : attrText(v));
const lowerItems = (items: unknown[] | null) => (items ?? []).map((i) => attrText(i).trim().toLowerCase());
const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/** add/alias: mailcow's intval() makes every flag left out 0, not the column's default. */
const addFlags = (attr: Record<string, unknown>) => ({
  active: intval(attr.active) === 1, sogoVisible: intval(attr.sogo_visible) === 1, senderAllowed: intval(attr.sender_allowed) === 1,
  internal: intval(attr.internal) === 1, gotoNull: intval(attr.goto_null) === 1, gotoSpam: intval(attr.goto_spam) === 1, gotoHam: intval(attr.goto_ham) === 1,
  ...defined({ privateComment: text(attr.private_comment), publicComment: text(attr.public_comment) }),
});

/** edit/alias: what is sent changes, the rest stays (mailcow's isset()). */
const editFields = (attr: Record<string, unknown>) => defined({
  address: attr.address === undefined ? undefined : attrText(attr.address).trim(),
  goto: attr.goto === undefined ? undefined : split(attr.goto).filter((g) => g !== ''),
  active: flag(attr.active), sogoVisible: flag(attr.sogo_visible), senderAllowed: flag(attr.sender_allowed), internal: flag(attr.internal),
  gotoNull: flag(attr.goto_null), gotoSpam: flag(attr.goto_spam), gotoHam: flag(attr.goto_ham),
  privateComment: text(attr.private_comment), publicComment: text(attr.public_comment),
});

const aliasCtx = (subject: string, gotos: string[]): MsgContext => ({
  subject, domain: domainOf(subject), gotos, invalid: 'alias_invalid', taken: { alias: 'is_alias_or_mailbox', mailbox: 'is_alias_or_mailbox' },
});

async function getAliases({ deps, actor, object, extra }: V1Call) {
  if (object === 'all') return data(await aliasList(deps, actor, extra ? extra.split(',') : undefined));
  return data(object ? await aliasDetails(deps, actor, object) : null);
}

async function addAliases({ deps, actor, attr }: V1Call) {
  const log = ['mailbox', 'add', 'alias', logData(attr), null];
  const gotos = split(attr.goto).filter((g) => g !== '');
  const addresses = split(attr.address);
  if (addresses[0] === '') return entries([{ type: 'danger', log, msg: 'alias_empty' }]);
  const out: V1Entry[] = [];
  for (const address of addresses.filter((a) => a !== '' && !gotos.includes(a))) {
    try {
      const made = await createAlias(deps, actor, { address, goto: gotos, ...addFlags(attr) });
      out.push({ type: 'success', log, msg: ['alias_added', made.address, String(made.id)] });
    } catch (e) {
      out.push(dangerEntry(e, log, aliasCtx(address, gotos)));
      // mailcow stops at the first refusal that concerns every address alike (no targets, comments too long).
      if (out.at(-1)!.msg === 'goto_empty' || out.at(-1)!.msg === 'comment_too_long') break;
    }
  }
  return entries(out);
}

async function editAliases({ deps, actor, attr, items }: V1Call) {
  const log = ['mailbox', 'edit', 'alias', logData({ id: items, ...attr }), null];
  const change = editFields(attr);
  return entries(await eachItem((items ?? []).map((i) => attrText(i)), log, async (item) => {
    const edited = await editAlias(deps, actor, { id: intval(item), ...change });
    return ['alias_modified', edited.address];
  }, (item) => aliasCtx(change.address ?? item, change.goto ?? [])));
}

async function deleteAliases({ deps, actor, items }: V1Call) {
  const log = ['mailbox', 'delete', 'alias', { id: items }, null];
  return entries(await eachItem((items ?? []).map((i) => attrText(i)), log, async (item) => {
    const gone = await deleteAlias(deps, actor, { id: intval(item) });
    return ['alias_removed', gone.address];
  }, (item) => ({ subject: item, invalid: 'access_denied' })));
}

async function getAliasDomains({ deps, actor, object }: V1Call) {
  if (object === 'all') return data(await aliasDomainDetails(deps, actor));
  const [one] = object ? await aliasDomainDetails(deps, actor, object) : [];
  return data(one ?? null);
}

async function addAliasDomain({ deps, actor, attr }: V1Call) {
  const log = ['mailbox', 'add', 'alias_domain', logData(attr), null];
  const name = attrText(attr.alias_domain).trim().toLowerCase();
  const target = attrText(attr.target_domain).trim().toLowerCase();
  const rlValue = attrText(attr.rl_value) === '' ? undefined : intval(attr.rl_value);
  const input: CreateAliasDomainInput = defined({
    aliasDomain: attrText(attr.alias_domain), targetDomain: attrText(attr.target_domain), active: flag(attr.active),
    rlValue: rlValue || undefined, rlFrame: rlValue ? (text(attr.rl_frame) as CreateAliasDomainInput['rlFrame']) : undefined,
    dkimSelector: text(attr.dkim_selector), keySize: attr.key_size === undefined ? undefined : (intval(attr.key_size) as CreateAliasDomainInput['keySize']),
  });
  try {
    const made = await createAliasDomain(deps, actor, input);
    return entries([{ type: 'success', log, msg: ['aliasd_added', made.aliasDomain] }]);
  } catch (e) {
    return entries([dangerEntry(e, log, { subject: name, target, invalid: 'alias_domain_invalid' })]);
  }
}

async function editAliasDomains({ deps, actor, attr, items }: V1Call) {
  const log = ['mailbox', 'edit', 'alias_domain', logData({ alias_domain: items, ...attr }), null];
  const change = defined({ targetDomain: text(attr.target_domain), active: flag(attr.active) });
  return entries(await eachItem(lowerItems(items), log, async (item) => {
    await editAliasDomain(deps, actor, item, change);
    return ['aliasd_modified', item];
  }, (item) => ({ subject: item, target: change.targetDomain, invalid: 'alias_domain_invalid' })));
}

async function deleteAliasDomains({ deps, actor, items }: V1Call) {
  const log = ['mailbox', 'delete', 'alias_domain', { alias_domain: items }, null];
  return entries(await eachItem(lowerItems(items), log, async (item) => {
    await deleteAliasDomain(deps, actor, item);
    return ['alias_domain_removed', item];
  }, (item) => ({ subject: item, invalid: 'alias_domain_invalid' })));
}

export const aliasFamily: V1Family = {
  get: { alias: getAliases, 'alias-domain': getAliasDomains },
  add: { alias: addAliases, 'alias-domain': addAliasDomain },
  edit: { alias: editAliases, 'alias-domain': editAliasDomains },
  delete: { alias: deleteAliases, 'alias-domain': deleteAliasDomains },
};
