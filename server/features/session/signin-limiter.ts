// Failed sign-ins are counted per account and per client IP in Redis. An attempt reserves its place
// (counts as a failure) atomically before the password is hashed, so a burst of concurrent guesses
// cannot all slip in between a check and a record; a right password gives its place back. Past the
// limit, the key's remaining lifetime is the lock: even the right password is refused until it runs out.
import type { Redis } from 'ioredis';
import { AppError } from '../../lib/errors.ts';
import { rateLimitKey } from '../../lib/networks.ts';
import { keys } from '../../lib/redis-keys.ts';

export interface LimiterConfig {
  maxPerAccount: number;
  maxPerIp: number;
  lockSeconds: number;
}

// KEYS: account, ip. ARGV: max per account, max per ip, lock seconds.
// Returns 0 when reserved, else the seconds until the lock ends.
const RESERVE = `
local a = tonumber(redis.call('GET', KEYS[1]) or '0')
local i = tonumber(redis.call('GET', KEYS[2]) or '0')
if a >= tonumber(ARGV[1]) or i >= tonumber(ARGV[2]) then
  local wait = 1
  if a >= tonumber(ARGV[1]) then wait = math.max(wait, redis.call('TTL', KEYS[1])) end
  if i >= tonumber(ARGV[2]) then wait = math.max(wait, redis.call('TTL', KEYS[2])) end
  return wait
end
redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('INCR', KEYS[2]) redis.call('EXPIRE', KEYS[2], ARGV[3])
return 0`;

// A right password: the account's failures are forgotten, the IP's reservation is returned.
const RELEASE = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 0`;

export function createSigninLimiter(redis: Redis, cfg: LimiterConfig) {
  return {
    /** Counts the attempt now; throws rate_limited while the account or the IP is locked. */
    async reserve(accountKey: string, ip: string): Promise<void> {
      const wait = Number(await redis.eval(RESERVE, 2, keys.signinFailuresAccount(accountKey), keys.signinFailuresIp(rateLimitKey(ip)),
        cfg.maxPerAccount, cfg.maxPerIp, cfg.lockSeconds));
      if (wait > 0) {
        const minutes = Math.ceil(wait / 60);
        throw new AppError('rate_limited', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, [], wait);
      }
    },

    /** The attempt succeeded: it was no failure after all. */
    async release(accountKey: string, ip: string): Promise<void> {
      await redis.eval(RELEASE, 2, keys.signinFailuresAccount(accountKey), keys.signinFailuresIp(rateLimitKey(ip)));
    },
  };
}

export type SigninLimiter = ReturnType<typeof createSigninLimiter>;
