import { Redis } from 'ioredis';
import { createDb, type Db } from '../db/client.ts';
import type { Env } from './env.ts';
import { createPasswordHasher, type PasswordHasher } from './lib/passwords/passwords.ts';

/** Everything a service may use, passed in explicitly (no module singletons). */
export interface Deps {
  env: Env;
  db: Db;
  redis: Redis;
  hasher: PasswordHasher;
  /** Milliseconds since the epoch; tests replace it to move time. */
  now: () => number;
}

export interface OwnedDeps extends Deps {
  close(): Promise<void>;
}

export function createDeps(env: Env, overrides: Partial<Pick<Deps, 'now'>> = {}): OwnedDeps {
  const { db, pool } = createDb(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: false });
  const hasher = createPasswordHasher(env.HASH_THREADS, env.PASSWORD_HASH_COST);
  return {
    env,
    db,
    redis,
    hasher,
    now: overrides.now ?? Date.now,
    async close() {
      await Promise.allSettled([pool.end(), redis.quit(), hasher.close()]);
    },
  };
}
