// Keeps cowbell_quarantine_items in step with mailcow's quarantine table.
import { and, desc, eq, gt, inArray, isNotNull, isNull, lt, max, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../../db/client.ts';
import { cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { keys } from '../../lib/redis-keys.ts';
import { withLock } from '../../lib/redis-lock.ts';
import { followDeletions } from './index-deletions.ts';

export interface IndexedItem {
  id: number;
  rcpt: string;
  action: string;
  created: string;
}

const domainOf = (rcpt: string) => rcpt.slice(rcpt.lastIndexOf('@') + 1);

/** `alreadyPushedBefore`: rows created before this time count as announced (no push storm for history). */
export async function indexItems(db: Db, rows: IndexedItem[], alreadyPushedBefore?: string): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(items).ignore().values(rows.map((r) => ({ ...r, domain: domainOf(r.rcpt),
    pushedAt: alreadyPushedBefore && r.created < alreadyPushedBefore ? r.created : null })));
}

// Ids are auto-increment, but a slow transaction can commit a lower id after a higher one: re-look a
// little below the highest id already indexed so such stragglers are not skipped.
const STRAGGLER_WINDOW = 500;
const BATCH = 5000;

/** Copies rows mailcow (or anyone) wrote into the index; returns the newly indexed ones. */
export async function syncQuarantineIndex(db: Db): Promise<IndexedItem[]> {
  const [{ top }] = await db.select({ top: max(items.id) }).from(items);
  const from = Math.max(0, Number(top ?? 0) - STRAGGLER_WINDOW);
  const fresh = await db.select({ id: quarantine.id, rcpt: quarantine.rcpt, action: quarantine.action, created: quarantine.created })
    .from(quarantine).leftJoin(items, eq(items.id, quarantine.id))
    .where(and(gt(quarantine.id, from), isNull(items.id), isNotNull(quarantine.rcpt)))
    .orderBy(quarantine.id).limit(BATCH);
  if (fresh.length === 0) return [];
  const rows = fresh.map((r) => ({ id: r.id, rcpt: r.rcpt!.toLowerCase(), action: r.action.trim(), created: r.created }));
  // When Cowbell first meets an existing quarantine, only recent rows are news worth a notification.
  const [[{ cutoff }]] = await db.execute(sql`SELECT DATE_FORMAT(NOW() - INTERVAL 10 MINUTE, '%Y-%m-%d %H:%i:%s') AS cutoff`) as unknown as [[{ cutoff: string }]];
  await indexItems(db, rows, cutoff);
  return rows.filter((r) => r.created >= cutoff);
}

/** Deletes items from mailcow's table and the index together (viewers' reads follow by ON DELETE CASCADE). */
export async function removeItems(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.delete(quarantine).where(inArray(quarantine.id, ids));
    await tx.delete(items).where(inArray(items.id, ids));
  });
}

/** mailcow keeps only the newest `keep` rows per mailbox; 0 keeps none. Found through the index. */
export async function trimRetention(db: Db, rcpt: string, keep: number): Promise<number[]> {
  const surplus = await db.select({ id: items.id }).from(items).where(eq(items.rcpt, rcpt))
    .orderBy(desc(items.id)).limit(1_000_000).offset(keep);
  const ids = surplus.map((r) => r.id);
  await removeItems(db, ids);
  return ids;
}

/** Rows in the index whose quarantine row is gone (mailcow deleted it): removed in batches. */
export async function pruneIndex(db: Db): Promise<number> {
  const [result] = await db.execute(sql`DELETE i FROM cowbell_quarantine_items i
    LEFT JOIN quarantine q ON q.id = i.id WHERE q.id IS NULL`);
  return Number((result as unknown as { affectedRows: number }).affectedRows ?? 0);
}

/** mailcow's nightly clean_q_aged.sh (reference 3.3), for standalone installs: rows older than Q_MAX_AGE days. */
export async function deleteAged(db: Db, redis: Redis): Promise<number> {
  const configured = Number(await redis.get('Q_MAX_AGE'));
  const days = configured > 0 ? configured : 365; // mailcow saves ≤ 0 as 365
  const [res] = await db.delete(quarantine).where(lt(quarantine.created, sql`NOW() - INTERVAL ${days} DAY`));
  return res.affectedRows;
}

// Longer than any honest round (each reads a bounded number of rows); if its holder dies, another
// Cowbell takes over once it runs out.
const SYNC_LOCK_MS = 10_000;
/** How far behind its interval the background loop may be before a reader runs a round itself. */
const READER_SLACK_MS = 1000;

export interface SyncerOptions {
  lockMs?: number;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
}

/**
 * Runs a sync round at most every `minIntervalMs` in this process, and in one Cowbell at a time across
 * all that share the Redis; each round picks up new rows and follows mailcow's deletions. Reports
 * newly indexed rows.
 */
export function createIndexSyncer(db: Db, redis: Redis, minIntervalMs: number, onNew: (rows: IndexedItem[]) => void = () => {}, opts: SyncerOptions = {}) {
  const now = opts.now ?? Date.now;
  let last = 0;
  /** When the newest round that finished here started: the index is at least that fresh. */
  let freshAsOf = 0;
  let running: Promise<boolean> | null = null;
  let loop: ReturnType<typeof setInterval> | undefined;
  const round = async () => {
    const started = now();
    const rows = await syncQuarantineIndex(db);
    if (rows.length > 0) onNew(rows);
    await followDeletions(db, redis, rows.map((r) => r.rcpt));
    freshAsOf = Math.max(freshAsOf, started);
  };
  /**
   * Resolves to whether a round ran here. `waitMs`: how long to wait for another Cowbell's round to
   * end (a reader wanting fresh rows); otherwise a round already under way elsewhere is enough.
   */
  const sync = (waitMs = 0): Promise<boolean> => {
    if (running) return running;
    if (now() - last < minIntervalMs) return Promise.resolve(false);
    last = now();
    running = withLock(redis, keys.quarantineSyncLock, { ttlMs: opts.lockMs ?? SYNC_LOCK_MS, waitMs }, round)
      .then((locked) => locked.ran).finally(() => { running = null; });
    return running;
  };
  return {
    sync,
    /**
     * For a reader: rows mailcow wrote up to QUARANTINE_SYNC_MS (+ 1 s) ago are in the index. The
     * background loop keeps it that fresh, so a reader waits for a round only when the loop fell
     * behind or there is none; with QUARANTINE_SYNC_MS=0 every read runs one.
     */
    async fresh(): Promise<void> {
      if (minIntervalMs > 0 && now() - freshAsOf <= minIntervalMs + READER_SLACK_MS) return;
      await sync(2000);
    },
    /** The background loop: a round every QUARANTINE_SYNC_MS, at most once a second. */
    start(onError: (e: Error) => void): void {
      loop ??= setInterval(() => { sync().catch(onError); }, Math.max(1000, minIntervalMs));
    },
    /** Ends the loop; resolves once a round under way has finished (before the pool it uses closes). */
    async stop(): Promise<void> {
      clearInterval(loop);
      loop = undefined;
      await running?.catch(() => undefined);
    },
  };
}
export type IndexSyncer = ReturnType<typeof createIndexSyncer>;
