// Fills the bench database with a million quarantine rows (10,000 mailboxes) in a few set-based
// statements, and indexes them the way Cowbell's sync would. Kept between runs.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

export const BENCH_ROWS = Number(process.env.BENCH_QUARANTINE_ROWS ?? 1_000_000);

export async function seedMillion(db: Db, domain: string): Promise<number> {
  const [[{ n }]] = await db.execute(sql`SELECT COUNT(*) AS n FROM quarantine`) as unknown as [[{ n: number }]];
  if (Number(n) >= BENCH_ROWS) return Number(n);
  // A numbers table from a 10 x 10 … cross join: one INSERT … SELECT instead of a million round trips.
  await db.execute(sql`CREATE TEMPORARY TABLE IF NOT EXISTS bench_digits (d INT)`);
  await db.execute(sql`DELETE FROM bench_digits`);
  await db.execute(sql`INSERT INTO bench_digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)`);
  const toAdd = BENCH_ROWS - Number(n);
  for (let done = 0; done < toAdd; done += 100_000) {
    const batch = Math.min(100_000, toAdd - done);
    await db.execute(sql`INSERT INTO quarantine (qid, subject, score, ip, action, symbols, sender, rcpt, msg, qhash)
      SELECT CONCAT('B', seq), CONCAT('Bench subject ', seq), 20, '203.0.113.9', IF(seq % 3 = 0, 'add header', 'reject'),
        '[{"name":"BENCH","score":20}]', CONCAT('sender', seq % 977, '@spam.example'), CONCAT('user', seq % 10000, '@', ${domain}),
        'Subject: bench\r\n\r\nbody', SHA2(seq, 256)
      FROM (SELECT a.d + b.d * 10 + c.d * 100 + e.d * 1000 + f.d * 10000 + ${done + Number(n)} AS seq
            FROM bench_digits a, bench_digits b, bench_digits c, bench_digits e, bench_digits f) s
      WHERE seq < ${done + Number(n) + batch}`);
  }
  await db.execute(sql`INSERT IGNORE INTO cowbell_quarantine_items (id, rcpt, domain, action, created, reviewed, pushed_at)
    SELECT id, rcpt, SUBSTRING_INDEX(rcpt, '@', -1), action, created, 0, created FROM quarantine`);
  return BENCH_ROWS;
}
