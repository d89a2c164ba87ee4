// Failed sign-ins are counted per account and per client IP in Redis. Past the limit, the key's
// remaining lifetime is the lock: even the right password is refused until it runs out.
import type { Redis } from 'ioredis';
import { AppError } from '../../lib/errors.ts';
import { keys } from '../../lib/redis-keys.ts';

export interface LimiterConfig {
  maxPerAccount: number;
  maxPerIp: number;
  lockSeconds: number;
}

export function createSigninLimiter(redis: Redis, cfg: LimiterConfig) {
  async function lockedFor(key: string, max: number): Promise<number> {
    const [count, ttl] = await redis.multi().get(key).ttl(key).exec().then((r) => r!.map(([, v]) => v));
    return Number(count ?? 0) >= max ? Math.max(1, Number(ttl)) : 0;
  }

  return {
    async assertAllowed(username: string, ip: string): Promise<void> {
      const [account, byIp] = await Promise.all([
        lockedFor(keys.signinFailuresAccount(username), cfg.maxPerAccount),
        lockedFor(keys.signinFailuresIp(ip), cfg.maxPerIp),
      ]);
      const wait = Math.max(account, byIp);
      if (wait > 0) {
        const minutes = Math.ceil(wait / 60);
        throw new AppError('rate_limited', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, [], wait);
      }
    },

    async recordFailure(username: string, ip: string): Promise<void> {
      const multi = redis.multi();
      for (const key of [keys.signinFailuresAccount(username), keys.signinFailuresIp(ip)]) {
        multi.incr(key).expire(key, cfg.lockSeconds);
      }
      await multi.exec();
    },

    async recordSuccess(username: string): Promise<void> {
      await redis.del(keys.signinFailuresAccount(username));
    },
  };
}

export type SigninLimiter = ReturnType<typeof createSigninLimiter>;
