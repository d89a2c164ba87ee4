// Password-manager tokens in Redis. Unknown tokens count against the caller's IP (atomically: a burst
// of guesses cannot all slip past one check); known ones never do. Each real token may make
// ALIAS_TOKEN_MAX_PER_MINUTE requests a minute.
import type { Redis } from 'ioredis';
import { AppError } from '../../lib/errors.ts';
import { countFailure, inMinutes } from '../../lib/failure-limit.ts';
import { rateLimitKey } from '../../lib/networks.ts';
import { keys } from '../../lib/redis-keys.ts';

export interface TokenLimitsConfig {
  maxFailuresPerIp: number;
  lockSeconds: number;
  maxPerMinute: number;
}

// A fixed minute per token, opened by its first use. Returns {uses so far, seconds to wait or 0}.
const USE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], 60) end
if n > tonumber(ARGV[1]) then return {n, math.max(1, redis.call('TTL', KEYS[1]))} end
return {n, 0}`;

export function createTokenLimits(redis: Redis, cfg: TokenLimitsConfig) {
  return {
    /** Counts an unknown token against the IP; throws rate_limited while the IP is locked. */
    async reserve(ip: string): Promise<void> {
      const wait = await countFailure(redis, keys.aliasTokenFailuresIp(rateLimitKey(ip)), cfg.maxFailuresPerIp, cfg.lockSeconds);
      if (wait > 0) throw new AppError('rate_limited', `Too many unknown tokens from your address. Try again in ${inMinutes(wait)}.`, [], wait);
    },

    /** Counts one request of a token; true for the first of its minute. Throws rate_limited past the limit. */
    async use(tokenId: number): Promise<boolean> {
      const [uses, wait] = (await redis.eval(USE, 1, keys.aliasTokenUses(tokenId), cfg.maxPerMinute)) as [number, number];
      if (wait > 0) throw new AppError('rate_limited', `This token made ${cfg.maxPerMinute} requests in a minute. Try again in ${wait} second${wait === 1 ? '' : 's'}.`, [], wait);
      return uses === 1;
    },
  };
}

export type TokenLimits = ReturnType<typeof createTokenLimits>;
