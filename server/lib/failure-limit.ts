// A per-client count of failures with a lock: used where a credential that failed is counted
// against the caller's address (unknown alias tokens, failed X-API-Key checks). Check and count are
// one script, so a burst of failures cannot all slip past one check.
import type { Redis } from 'ioredis';

// KEYS: the counter. ARGV: max failures, lock seconds. 0 when counted, else seconds to wait.
const RESERVE = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return math.max(1, redis.call('TTL', KEYS[1])) end
redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[2])
return 0`;

/** Counts one failure under `key`; 0 when it was counted, else the seconds until the lock ends. */
export async function countFailure(redis: Redis, key: string, maxFailures: number, lockSeconds: number): Promise<number> {
  return Number(await redis.eval(RESERVE, 1, key, maxFailures, lockSeconds));
}

/** "3 minutes" for a wait in seconds (at least a minute). */
export const inMinutes = (seconds: number) => {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
};
