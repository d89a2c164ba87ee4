import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { cowbellQuarantineItems as items, cowbellQuarantineReads as reads } from '../../../db/schema/cowbell.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { AppError } from '../../lib/errors.ts';
import type { ListQuery, QuarantineList, QuarantineListItem } from './quarantine.schema.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { unreviewedQuery, viewerHasRead, viewerReadJoin } from './quarantine-reads.ts';
import { filterConditions, type Filters, listColumns, type ListRow } from './list-query.ts';
import { scopeCondition } from './quarantine-scope.ts';
import { runUserList } from './user-list.ts';
import { likeContaining } from '../../lib/sql-like.ts';

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

/** Newest first, keyset-paged over Cowbell's index: one query, whatever the size of the table. */
export async function listQuarantine(db: Db, actor: Actor, query: ListQuery): Promise<QuarantineList> {
  await authorize(db, actor, { do: 'quarantine.read' });
  const filters: Filters = { cursor: query.cursor || undefined, action: query.action || undefined, domain: query.domain || undefined,
    mailbox: query.mailbox || undefined, pattern: query.q ? likeContaining(query.q) : undefined, limit: query.limit + 1 };
  if (actor.role === 'user') {
    const rows = await runUserList(db, actor.username, filters);
    const page = rows.slice(0, query.limit).map(toListItem);
    // Only an empty page needs the count asked for on its own.
    const unreviewed = rows.length > 0 ? rows[0].unreviewed : (await unreviewedQuery(db, actor.username))[0].n;
    return { items: page, nextCursor: rows.length > query.limit ? page[page.length - 1].id : null, unreviewed };
  }
  // Admins and domain admins: their scope, and their own reads by join, so a page stays one query.
  const rows = await db.select({ ...listColumns, reviewed: viewerHasRead(actor) }).from(items)
    .innerJoin(quarantine, eq(quarantine.id, items.id)).leftJoin(reads, viewerReadJoin(actor))
    .where(and(await scopeCondition(db, actor), ...filterConditions(filters))).orderBy(desc(items.id)).limit(filters.limit);
  const page = rows.slice(0, query.limit).map(toListItem);
  return { items: page, nextCursor: rows.length > query.limit ? page[page.length - 1].id : null, unreviewed: null };
}

/** One item the viewer may see, or not_found (whether it exists elsewhere is not revealed). */
export async function findVisibleItem(db: Db, actor: Actor, id: number) {
  const [row] = await db.select({ ...listColumns, msg: quarantine.msg, fuzzyHashes: quarantine.fuzzyHashes })
    .from(items).innerJoin(quarantine, eq(quarantine.id, items.id))
    .where(and(eq(items.id, id), await scopeCondition(db, actor))).limit(1);
  if (!row) throw new AppError('not_found', 'This item is not in your quarantine (any more).');
  return row;
}
