// get/quarantine (items), edit/qitem and delete/qitem (reference 3.5 and 9.4) over the quarantine
// actions service. edit/quarantine (the settings) is not here.
import { actionOutcome, applyAction } from '../../quarantine/actions.service.ts';
import { quarantineListRows, quarantineRowDetails } from '../../quarantine/quarantine-rows.ts';
import type { ItemAction } from '../../quarantine/quarantine.schema.ts';
import { dangerEntry } from '../mailcow-msg.ts';
import { data, entries, type V1Call, type V1Entry, type V1Family } from '../v1-types.ts';
import { attrText, intval } from './mailbox-attr.ts';

/** mailcow's action names for edit/qitem. */
const ACTIONS: Record<string, ItemAction> = { release: 'release', learnham: 'learn_ham', learnspam: 'learn_spam' };

async function getQuarantine({ deps, actor, object }: V1Call) {
  // mailcow answers an empty list as [], not {}.
  if (object === 'all') return data(await quarantineListRows(deps, actor), 'list');
  return data(object ? await quarantineRowDetails(deps, actor, intval(object)) : null, 'list');
}

async function act(call: V1Call, action: ItemAction, log: unknown[]): Promise<V1Entry[]> {
  const ids = (call.items ?? []).map(intval);
  try {
    const results = await applyAction(call.deps, call.actor, action, ids);
    // An item the caller may not see (or that is gone) is mailcow's access_denied.
    return results.map((r) => (r.error === 'not_found' ? { type: 'danger', log, msg: 'access_denied' } : { ...actionOutcome(action, r), log }));
  } catch (e) {
    return [dangerEntry(e, log, { subject: ids.join(',') })];
  }
}

async function editItems(call: V1Call) {
  const log = ['quarantine', 'edit', { id: call.items, ...call.attr }];
  const action = ACTIONS[attrText(call.attr.action)];
  // Any other action (but mailcow's settings, another category's) changes nothing.
  if (!action) return entries([]);
  return entries(await act(call, action, log));
}

async function deleteItems(call: V1Call) {
  return entries(await act(call, 'delete', ['quarantine', 'delete', { id: call.items }]));
}

export const quarantineItemFamily: V1Family = {
  get: { quarantine: getQuarantine },
  edit: { qitem: editItems },
  delete: { qitem: deleteItems },
};
