import { and, count, desc, eq, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/mysql-core';
import type { Db } from '../../../db/client.ts';
import { cowbellQuarantineItems as items, cowbellQuarantineReads as reads } from '../../../db/schema/cowbell.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { AppError } from '../../lib/errors.ts';
import type { ListQuery, QuarantineList, QuarantineListItem } from './quarantine.schema.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { unreviewedQuery, viewerHasRead, viewerReadJoin } from './quarantine-reads.ts';
import { scopeCondition } from './quarantine-scope.ts';

export const listColumns = {
  id: quarantine.id, subject: quarantine.subject, sender: quarantine.sender, rcpt: quarantine.rcpt,
  score: quarantine.score, action: quarantine.action, created: quarantine.created, symbols: quarantine.symbols,
  reviewed: items.reviewed,
};

type ListRow = { [K in keyof typeof listColumns]: (typeof listColumns)[K]['_']['data'] | null };

export function parseSymbols(json: string | null): { name: string; score: number; options: string[] }[] {
  try {
    const raw: unknown = JSON.parse(json ?? '[]');
    const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : [];
    return list.filter((s): s is Record<string, unknown> => !!s && typeof s === 'object' && typeof s.name === 'string')
      .map((s) => ({ name: String(s.name), score: Number(s.score ?? 0) || 0,
        options: Array.isArray(s.options) ? s.options.map(String).slice(0, 20) : [] }));
  } catch {
    return [];
  }
}

export function toListItem(r: ListRow): QuarantineListItem {
  const symbols = parseSymbols(r.symbols);
  return {
    id: r.id!, subject: r.subject ?? '', sender: r.sender ?? '', rcpt: r.rcpt ?? '',
    score: r.score, action: (r.action ?? '').trim(), created: r.created ?? '',
    reasons: symbols.filter((s) => s.score > 0).sort((a, b) => b.score - a.score).slice(0, 3).map((s) => s.name),
    virus: (r.symbols ?? '').includes('VIRUS_FOUND'),
    reviewed: Number(r.reviewed) === 1,
  };
}

/** The index once more, for counting inside a statement that already reads it. */
const counted = alias(items, 'counted');

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Newest first, keyset-paged over Cowbell's index: one query, whatever the size of the table. */
export async function listQuarantine(db: Db, actor: Actor, query: ListQuery): Promise<QuarantineList> {
  await authorize(db, actor, { do: 'quarantine.read' });
  const conditions: (SQL | undefined)[] = [await scopeCondition(db, actor)];
  if (query.cursor) conditions.push(lt(items.id, query.cursor));
  if (query.action) conditions.push(eq(items.action, query.action));
  // Filters narrow the scope above, never widen it: outside it they find nothing.
  if (query.domain) conditions.push(eq(items.domain, query.domain));
  if (query.mailbox) conditions.push(eq(items.rcpt, query.mailbox));
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    conditions.push(or(like(quarantine.sender, pattern), like(quarantine.subject, pattern)));
  }
  // A user's unreviewed count rides along as an uncorrelated subquery (evaluated once, from the
  // (reviewed, rcpt) index): page and count in one statement. Only an empty page asks for it on its own.
  // The viewer's reads come in by join, so a page stays one query whoever looks.
  const unreviewedCount = (username: string) => db.select({ n: count() }).from(counted)
    .where(and(eq(counted.rcpt, username), eq(counted.reviewed, 0)));
  const unreviewedColumn = actor.role === 'user' ? sql`(${unreviewedCount(actor.username)})`.mapWith(Number) : sql<null>`NULL`;
  const rows = await db.select({ ...listColumns, reviewed: viewerHasRead(actor), unreviewed: unreviewedColumn }).from(items)
    .innerJoin(quarantine, eq(quarantine.id, items.id)).leftJoin(reads, viewerReadJoin(actor))
    .where(and(...conditions)).orderBy(desc(items.id)).limit(query.limit + 1);
  const page = rows.slice(0, query.limit).map(toListItem);
  const unreviewed = actor.role !== 'user' ? null
    : rows.length > 0 ? rows[0].unreviewed : (await unreviewedQuery(db, actor.username))[0].n;
  return { items: page, nextCursor: rows.length > query.limit ? page[page.length - 1].id : null, unreviewed };
}

/** One item the viewer may see, or not_found (whether it exists elsewhere is not revealed). */
export async function findVisibleItem(db: Db, actor: Actor, id: number) {
  const [row] = await db.select({ ...listColumns, msg: quarantine.msg, fuzzyHashes: quarantine.fuzzyHashes })
    .from(items).innerJoin(quarantine, eq(quarantine.id, items.id))
    .where(and(eq(items.id, id), await scopeCondition(db, actor))).limit(1);
  if (!row) throw new AppError('not_found', 'This item is not in your quarantine (any more).');
  return row;
}
