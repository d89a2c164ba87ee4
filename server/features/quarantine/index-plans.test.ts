// How MariaDB answers the quarantine's counting queries on an index of some size: the unreviewed
// count reads only a mailbox's unreviewed entries, the overview's day counts only the last week's
// rows, and the indexes added for them never take over a mailbox's id-ordered reads (list pages,
// retention). On a handful of rows the optimizer rightly scans, so the file has its own database
// with 40,000 index rows over 400 days, 20 domains and 400 mailboxes.
import { sql, type SQL } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers.ts';
import { usePrivateDatabase } from '../../test/private-database.ts';
import { countsQuery } from '../admin-overview/quarantine-counts.ts';
import { unreviewedQuery } from './quarantine-reads.ts';

const ctx = useTestApp({ DATABASE_URL: usePrivateDatabase() });
const { db } = ctx.deps;
const ROWS = 40_000;

beforeAll(async () => {
  // Every mailbox: one row in ten unreviewed. One row every ~14 minutes of the last 400 days.
  await db.execute(sql`INSERT INTO cowbell_quarantine_items (id, rcpt, domain, action, created, reviewed)
    SELECT seq, CONCAT('u', seq % 400, '@d', seq % 20, '.test'), CONCAT('d', seq % 20, '.test'),
      ELT(1 + seq % 3, 'reject', 'add header', 'rewrite subject'), NOW() - INTERVAL (${ROWS} - seq) * 864 SECOND, (seq DIV 400) % 10 <> 0
    FROM seq_1_to_40000`);
  await db.execute(sql`ANALYZE TABLE cowbell_quarantine_items`);
});

type Plan = { table_name: string; access_type: string; key?: string; used_key_parts?: string[]; using_index?: boolean; r_rows?: number };

/** The plan of a query (ANALYZE also runs it, adding the rows really read), and whether it sorts. */
async function plan(query: SQL | { getSQL(): SQL }, analyze = false) {
  const statement = 'getSQL' in query ? query.getSQL() : query;
  const [[row]] = await db.execute(sql`${sql.raw(analyze ? 'ANALYZE' : 'EXPLAIN')} FORMAT=JSON ${statement}`) as unknown as [[Record<string, string>]];
  const json = Object.values(row)[0];
  const tables: Plan[] = [];
  JSON.parse(json, (key, value) => { if (key === 'table') tables.push(value); return value; });
  return { table: tables[0], sorts: json.includes('filesort') };
}

describe('the unreviewed count', () => {
  it('reads only the mailbox\'s unreviewed entries, from the (reviewed, rcpt) index alone', async () => {
    const query = unreviewedQuery(db, 'u7@d7.test');
    expect((await query)[0].n).toBe(10);
    const { table } = await plan(query, true);
    expect(table).toMatchObject({ table_name: 'cowbell_quarantine_items', access_type: 'ref', key: 'cowbell_qi_reviewed_rcpt',
      used_key_parts: ['reviewed', 'rcpt'], using_index: true });
    // The mailbox holds 100 entries; 10 are unreviewed, and only those are read.
    expect(table.r_rows).toBe(10);
  });
});

describe('a mailbox\'s id-ordered reads', () => {
  it.each([
    ['a list page', 'DESC LIMIT 31'],
    ['the retention trim', 'DESC LIMIT 1000000 OFFSET 20'],
    ['the deletion follower\'s oldest rows', 'ASC LIMIT 20'],
  ])('stay on (rcpt, id) without a sort: %s', async (_what, order) => {
    const { table, sorts } = await plan(sql`SELECT id FROM cowbell_quarantine_items WHERE rcpt = ${'u7@d7.test'} ORDER BY id ${sql.raw(order)}`);
    expect(table.key).toBe('cowbell_qi_rcpt_id');
    expect(sorts).toBe(false);
  });

  it('a domain\'s list page stays on (domain, id) without a sort', async () => {
    const { table, sorts } = await plan(sql`SELECT id, action, created FROM cowbell_quarantine_items WHERE domain = ${'d7.test'} ORDER BY id DESC LIMIT 31`);
    expect(table.key).toBe('cowbell_qi_domain_id');
    expect(sorts).toBe(false);
  });
});

describe('the overview\'s day counts', () => {
  it.each([
    ['the whole server', null, 'cowbell_qi_created'],
    ['a domain admin\'s domains', ['d3.test', 'd4.test'], 'cowbell_qi_domain_created'],
  ])('read only the last seven days for %s', async (_who, domains, key) => {
    const query = countsQuery(db, domains);
    const rows = await query;
    const week = rows.reduce((n, r) => n + Number(r.week), 0);
    // 7 of 400 days: about 700 rows of 40,000 (70 for two of the twenty domains).
    expect(week).toBeGreaterThan(0);
    expect(week).toBeLessThan(ROWS / 40);
    const { table } = await plan(query, true);
    expect(table).toMatchObject({ access_type: 'range', key });
    expect(table.r_rows).toBeLessThanOrEqual(week);
  });
});
