// The command palette's search: domains, mailboxes and aliases in the actor's scope whose name
// starts with or contains the text. Prefix matches come first and ride the primary/unique keys
// (username, alias.address); the containing match only fills what the prefix left free.
import { and, asc, eq, inArray, like, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { alias, domain, mailbox } from '../../../db/schema/mail.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { domainScope, scopeDomains } from '../../lib/authz/domain-scope.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { likeContaining, likeStartingWith } from '../../lib/sql-like.ts';
import type { SearchHit } from './directory.schema.ts';

/** Prefix hits, then containing hits not already found, up to `limit`. */
async function prefixThenContaining<T extends { id: string }>(limit: number, find: (pattern: string, prefix: boolean, exclude: string[], n: number) => Promise<T[]>, q: string) {
  const first = await find(likeStartingWith(q), true, [], limit);
  if (first.length >= limit) return first;
  const more = await find(likeContaining(q), false, first.map((h) => h.id), limit - first.length);
  return [...first, ...more];
}

export async function searchDirectory(db: Db, actor: Actor, input: { q: string; limit: number }): Promise<SearchHit[]> {
  await authorize(db, actor, { do: 'directory.read' });
  const scope = await domainScope(db, actor);
  if (!scope.all && scope.domains.length === 0) return [];
  const within = (column: typeof mailbox.domain | typeof alias.domain | typeof domain.domain, names: string[]): SQL | undefined =>
    (scope.all ? undefined : inArray(column, names));
  const primary = scope.all ? [] : scope.domains;
  const all = scope.all ? [] : scopeDomains(scope);
  const notIn = (column: typeof domain.domain | typeof mailbox.username | typeof alias.address, ids: string[]) => (ids.length ? notInArray(column, ids) : undefined);
  const { q, limit } = input;

  const domains = await prefixThenContaining(limit, async (pattern, _prefix, exclude, n) => (await db.select({ id: domain.domain }).from(domain)
    .where(and(like(domain.domain, pattern), within(domain.domain, primary), notIn(domain.domain, exclude))).orderBy(asc(domain.domain)).limit(n))
    .map((r) => ({ id: r.id.toLowerCase(), label: r.id.toLowerCase() })), q);
  const mailboxes = await prefixThenContaining(limit, async (pattern, prefix, exclude, n) => (await db.select({ id: mailbox.username, name: mailbox.name }).from(mailbox, { ignoreIndex: 'kind' })
    // A prefix on the address alone is a primary-key range; names are matched by the containing pass.
    .where(and(eq(mailbox.kind, ''), prefix ? like(mailbox.username, pattern) : or(like(mailbox.username, pattern), like(mailbox.name, pattern)), within(mailbox.domain, primary), notIn(mailbox.username, exclude)))
    .orderBy(asc(mailbox.username)).limit(n))
    .map((r) => ({ id: r.id, label: r.name ? `${r.name} <${r.id}>` : r.id })), q);
  // Aliases by address prefix only: the unique key on alias.address makes it a range read.
  const aliases = (await db.select({ id: alias.address }).from(alias)
    .where(and(like(alias.address, likeStartingWith(q)), within(alias.domain, all),
      notInArray(alias.address, db.select({ u: mailbox.username }).from(mailbox)), sql`${alias.address} NOT LIKE '@%'`))
    .orderBy(asc(alias.address)).limit(limit))
    .map((r) => ({ id: r.id, label: r.id }));
  return [
    ...domains.map((h) => ({ kind: 'domain' as const, ...h })),
    ...mailboxes.map((h) => ({ kind: 'mailbox' as const, ...h })),
    ...aliases.map((h) => ({ kind: 'alias' as const, ...h })),
  ];
}
