// get/time_limited_aliases, add/edit/delete time_limited_alias (reference 4 and 9.4) over the
// time-limited alias service (server/mailcow/spamalias.service.ts).
import {
  createTimeLimitedAlias, deleteTimeLimitedAlias, editTimeLimitedAlias, timeLimitedAliasRows,
} from '../../../mailcow/spamalias.service.ts';
import { AppError } from '../../../lib/errors.ts';
import { dangerEntry, logData } from '../mailcow-msg.ts';
import { eachItem } from '../v1-items.ts';
import { data, entries, type V1Call, type V1Entry, type V1Family } from '../v1-types.ts';
import { attrText, intval } from './mailbox-attr.ts';

/** PHP's filter_var(…, FILTER_VALIDATE_BOOL): "1", "true", "on", "yes" (and true) are true. */
const phpBool = (v: unknown) => v === true || ['1', 'true', 'on', 'yes'].includes(attrText(v).trim().toLowerCase());

async function getAliases({ deps, actor, object }: V1Call) {
  if (!object) return data(null);
  try {
    return data((await timeLimitedAliasRows(deps, actor, object)).map((r) => ({ ...r, permanent: Number(r.permanent) })));
  } catch (e) {
    // mailcow answers a mailbox the caller may not see as it answers an empty one.
    if (e instanceof AppError) return data(null);
    throw e;
  }
}

async function addAlias({ deps, actor, attr }: V1Call) {
  const log = ['mailbox', 'add', 'time_limited_alias', logData(attr), null];
  const username = attrText(attr.username).trim().toLowerCase();
  const hours = attr.validity === undefined ? undefined : intval(attr.validity);
  // mailcow: validity must be 1 to 87600 hours.
  if (hours !== undefined && (hours < 1 || hours > 87_600 || String(hours) !== attrText(attr.validity).trim())) {
    return entries([{ type: 'danger', log, msg: 'validity_missing' }]);
  }
  try {
    await createTimeLimitedAlias(deps, actor, {
      username, description: attrText(attr.description), validityHours: hours ?? 8760,
      ...(phpBool(attr.permanent) ? { validity: 'permanent' as const } : {}),
      ...(attr.domain !== undefined ? { domain: attrText(attr.domain) } : {}),
    });
    return entries([{ type: 'success', log, msg: ['mailbox_modified', username] }]);
  } catch (e) {
    return entries([dangerEntry(e, log, { subject: username, invalid: 'domain_invalid' })]);
  }
}

async function editAliases({ deps, actor, attr, items }: V1Call) {
  const log = ['mailbox', 'edit', 'time_limited_alias', logData({ address: items, ...attr }), null];
  const permanent = attr.permanent !== undefined && phpBool(attr.permanent);
  const hours = attr.validity === undefined || attrText(attr.validity) === '' ? undefined : intval(attr.validity);
  const owners: string[] = [];
  const out: V1Entry[] = [];
  for (const address of (items ?? []).map((i) => attrText(i).trim().toLowerCase())) {
    try {
      const edited = await editTimeLimitedAlias(deps, actor, { address, ...(permanent ? { validity: 'permanent' as const } : { validityHours: hours }) });
      if (!owners.includes(edited.goto)) owners.push(edited.goto);
    } catch (e) {
      out.push(dangerEntry(e, log, { subject: address, invalid: 'access_denied' }));
    }
  }
  // mailcow answers once for all of them, naming their mailboxes.
  if (owners.length > 0) out.push({ type: 'success', log, msg: ['mailbox_modified', owners.join(', ')] });
  return entries(out);
}

async function deleteAliases({ deps, actor, items }: V1Call) {
  const log = ['mailbox', 'delete', 'time_limited_alias', { address: items }, null];
  return entries(await eachItem((items ?? []).map((i) => attrText(i).trim().toLowerCase()), log, async (address) => {
    const gone = await deleteTimeLimitedAlias(deps, actor, { address });
    return ['mailbox_modified', gone.goto];
  }, (address) => ({ subject: address, invalid: 'access_denied' })));
}

export const timeLimitedAliasFamily: V1Family = {
  get: { time_limited_aliases: getAliases },
  add: { time_limited_alias: addAlias },
  edit: { time_limited_alias: editAliases },
  delete: { time_limited_alias: deleteAliases },
};
