// The index sync beside mailcow: rows mailcow deletes itself leave Cowbell's index within a bounded
// number of rounds, and several Cowbells never run a round at the same time.
import { count, inArray, lt } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { createDeps } from '../../deps.ts';
import { keys } from '../../lib/redis-keys.ts';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';
import { usePrivateDatabase } from '../../test/private-database.ts';
import { enableQuarantine, mailcowQuarantines, quarantineItem } from '../../test/quarantine-helpers.ts';
import { followDeletions } from './index-deletions.ts';
import { createIndexSyncer, syncQuarantineIndex } from './quarantine-index.ts';

// Its own database: the walk over the index is counted in rounds, so no other file may add rows.
const ctx = useTestApp({ DATABASE_URL: usePrivateDatabase(), QUARANTINE_SYNC_MS: '0' }, 14);
const { db, redis } = ctx.deps;
beforeAll(() => enableQuarantine(ctx));

const indexed = async (ids: number[]) =>
  (await db.select({ id: items.id }).from(items).where(inArray(items.id, ids))).map((r) => r.id).sort((a, b) => a - b);
const indexSize = async () => (await db.select({ n: count() }).from(items))[0].n;
/** Where the walk over the index goes on from; past the newest row, it looks at nothing this round. */
const walkFrom = (id: number) => redis.set(keys.quarantineSyncDeletionCursor, String(id));
const deleteAsMailcow = (ids: number[]) => db.delete(quarantine).where(inArray(quarantine.id, ids));

describe('the index follows mailcow\'s deletions', () => {
  it('within one round for recent rows: the list\'s unreviewed count follows without waiting for housekeeping', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx);
    await client.signIn(w.user);
    const ours = [(await quarantineItem(ctx, w.user)).id, (await quarantineItem(ctx, w.user)).id, (await quarantineItem(ctx, w.user)).id];
    const theirs = await mailcowQuarantines(db, w.user);
    const list = async () => (await client.api.quarantine.$get({ query: {} })).json();
    expect((await list()).unreviewed).toBe(4);
    await deleteAsMailcow([ours[0], ours[2], theirs]);
    const after = await list();
    expect(after.unreviewed).toBe(1);
    expect(after.items.map((i) => i.id)).toEqual([ours[1]]);
    expect(await indexed([...ours, theirs])).toEqual([ours[1]]);
  });

  it('anywhere in the index within ceil(M / window) + 1 rounds, however the walk stood', async () => {
    const w = await seedWorld(ctx);
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push(await mailcowQuarantines(db, w.user));
    await syncQuarantineIndex(db);
    const ghost = ids[11];
    await deleteAsMailcow([ghost]);
    // The worst case: the walk has just passed the row.
    await walkFrom(ghost);
    const window = 7;
    const bound = Math.ceil((await indexSize()) / window) + 1;
    let rounds = 0;
    while ((await indexed([ghost])).length > 0 && rounds <= bound) {
      await followDeletions(db, redis, [], { window, recentIds: 0 });
      rounds++;
    }
    expect(await indexed([ghost])).toEqual([]);
    expect(rounds).toBeLessThanOrEqual(bound);
    expect(rounds).toBeGreaterThan(1);
  });

  it('in the same round for the oldest rows of a mailbox that just got mail (mailcow\'s retention trim)', async () => {
    const w = await seedWorld(ctx);
    const old = [await mailcowQuarantines(db, w.user), await mailcowQuarantines(db, w.user)];
    await syncQuarantineIndex(db);
    // pipe.php with Q_RETENTION_SIZE 2: store the new row, then trim the mailbox's oldest.
    const fresh = await mailcowQuarantines(db, w.user);
    await deleteAsMailcow([old[0]]);
    const found = await syncQuarantineIndex(db);
    expect(found.map((r) => r.id)).toEqual([fresh]);
    await walkFrom(Number.MAX_SAFE_INTEGER);
    await followDeletions(db, redis, [], { window: 1, recentIds: 0 });
    expect(await indexed([old[0]])).toEqual([old[0]]);
    await followDeletions(db, redis, found.map((r) => r.rcpt), { window: 1, recentIds: 0 });
    expect(await indexed([...old, fresh])).toEqual([old[1], fresh]);
  });

  it('in one round for rows below mailcow\'s lowest id (the nightly age cleanup)', async () => {
    const w = await seedWorld(ctx);
    await mailcowQuarantines(db, w.user);
    await syncQuarantineIndex(db);
    const [{ id: newest }] = await db.select({ id: quarantine.id }).from(quarantine).orderBy(quarantine.id).limit(1).offset(5);
    const aged = (await db.select({ id: quarantine.id }).from(quarantine).where(lt(quarantine.id, newest))).map((r) => r.id);
    await deleteAsMailcow(aged);
    await walkFrom(Number.MAX_SAFE_INTEGER);
    await followDeletions(db, redis, [], { window: 1000, recentIds: 0 });
    expect(await indexed(aged)).toEqual([]);
    expect(await indexed([newest])).toEqual([newest]);
  });
});

describe('a reader of the index', () => {
  it('waits for no sync round while the loop keeps the index fresh, and runs one once it fell behind', async () => {
    const clock = { now: Date.now(), advance(ms: number) { clock.now += ms; } };
    const syncer = createIndexSyncer(db, redis, 1000, undefined, { now: () => clock.now });
    await syncer.fresh();
    const w = await seedWorld(ctx);
    const id = await mailcowQuarantines(db, w.user);
    // Another Cowbell mid-round: a reader that wanted a round would wait up to 2 s for it.
    await redis.set(keys.quarantineSyncLock, 'another-cowbell', 'PX', 10_000);
    try {
      clock.advance(1500);
      const started = performance.now();
      await syncer.fresh();
      expect(performance.now() - started).toBeLessThan(1000);
      expect(await indexed([id])).toEqual([]);
    } finally {
      await redis.del(keys.quarantineSyncLock);
    }
    clock.advance(1000);
    await syncer.fresh();
    expect(await indexed([id])).toEqual([id]);
  });
});

describe('the index sync across Cowbells', () => {
  it('runs a round in one Cowbell at a time, and goes on once a dead holder\'s lock ran out', async () => {
    const other = createDeps(ctx.deps.env);
    try {
      const a = createIndexSyncer(db, redis, 0);
      const b = createIndexSyncer(other.db, other.redis, 0);
      expect((await Promise.all([a.sync(), b.sync()])).sort()).toEqual([false, true]);
      // A Cowbell that died mid-round leaves its lock behind, for its lifetime only.
      await redis.set(keys.quarantineSyncLock, 'a-cowbell-that-died', 'PX', 300);
      expect(await b.sync()).toBe(false);
      expect(await b.sync(2000)).toBe(true);
    } finally {
      await other.close();
    }
  });
});
