import type { Redis } from 'ioredis';
import type { Db } from '../../../db/client.ts';
import { aliasDomain, domain } from '../../../db/schema/mail.ts';
import { mailcowKeys } from '../redis-keys.ts';

/** mailcow's php-fpm rebuilds DOMAIN_MAP at start; standalone Cowbell does the same. */
export async function rebuildDomainMap(db: Db, redis: Redis): Promise<number> {
  const names = [
    ...(await db.select({ d: domain.domain }).from(domain)).map((r) => r.d),
    ...(await db.select({ d: aliasDomain.aliasDomain }).from(aliasDomain)).map((r) => r.d),
  ].map((d) => d.toLowerCase());
  const multi = redis.multi().del(mailcowKeys.domainMap);
  if (names.length > 0) multi.hset(mailcowKeys.domainMap, Object.fromEntries(names.map((n) => [n, '1'])));
  await multi.exec();
  return names.length;
}
