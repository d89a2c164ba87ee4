// Read state is the viewer's own. The recipient's look sets the item's `reviewed` flag (their badge);
// anyone else's (an admin, a domain admin) is a row in cowbell_quarantine_reads, so an admin's list
// shows what the admin opened and the mailbox owner's badge is left alone. Users see only their own
// mailbox (quarantine-scope.ts), so for a user "the viewer" and "the recipient" are the same account.
import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { cowbellQuarantineItems as items, cowbellQuarantineReads as reads } from '../../../db/schema/cowbell.ts';
import type { Actor } from '../../lib/authz/actor.ts';

const isRecipientView = (actor: Actor) => actor.role === 'user';

/** The join condition that brings the viewer's own read of each index row into a list query. */
export const viewerReadJoin = (actor: Actor): SQL => and(eq(reads.itemId, items.id), eq(reads.viewer, actor.username))!;

/** 1 when the viewer has opened the row: the recipient's reviewed flag, or the viewer's own read. */
export const viewerHasRead = (actor: Actor): SQL<number> =>
  isRecipientView(actor) ? sql<number>`${items.reviewed}` : sql<number>`(${reads.itemId} IS NOT NULL)`;

/**
 * The recipient's items they have not opened (the list's count and the app badge). Answered from
 * the (reviewed, rcpt) index alone: it reads the unreviewed entries only, never the mailbox's history.
 */
export const unreviewedQuery = (db: Db, rcpt: string) =>
  db.select({ n: count() }).from(items).where(and(eq(items.rcpt, rcpt), eq(items.reviewed, 0)));

export async function markReviewed(db: Db, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.update(items).set({ reviewed: 1 }).where(inArray(items.id, ids));
}

/** The viewer opened an item: the recipient's flag, or the viewer's own read (kept from the first look). */
export async function markOpened(db: Db, actor: Actor, id: number): Promise<void> {
  if (isRecipientView(actor)) await markReviewed(db, [id]);
  // IGNORE: already read, or the item left meanwhile (the foreign key refuses the row, as a warning).
  else await db.insert(reads).ignore().values({ viewer: actor.username, itemId: id });
}
