// The database is migrated by `npm test` before Playwright starts; here only Redis counters from
// earlier runs are cleared, so lockouts never leak between runs.
import { Redis } from 'ioredis';

export default async function globalSetup() {
  if (!process.env.REDIS_URL) throw new Error('Run the end-to-end tests through `npm test` (it starts MariaDB and Redis).');
  const redis = new Redis(process.env.REDIS_URL);
  const stale = await redis.keys('cowbell:signin-fail:*');
  if (stale.length > 0) await redis.del(...stale);
  await redis.quit();
}
