// Rows mailcow deletes itself (its UI and API, retention per mailbox, the nightly age cleanup) leave
// Cowbell's index within a bounded number of sync rounds, without ever scanning mailcow's table: each
// round reads a few windows of the index by id and asks mailcow's primary key about those rows only.
//   - the newest `recentIds` ids, where most deletions happen (mail deleted soon after it arrived);
//   - ids below mailcow's lowest id, where the age cleanup deletes (K aged rows leave in ceil(K / window)
//     rounds; finding none costs two index probes);
//   - the oldest RETENTION_ROWS rows of each mailbox that just got rows (mailcow trims those right after);
//   - the next `window` rows after a cursor kept in Redis, so all Cowbells share one walk over the index.
// So a deletion anywhere leaves the index within ceil(M / window) + 1 rounds for an index of M rows
// (window 5,000, 1M rows: 201 rounds, under 7 minutes at the default 2 s; sooner with more Cowbells),
// and within one round in the usual places. A round at 1M rows takes tens of milliseconds (`npm run bench`).
import { and, desc, eq, gt, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../../db/client.ts';
import { cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { keys } from '../../lib/redis-keys.ts';

export interface DeletionWindows {
  /** Rows in the walking window (and at most this many below mailcow's lowest id), each round. */
  window: number;
  /** The newest ids looked at each round. */
  recentIds: number;
}

// Each looked-at row costs a primary-key probe into mailcow's table (its leaf pages hold the messages),
// so the walk is kept small: its rows per second, not the table size, set the cost.
const WINDOWS: DeletionWindows = { window: 5_000, recentIds: 5_000 };
const RETENTION_ROWS = 20;
const MAILBOXES_PER_ROUND = 50;

/**
 * Index rows in `rows` whose quarantine row is gone. One consistent read, so a row found here is
 * really gone (an index row is only written after its quarantine row was committed, and ids are never
 * reused), and no lock is taken on mailcow's table.
 */
async function gone(db: Db, rows: SQL | undefined): Promise<number[]> {
  const found = await db.select({ id: items.id }).from(items).leftJoin(quarantine, eq(quarantine.id, items.id))
    .where(and(rows, isNull(quarantine.id)));
  return found.map((r) => r.id);
}

/** Index rows below the lowest id left in mailcow's table: gone, and found without a join (one consistent read). */
async function belowLowest(db: Db, limit: number): Promise<number[]> {
  const [rows] = await db.execute(sql`SELECT id FROM cowbell_quarantine_items WHERE id < (SELECT MIN(id) FROM quarantine)
    ORDER BY id LIMIT ${limit}`) as unknown as [{ id: number }[]];
  return rows.map((r) => Number(r.id));
}

/** The id of the `n`-th index row after `after`, or null when fewer rows follow. */
async function nthIdAfter(db: Db, after: number, n: number): Promise<number | null> {
  const [row] = await db.select({ id: items.id }).from(items).where(gt(items.id, after)).orderBy(items.id).limit(1).offset(n - 1);
  return row?.id ?? null;
}

async function oldestOfMailbox(db: Db, rcpt: string): Promise<number[]> {
  const oldest = db.select({ id: items.id }).from(items).where(eq(items.rcpt, rcpt)).orderBy(items.id).limit(RETENTION_ROWS).as('oldest');
  const found = await db.select({ id: oldest.id }).from(oldest).leftJoin(quarantine, eq(quarantine.id, oldest.id))
    .where(isNull(quarantine.id));
  return found.map((r) => r.id);
}

/** One round: drops index rows whose quarantine row mailcow deleted; returns how many. */
export async function followDeletions(db: Db, redis: Redis, newRcpts: string[] = [], windows = WINDOWS): Promise<number> {
  const { window, recentIds } = windows;
  const [top] = await db.select({ id: items.id }).from(items).orderBy(desc(items.id)).limit(1);
  if (!top) return 0;
  const cursor = Number(await redis.get(keys.quarantineSyncDeletionCursor)) || 0;
  const cursorEdge = await nthIdAfter(db, cursor, window);
  const found = [
    ...await gone(db, gt(items.id, top.id - recentIds)),
    ...await belowLowest(db, window),
    ...await gone(db, and(gt(items.id, cursor), cursorEdge === null ? undefined : lte(items.id, cursorEdge))),
  ];
  // Last, so that mailcow has had the time to trim after the insert the sync just found.
  for (const rcpt of [...new Set(newRcpts)].slice(0, MAILBOXES_PER_ROUND)) found.push(...await oldestOfMailbox(db, rcpt));
  // Start over once the walk reached the newest row: the next round begins at the oldest.
  await redis.set(keys.quarantineSyncDeletionCursor, String(cursorEdge === null || cursorEdge >= top.id ? 0 : cursorEdge));
  const ids = [...new Set(found)];
  // Admins' reads of these rows (cowbell_quarantine_reads) go with them: ON DELETE CASCADE.
  for (let i = 0; i < ids.length; i += 5000) await db.delete(items).where(inArray(items.id, ids.slice(i, i + 5000)));
  return ids.length;
}
