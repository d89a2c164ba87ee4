// What new-mail push remembers per user in Redis: the instants of recent pushes (the cap's rolling
// window) and the burst the next notification sums up. Both expire on their own.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from '../../lib/redis-keys.ts';
import type { NewMailSettings } from './rules.schema.ts';

/** Mail arriving less than this long after the previous one joins its notification ("4 new messages"). */
export const BURST_MS = 5 * 60_000;
/** The longest cap window the settings allow (rules.schema.ts: 1440 minutes). */
const LONGEST_WINDOW_MS = 1440 * 60_000;

type Cap = NewMailSettings['cap'];

/** Instants (ms) of this user's pushes still inside the cap's window. */
export async function previousPushes(redis: Redis, username: string, now: number, cap: Cap): Promise<number[]> {
  const scores = await redis.zrangebyscore(keys.newMailPushes(username), `(${now - cap.minutes * 60_000}`, '+inf', 'WITHSCORES');
  return scores.filter((_, i) => i % 2 === 1).map(Number);
}

// Counts the window and adds the push only if it still fits: two events racing past the pure check
// cannot both take the last place. Old instants are trimmed on the way.
const CLAIM = `
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[4])
if redis.call('zcount', KEYS[1], ARGV[2], '+inf') >= tonumber(ARGV[3]) then return 0 end
redis.call('zadd', KEYS[1], ARGV[1], ARGV[5])
redis.call('pexpire', KEYS[1], ARGV[6])
return 1`;

/** Takes a place in the cap's window for a push at `now`; false when another push took the last one. */
export async function claimPush(redis: Redis, username: string, now: number, cap: Cap): Promise<boolean> {
  const start = `(${now - cap.minutes * 60_000}`;
  const taken = await redis.eval(CLAIM, 1, keys.newMailPushes(username), now, start, cap.count, now - LONGEST_WINDOW_MS,
    `${now}:${randomBytes(6).toString('base64url')}`, LONGEST_WINDOW_MS);
  return Number(taken) === 1;
}

/**
 * Counts one more mail into the user's burst and returns how many it holds now. The burst ends
 * after BURST_MS without mail; `unseen` (the Inbox's, when known) bounds it, since mail the user
 * has read since is not news.
 */
export async function joinBurst(redis: Redis, username: string, unseen: number | null): Promise<number> {
  const key = keys.newMailBurst(username);
  const replies = await redis.multi().incr(key).pexpire(key, BURST_MS).exec();
  const count = Number(replies?.[0]?.[1] ?? 1);
  if (unseen !== null && unseen >= 1 && count > unseen) {
    await redis.set(key, unseen, 'PX', BURST_MS);
    return unseen;
  }
  return count;
}
