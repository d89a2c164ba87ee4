import type { Db } from '../../../db/client.ts';
import type { QuarantineDetail } from './quarantine.schema.ts';
import { findVisibleItem, markReviewed, parseSymbols, toListItem } from './quarantine.service.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { viewMessage } from './message-view.ts';

export async function getDetail(db: Db, actor: Actor, id: number, allowRemote: boolean): Promise<QuarantineDetail> {
  await authorize(db, actor, { do: 'quarantine.read' });
  const row = await findVisibleItem(db, actor, id);
  const view = await viewMessage(row.msg ?? '', allowRemote);
  // Only the recipient's own look counts as "reviewed" (it clears their badge, not an admin's).
  if (row.rcpt === actor.username) await markReviewed(db, [id]);
  const item = toListItem(row);
  const recipients = [...new Set([...view.recipients, item.rcpt])];
  return { ...item, ...view, recipients, symbols: parseSymbols(row.symbols).sort((a, b) => b.score - a.score) };
}
