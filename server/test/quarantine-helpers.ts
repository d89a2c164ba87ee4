import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { quarantine } from '../../db/schema/quarantine.ts';
import { ingestMessage } from '../features/quarantine/ingest.service.ts';
import { uid, type TestContext } from './helpers.ts';

export const fixture = (name: string) => readFileSync(new URL(`./fixtures/mail/${name}`, import.meta.url));

/** Turns quarantine on (mailcow's Q_* keys) in the test's own Redis database. */
export async function enableQuarantine(ctx: TestContext, retention = 100) {
  await ctx.deps.redis.mset({ Q_MAX_SIZE: '2', Q_RETENTION_SIZE: String(retention) });
}

export async function quarantineItem(ctx: TestContext, rcpt: string, opts: { file?: string; subject?: string; action?: string; sender?: string; score?: number } = {}) {
  const { stored } = await ingestMessage(ctx.deps, {
    qid: `Q${uid()}`.toUpperCase(), subject: opts.subject ?? 'Cheap meds', score: opts.score ?? 20, rcpt: [rcpt],
    from: opts.sender ?? 'spammer@example.net', action: opts.action ?? 'reject', ip: '203.0.113.5', user: 'unknown',
    symbols: [{ name: 'BAYES_SPAM', score: 5.1 }, { name: 'MAILSTACK_TEST_SPAM', score: 50 }, { name: 'R_DKIM_NA', score: 0 }],
  }, fixture(opts.file ?? 'ham.eml'));
  return stored[0];
}

/** A row as mailcow's own pipe.php writes it: straight into its table, Cowbell not told. */
export async function mailcowQuarantines(db: Db, rcpt: string, subject = 'Stored by pipe.php'): Promise<number> {
  const [res] = await db.insert(quarantine).values({ qid: `M${uid()}`.toUpperCase(), subject, score: 15, rcpt,
    sender: 'spammer@example.net', action: 'reject', symbols: '[]', msg: 'Subject: hi\r\n\r\nbody' });
  await db.update(quarantine).set({ qhash: sql`SHA2(CONCAT(${quarantine.id}, ${quarantine.qid}), 256)` }).where(eq(quarantine.id, res.insertId));
  return res.insertId;
}
