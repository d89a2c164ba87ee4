// Demo data for `npm start` (standalone mode only): one domain, a few mailboxes, an admin and a
// domain admin, and the quarantine switched on in Redis. Idempotent: a second run changes nothing.
// The quarantined demo mails come later, through the running server (server/demo/).
import { eq } from 'drizzle-orm';
import { pathToFileURL } from 'node:url';
import type { Db } from './client.ts';
import { saslLog } from './schema/audit.ts';
import { domain, quota2 } from './schema/mail.ts';
import { insertAdmin, insertDomain, insertDomainAdmin, insertMailbox } from '../server/lib/mailcow/provision.ts';

export const DEMO_DOMAIN = 'cowbell-demo.test';
export const DEMO_LOGINS = [
  { role: 'user', username: `alice@${DEMO_DOMAIN}`, password: 'alice-demo-pw' },
  { role: 'user', username: `bob@${DEMO_DOMAIN}`, password: 'bob-demo-pw' },
  { role: 'domain admin', username: 'demo-domainadmin', password: 'domainadmin-demo-pw' },
  { role: 'admin', username: 'demo-admin', password: 'admin-demo-pw' },
] as const;

export async function seedDemo(db: Db, hash: (password: string) => Promise<string>): Promise<boolean> {
  const [existing] = await db.select().from(domain).where(eq(domain.domain, DEMO_DOMAIN));
  if (existing) return false;
  const [alice, bob, da, admin] = await Promise.all(DEMO_LOGINS.map((l) => hash(l.password)));
  await insertDomain(db, DEMO_DOMAIN, { description: 'Cowbell demo' });
  const aliceUser = await insertMailbox(db, { localPart: 'alice', domain: DEMO_DOMAIN, passwordHash: alice, name: 'Alice Example' });
  await insertMailbox(db, { localPart: 'bob', domain: DEMO_DOMAIN, passwordHash: bob, name: 'Bob Example' });
  // carol shows mailcow's "disallow login" state: mail arrives, sign-in is refused.
  await insertMailbox(db, { localPart: 'carol', domain: DEMO_DOMAIN, passwordHash: bob, name: 'Carol Example', active: 2 });
  await db.update(quota2).set({ bytes: 1_288_490_189, messages: 4_211 }).where(eq(quota2.username, aliceUser));
  await db.insert(saslLog).values([
    { service: 'imap', appPassword: 0, username: aliceUser, realRip: '198.51.100.23' },
    { service: 'smtp', appPassword: 0, username: aliceUser, realRip: '198.51.100.23' },
  ]);
  await insertDomainAdmin(db, DEMO_LOGINS[2].username, da, [DEMO_DOMAIN]);
  await insertAdmin(db, DEMO_LOGINS[3].username, admin);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { loadEnv } = await import('../server/env.ts');
  const { createDb } = await import('./client.ts');
  const { createPasswordHasher } = await import('../server/lib/passwords/passwords.ts');
  const { Redis } = await import('ioredis');
  const { enableDemoQuarantine } = await import('../server/demo/demo-quarantine.ts');
  const env = loadEnv();
  if (env.COWBELL_DB_MODE === 'attach') {
    console.error('Refusing to seed demo data into a mailcow database (COWBELL_DB_MODE=attach).');
    process.exit(1);
  }
  const { db, pool } = createDb(env.DATABASE_URL, 2);
  const hasher = createPasswordHasher(2, env.PASSWORD_HASH_COST);
  const redis = new Redis(env.REDIS_URL);
  try {
    const created = await seedDemo(db, (p) => hasher.hash(p));
    await enableDemoQuarantine(redis);
    console.log(created ? 'demo data seeded' : 'demo data already present');
    for (const l of DEMO_LOGINS) console.log(`  ${l.role.padEnd(12)} ${l.username} / ${l.password}`);
  } finally {
    await Promise.all([pool.end(), hasher.close(), redis.quit()]);
  }
}
