// The index sync beside mailcow: several Cowbells never run a round at the same time.
import { describe, expect, it } from 'vitest';
import { createDeps } from '../../deps.ts';
import { keys } from '../../lib/redis-keys.ts';
import { useTestApp } from '../../test/helpers.ts';
import { createIndexSyncer } from './quarantine-index.ts';

const ctx = useTestApp({ QUARANTINE_SYNC_MS: '0' }, 14);
const { db, redis } = ctx.deps;

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
