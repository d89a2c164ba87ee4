// The demo's quarantine: switched on in Redis, and filled through the real ingest path with the mails
// of demo-mails.ts. Idempotent: a mail already in its mailbox's quarantine is not sent again (one
// that was released or deleted comes back on the next `npm start`, once).
import { and, eq, like } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../db/client.ts';
import { quarantine } from '../../db/schema/quarantine.ts';
import { mailcowKeys } from '../lib/redis-keys.ts';
import { deliverDemoMail, type DemoRoute } from './deliver.ts';
import { DEMO_MAILS, demoAddress, demoMessageId, type DemoMail } from './demo-mails.ts';

/**
 * mailcow ships Q_MAX_SIZE and Q_RETENTION_SIZE unset (quarantine off) and lets the admin choose; the
 * demo chooses for them. Q_MAX_AGE and Q_RELEASE_FORMAT are what mailcow's php-fpm sets when unset.
 * Only unset keys are written, so an admin's own choice in a running Redis stays.
 */
export const DEMO_QUARANTINE_SETTINGS = {
  [mailcowKeys.quarantineMaxSize]: '15',
  [mailcowKeys.quarantineRetention]: '20',
  [mailcowKeys.quarantineMaxAge]: '365',
  [mailcowKeys.quarantineReleaseFormat]: 'raw',
} as const;

export async function enableDemoQuarantine(redis: Redis): Promise<void> {
  const multi = redis.multi();
  for (const [key, value] of Object.entries(DEMO_QUARANTINE_SETTINGS)) multi.set(key, value, 'NX');
  await multi.exec();
}

async function inQuarantine(db: Db, mail: DemoMail, domain: string): Promise<boolean> {
  const rows = await db.select({ id: quarantine.id }).from(quarantine)
    .where(and(eq(quarantine.rcpt, demoAddress(mail.to, domain)), like(quarantine.msg, `%${demoMessageId(mail)}%`))).limit(1);
  return rows.length > 0;
}

export interface SeedReport {
  /** What happened to each mail that was sent. */
  sent: { key: string; outcome: string }[];
  /** Keys that were there already. */
  present: string[];
}

/**
 * Sends each demo mail that is not in the quarantine yet, then waits until each one is stored: through
 * the mail stack, rspamd posts to Cowbell on its own time.
 */
export async function seedDemoQuarantine(db: Db, route: DemoRoute, domain: string,
  opts: { mails?: readonly DemoMail[]; timeoutMs?: number } = {}): Promise<SeedReport> {
  const report: SeedReport = { sent: [], present: [] };
  const waiting: DemoMail[] = [];
  for (const mail of opts.mails ?? DEMO_MAILS) {
    if (await inQuarantine(db, mail, domain)) {
      report.present.push(mail.key);
      continue;
    }
    report.sent.push({ key: mail.key, outcome: await deliverDemoMail(route, mail, domain) });
    waiting.push(mail);
  }
  await waitUntilStored(db, waiting, domain, opts.timeoutMs ?? 20_000);
  return report;
}

export async function waitUntilStored(db: Db, mails: DemoMail[], domain: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let missing = mails;
  while (missing.length > 0) {
    const stored = await Promise.all(missing.map((m) => inQuarantine(db, m, domain)));
    missing = missing.filter((_, i) => !stored[i]);
    if (missing.length === 0) return;
    if (Date.now() > until) throw new Error(`not in the quarantine after ${timeoutMs / 1000}s: ${missing.map((m) => m.key).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
