// A mailbox user's quarantine page: the busiest read Cowbell serves. Drizzle builds its statement once
// per combination of filters (building cost more than running it), and the statement then runs
// straight on the pool: drizzle's per-row mapping made about half of each request's garbage, which at
// hundreds of pages a second kept the old generation filling and the server pausing for it.
import { and, count, desc, eq, Placeholder, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/mysql-core';
import type { Pool } from 'mysql2/promise';
import type { Db } from '../../../db/client.ts';
import { cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { FILTER_NAMES, filterConditions, type Filters, listColumns, type ListRow } from './list-query.ts';
import { ownItems } from './quarantine-scope.ts';

/** The index once more, for counting inside a statement that already reads it. */
const counted = alias(items, 'counted');

type UserListRow = ListRow & { unreviewed: number };

/**
 * The user's own rows (the recipient's reviewed flag is their read state, so no join of others'
 * reads) with their unreviewed count riding along as an uncorrelated subquery, evaluated once from the
 * (reviewed, rcpt) index: page and count in one statement.
 */
function statement(db: Db, used: readonly (typeof FILTER_NAMES)[number][]) {
  const ph = sql.placeholder;
  const rcpt = ph('rcpt');
  const filters: Filters = { limit: ph('limit'), ...Object.fromEntries(used.map((k) => [k, ph(k)])) };
  const unreviewed = db.select({ n: count() }).from(counted).where(and(eq(counted.rcpt, rcpt), eq(counted.reviewed, 0)));
  const columns = { ...listColumns, unreviewed: sql<number>`(${unreviewed})` };
  const { sql: text, params } = db.select(columns).from(items)
    .innerJoin(quarantine, eq(quarantine.id, items.id)).where(and(ownItems(rcpt), ...filterConditions(filters)))
    .orderBy(desc(items.id)).limit(filters.limit).toSQL();
  // A parameter is a placeholder above, filled in by name on each run, or a constant of the statement.
  const fill = params.map((p): ((values: Record<string, unknown>) => unknown) =>
    (p instanceof Placeholder ? (values) => values[p.name as string] : () => p));
  return { text, fill, keys: Object.keys(columns) as (keyof UserListRow)[] };
}

type Built = ReturnType<typeof statement>;
/** The mysql2 pool under drizzle (createDb's), to run a statement without drizzle's row mapping. */
const poolOf = (db: Db) => (db as Db & { $client: Pool }).$client;
// The text depends on the filters used only (one dialect, one schema): at most 32 entries.
const built = new Map<string, Built>();

export async function runUserList(db: Db, rcpt: string, f: Filters): Promise<UserListRow[]> {
  const used = FILTER_NAMES.filter((k) => f[k] !== undefined);
  const key = used.join('/');
  let s = built.get(key);
  if (!s) built.set(key, s = statement(db, used));
  const values: Record<string, unknown> = { ...f, rcpt };
  const [rows] = await poolOf(db).query({ sql: s.text, rowsAsArray: true }, s.fill.map((f) => f(values))) as unknown as [unknown[][]];
  return rows.map((row) => {
    const out = {} as Record<string, unknown>;
    for (let i = 0; i < s.keys.length; i++) out[s.keys[i]] = row[i];
    out.unreviewed = Number(out.unreviewed);
    return out as UserListRow;
  });
}
