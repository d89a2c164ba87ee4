// get/add/edit/delete mailbox (reference 9.4; json_api.php's "mailbox" cases): mailcow's attribute
// names and PHP's loose values turned into the mailbox service's input, and its answers and
// refusals turned into mailcow's. Every check is the service's (server/mailcow/mailbox.service.ts).
import { createMailbox, deleteMailbox, editMailbox } from '../../../mailcow/mailbox.service.ts';
import { mailboxDetailPages, mailboxDetails } from '../../../mailcow/mailbox-details.ts';
import type { CreateMailboxInput, EditMailboxInput } from '../../../mailcow/mailbox.schema.ts';
import { dangerEntry, logData } from '../mailcow-msg.ts';
import { eachItem } from '../v1-items.ts';
import { data, entries, pages, type V1Call, type V1Family } from '../v1-types.ts';
import { attrText, intval, mailboxSettings } from './mailbox-attr.ts';

async function getMailboxes({ deps, actor, object, extra, query }: V1Call) {
  const tags = query.get('tags') ? query.get('tags')!.split(',') : undefined;
  if (object === 'all' || object === 'reduced') {
    const selection = extra ? { domains: extra.split(',') } : { all: true as const };
    return pages(mailboxDetailPages(deps, actor, selection, { reduced: object === 'reduced', tags }));
  }
  if (!object) return data(null);
  // get/mailbox/<domain>?tags=…: that domain's mailboxes with the tags, as a list ([] when none).
  if (tags) return pages(mailboxDetailPages(deps, actor, { domains: [object] }, { tags }), 'list');
  const [one] = await mailboxDetails(deps, actor, { username: object.trim().toLowerCase() });
  return data(one ?? null);
}

async function addMailbox({ deps, actor, attr }: V1Call) {
  const localPart = attrText(attr.local_part);
  const domain = attrText(attr.domain);
  const username = `${localPart.trim()}@${domain.trim()}`.toLowerCase();
  const log = ['mailbox', 'add', 'mailbox', logData(attr), null];
  // mailcow saves the mailbox's rate limit with it (the template's empty one when none is sent) and says so first.
  const rlValue = attrText(attr.rl_value);
  const rlFrame = attrText(attr.rl_frame) || 's';
  const input: CreateMailboxInput = {
    localPart, domain, password: attrText(attr.password), password2: attrText(attr.password2),
    ...(attr.quota !== undefined ? { quota: intval(attr.quota) } : {}),
    ...(rlValue !== '' ? { rateLimit: { value: intval(rlValue), frame: rlFrame as 's' } } : {}),
    ...mailboxSettings(attr),
  };
  try {
    await createMailbox(deps, actor, input, { generatePassword: false });
  } catch (e) {
    return entries([dangerEntry(e, log, { subject: username, domain: domain.trim().toLowerCase() })]);
  }
  return entries([
    { type: 'success', log: ['ratelimit', 'edit', 'mailbox', { object: username, rl_frame: rlFrame, rl_value: rlValue === '' ? '' : intval(rlValue) }], msg: ['rl_saved', username] },
    { type: 'success', log, msg: ['mailbox_added', username] },
  ]);
}

async function editMailboxes({ deps, actor, attr, items }: V1Call) {
  const usernames = (items ?? []).map((i) => String(i));
  const log = ['mailbox', 'edit', 'mailbox', logData({ username: items, ...attr }), null];
  const change: EditMailboxInput = {
    ...(attr.quota !== undefined ? { quota: intval(attr.quota) } : {}),
    // mailcow changes the password only when one is given.
    ...(attrText(attr.password) !== '' ? { password: attrText(attr.password), password2: attrText(attr.password2) } : {}),
    ...mailboxSettings(attr),
  };
  return entries(await eachItem(usernames, log, async (username) => {
    // mailcow's edit adds the tags sent (delete/mailbox/tag removes them).
    await editMailbox(deps, actor, username.trim().toLowerCase(), change, { addTags: true });
    return ['mailbox_modified', username];
  }, (username) => ({ subject: username })));
}

async function deleteMailboxes({ deps, actor, items }: V1Call) {
  const log = ['mailbox', 'delete', 'mailbox', { username: items }, null];
  return entries(await eachItem((items ?? []).map((i) => String(i)), log, async (username) => {
    await deleteMailbox(deps, actor, username.trim().toLowerCase());
    return ['mailbox_removed', username];
  }, (username) => ({ subject: username })));
}

export const mailboxFamily: V1Family = {
  get: { mailbox: getMailboxes },
  add: { mailbox: addMailbox },
  edit: { mailbox: editMailboxes },
  delete: { mailbox: deleteMailboxes },
};
