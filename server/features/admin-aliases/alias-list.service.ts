// The aliases and alias domains an admin sees: one query per page, keyset-paged, inside the
// authorisation layer's domain scope (an admin everything, a domain admin its domains and their
// alias domains). Mailboxes' self rows (address = goto) are no aliases here, as in mailcow's lists.
import type { z } from 'zod';
import { and, asc, desc, eq, gt, inArray, like, lt, ne, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { alias, aliasDomain } from '../../../db/schema/mail.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { domainScope, scopeDomains } from '../../lib/authz/domain-scope.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { likeContaining } from '../../lib/sql-like.ts';
import { parseInput } from '../../lib/validate.ts';
import { aliasView } from '../../mailcow/alias.service.ts';
import { aliasDomainView } from '../../mailcow/alias-domain.service.ts';
import { aliasDomainListQuery, aliasListQuery, type AliasDomainPage, type AliasListQuery, type AliasPage } from './admin-aliases.schema.ts';

/** The cursor is the last row's sort key and address (unique), so equal keys page on by address. */
const encodeCursor = (key: string, address: string) => Buffer.from(JSON.stringify([key, address])).toString('base64url');
function decodeCursor(cursor: string): [string, string] | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string') ? [v[0], v[1]] : null;
  } catch {
    return null;
  }
}

export async function listAliases(db: Db, actor: Actor, input: AliasListQuery): Promise<AliasPage> {
  await authorize(db, actor, { do: 'directory.read' });
  const query = parseInput(aliasListQuery, input);
  const scope = await domainScope(db, actor);
  if (!scope.all && scope.domains.length === 0) return { items: [], nextCursor: null };
  const key = query.sort === 'domain' ? alias.domain : alias.address;
  const after = query.dir === 'asc' ? gt : lt;
  const order = query.dir === 'asc' ? asc : desc;
  const at = query.cursor ? decodeCursor(query.cursor) : null;
  const pattern = query.q ? likeContaining(query.q) : null;
  const where: (SQL | undefined)[] = [
    ne(alias.address, alias.goto),
    scope.all ? undefined : inArray(alias.domain, scopeDomains(scope)),
    // Narrows the scope above, never widens it.
    query.domain ? eq(alias.domain, query.domain) : undefined,
    pattern ? or(like(alias.address, pattern), like(alias.goto, pattern)) : undefined,
    at ? or(after(key, at[0]), and(eq(key, at[0]), after(alias.address, at[1]))) : undefined,
  ];
  const rows = await db.select().from(alias).where(and(...where))
    .orderBy(...(query.sort === 'domain' ? [order(alias.domain), order(alias.address)] : [order(alias.address)]))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map(aliasView);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit ? encodeCursor(query.sort === 'domain' ? last.domain : last.address, last.address) : null };
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
