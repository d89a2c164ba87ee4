// The aliases and alias domains an admin sees: one query per page, keyset-paged, inside the
// authorisation layer's domain scope (an admin everything, a domain admin its domains and their
// alias domains). Mailboxes' self rows (address = goto) are no aliases here, as in mailcow's lists.
import type { z } from 'zod';
import { and, asc, desc, eq, gt, inArray, like, lt, ne, or, type SQL } from 'drizzle-orm';
import type { MySqlColumn } from 'drizzle-orm/mysql-core';
import type { Db } from '../../../db/client.ts';
import { alias, aliasDomain } from '../../../db/schema/mail.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { domainScope, scopeDomains } from '../../lib/authz/domain-scope.ts';
import { AppError } from '../../lib/errors.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { likeContaining } from '../../lib/sql-like.ts';
import { parseInput } from '../../lib/validate.ts';
import { aliasView } from '../../mailcow/alias.service.ts';
import { aliasDomainView } from '../../mailcow/alias-domain.service.ts';
import { aliasDomainListQuery, aliasListQuery, type AliasDomainPage, type AliasListQuery, type AliasPage } from './admin-aliases.schema.ts';

type Row = typeof alias.$inferSelect;
type Key = string | number;

/**
 * Each order follows an index mailcow's table has: the unique address, or the domain key (whose
 * InnoDB entries carry the id, so ties within a domain go by id, oldest first). A page is then an
 * index range read, never a sort of the whole table.
 */
const ORDERS = {
  address: { columns: [alias.address], key: (r: Row): Key[] => [r.address] },
  domain: { columns: [alias.domain, alias.id], key: (r: Row): Key[] => [r.domain, r.id] },
} as const;

/** The cursor is the last row's sort key, opaque to the client. */
const encodeCursor = (key: Key[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
function decodeCursor(cursor: string, length: number): Key[] | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    return Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'string' || typeof x === 'number') ? v : null;
  } catch {
    return null;
  }
}

/** Rows after `key` in this order: (a, b) > (x, y) spelled out, which the index range can serve. */
function after(columns: readonly MySqlColumn[], key: Key[], dir: 'asc' | 'desc'): SQL | undefined {
  const beyond = dir === 'asc' ? gt : lt;
  const [first, second] = columns;
  return second ? or(beyond(first, key[0]), and(eq(first, key[0]), beyond(second, key[1]))) : beyond(first, key[0]);
}

export async function listAliases(db: Db, actor: Actor, input: AliasListQuery): Promise<AliasPage> {
  await authorize(db, actor, { do: 'directory.read' });
  const query = parseInput(aliasListQuery, input);
  const scope = await domainScope(db, actor);
  if (!scope.all && scope.domains.length === 0) return { items: [], nextCursor: null };
  const order = ORDERS[query.sort];
  const at = query.cursor ? decodeCursor(query.cursor, order.columns.length) : null;
  // A cursor that is not one of this order would restart at page one, and a client following
  // nextCursor would go round for ever: it is a bad request.
  if (query.cursor && !at) {
    throw new AppError('validation_failed', 'Some fields are not valid.', [{ path: 'cursor', message: 'Not a cursor of this list and sort.', code: 'invalid' }]);
  }
  const pattern = query.q ? likeContaining(query.q) : null;
  const rows = await db.select().from(alias).where(and(
    ne(alias.address, alias.goto),
    scope.all ? undefined : inArray(alias.domain, scopeDomains(scope)),
    // Narrows the scope above, never widens it.
    query.domain ? eq(alias.domain, query.domain) : undefined,
    pattern ? or(like(alias.address, pattern), like(alias.goto, pattern)) : undefined,
    at ? after(order.columns, at, query.dir) : undefined,
  )).orderBy(...order.columns.map((c) => (query.dir === 'asc' ? asc(c) : desc(c)))).limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { items: page.map(aliasView), nextCursor: rows.length > query.limit ? encodeCursor(order.key(page[page.length - 1])) : null };
}

export async function listAliasDomains(db: Db, actor: Actor, input: z.input<typeof aliasDomainListQuery>): Promise<AliasDomainPage> {
  await authorize(db, actor, { do: 'directory.read' });
  const query = parseInput(aliasDomainListQuery, input);
  const scope = await domainScope(db, actor);
  if (!scope.all && scope.domains.length === 0) return { items: [], nextCursor: null };
  const pattern = query.q ? likeContaining(query.q) : null;
  const rows = await db.select().from(aliasDomain).where(and(
    scope.all ? undefined : inArray(aliasDomain.targetDomain, scope.domains),
    pattern ? or(like(aliasDomain.aliasDomain, pattern), like(aliasDomain.targetDomain, pattern)) : undefined,
    query.cursor ? gt(aliasDomain.aliasDomain, query.cursor) : undefined,
  )).orderBy(asc(aliasDomain.aliasDomain)).limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map(aliasDomainView);
  return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].aliasDomain : null };
}
