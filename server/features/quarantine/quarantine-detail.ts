import type { Db } from '../../../db/client.ts';
import type { QuarantineDetail } from './quarantine.schema.ts';
import { markOpened } from './quarantine-reads.ts';
import { findVisibleItem, parseSymbols, toListItem } from './quarantine.service.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { viewMessage } from './message-view.ts';

export async function getDetail(db: Db, actor: Actor, id: number, allowRemote: boolean): Promise<QuarantineDetail> {
  await authorize(db, actor, { do: 'quarantine.read' });
  const row = await findVisibleItem(db, actor, id);
  const view = await viewMessage(row.msg ?? '', allowRemote);
  // The recipient's look clears their badge; anyone else's is their own read (quarantine-reads.ts).
  await markOpened(db, actor, id);
  const item = { ...toListItem(row), reviewed: true };
  const recipients = [...new Set([...view.recipients, item.rcpt])];
  return { ...item, ...view, recipients, symbols: parseSymbols(row.symbols).sort((a, b) => b.score - a.score) };
}
