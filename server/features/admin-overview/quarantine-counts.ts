// The overview's quarantine figures, counted on Cowbell's index (never a scan of mailcow's table):
// the whole server through (created), a domain admin's domains through (domain, created), so either
// reads only the rows of the last seven days.
import { and, count, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import { scopeDomains, type DomainScope } from '../../lib/authz/domain-scope.ts';
import { QUARANTINE_ACTIONS } from '../quarantine/quarantine.schema.ts';

export type QuarantineAction = (typeof QUARANTINE_ACTIONS)[number];

export interface QuarantineCounts {
  /** Since midnight, by the database's clock (the one that stamps `created`). */
  today: number;
  /** The last seven days (7 × 24 hours). */
  week: number;
  /** The same two figures for each of mailcow's quarantine actions. */
  byAction: { action: QuarantineAction; today: number; week: number }[];
}

/** Per action, this week's and today's items in `domains` (null: every domain). */
export const countsQuery = (db: Db, domains: string[] | null) => db.select({
  action: items.action,
  week: count(),
  today: sql<string | null>`SUM(${items.created} >= CURDATE())`,
}).from(items)
  .where(and(domains ? inArray(items.domain, domains) : undefined, gte(items.created, sql`NOW() - INTERVAL 7 DAY`)))
  .groupBy(items.action);

export async function quarantineCounts(db: Db, scope: DomainScope): Promise<QuarantineCounts> {
  const domains = scope.all ? null : scopeDomains(scope);
  const rows = domains?.length === 0 ? [] : await countsQuery(db, domains);
  const found = rows.map((r) => ({ action: r.action, week: Number(r.week), today: Number(r.today ?? 0) }));
  return {
    today: found.reduce((n, r) => n + r.today, 0),
    week: found.reduce((n, r) => n + r.week, 0),
    byAction: QUARANTINE_ACTIONS.map((action) => {
      const r = found.find((f) => f.action === action);
      return { action, today: r?.today ?? 0, week: r?.week ?? 0 };
    }),
  };
}
