import type { Db } from '../../../db/client.ts';
import type { QuarantineDetail } from './quarantine.schema.ts';
import { findVisibleItem, markReviewed, parseSymbols, toListItem } from './quarantine.service.ts';
import type { Viewer } from './quarantine-scope.ts';
import { viewMessage } from './message-view.ts';

export async function getDetail(db: Db, viewer: Viewer, id: number, allowRemote: boolean): Promise<QuarantineDetail> {
  const row = await findVisibleItem(db, viewer, id);
  const view = await viewMessage(row.msg ?? '', allowRemote);
  // Only the recipient's own look counts as "reviewed" (it clears their badge, not an admin's).
  if (row.rcpt === viewer.username) await markReviewed(db, [id]);
  const item = toListItem(row);
  const recipients = [...new Set([...view.recipients, item.rcpt])];
  return { ...item, ...view, recipients, symbols: parseSymbols(row.symbols).sort((a, b) => b.score - a.score) };
}
