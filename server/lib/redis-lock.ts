// A lease that every Cowbell process on the same Redis respects: SET NX PX to take it, deleted only
// by its holder, and expiring on its own when the holder dies half-way (no manual unlock needed).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface LockOptions {
  /** How long the lease lasts if its holder never releases it (it crashed): longer than any honest run. */
  ttlMs: number;
  /** How long to keep trying while someone else holds it (0: give up at once). */
  waitMs?: number;
  retryMs?: number;
}

export type Locked<T> = { ran: true; value: T } | { ran: false };

/** Runs `fn` while holding `key`; `{ ran: false }` when another holder kept it for longer than `waitMs`. */
export async function withLock<T>(redis: Redis, key: string, opts: LockOptions, fn: () => Promise<T>): Promise<Locked<T>> {
  const token = randomBytes(16).toString('hex');
  const giveUpAt = Date.now() + (opts.waitMs ?? 0);
  while ((await redis.set(key, token, 'PX', opts.ttlMs, 'NX')) !== 'OK') {
    if (Date.now() >= giveUpAt) return { ran: false };
    await new Promise((r) => setTimeout(r, opts.retryMs ?? 50));
  }
  try {
    return { ran: true, value: await fn() };
  } finally {
    // If Redis is unreachable now, the lease simply runs out: nothing to do about it here.
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}
