// The domains and mailboxes an admin may see, from mailcow's tables and the authorisation layer's
// domain scope: an admin everything, a domain admin their domains (with the alias domains on them).
import { and, asc, count, eq, gt, inArray, like, or } from 'drizzle-orm';
import type { MySqlColumn } from 'drizzle-orm/mysql-core';
import type { Db } from '../../../db/client.ts';
import { aliasDomain, domain, mailbox } from '../../../db/schema/mail.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { domainScope } from '../../lib/authz/domain-scope.ts';
import { authorize } from '../../lib/authz/policy.ts';
import type { DomainView, MailboxPage, MailboxQuery } from './directory.schema.ts';
import { likeContaining } from '../../lib/sql-like.ts';

/** The primary domains in scope, by name (enough for a select: mailcow installs have tens to hundreds). */
export async function listDomains(db: Db, actor: Actor): Promise<{ domains: DomainView[] }> {
  await authorize(db, actor, { do: 'directory.read' });
  const scope = await domainScope(db, actor);
  if (!scope.all && scope.domains.length === 0) return { domains: [] };
  const only = (column: MySqlColumn) => (scope.all ? undefined : inArray(column, scope.domains));
  const [rows, counts, aliases] = await Promise.all([
    db.select({ name: domain.domain, active: domain.active }).from(domain).where(only(domain.domain)).orderBy(asc(domain.domain)),
    db.select({ domain: mailbox.domain, n: count() }).from(mailbox).where(and(eq(mailbox.kind, ''), only(mailbox.domain))).groupBy(mailbox.domain),
    db.select({ alias: aliasDomain.aliasDomain, target: aliasDomain.targetDomain }).from(aliasDomain).where(only(aliasDomain.targetDomain))
      .orderBy(asc(aliasDomain.aliasDomain)),
  ]);
  const key = (d: string) => d.toLowerCase();
  const mailboxes = new Map(counts.map((c) => [key(c.domain), c.n]));
  return {
    domains: rows.map((r) => ({
      name: key(r.name), active: Number(r.active) === 1, mailboxes: mailboxes.get(key(r.name)) ?? 0,
      aliasDomains: aliases.filter((a) => key(a.target) === key(r.name)).map((a) => key(a.alias)),
    })),
  };
}

/** Mailboxes in scope by address, keyset-paged; `q` matches part of the address or the name. */
export async function listMailboxes(db: Db, actor: Actor, query: MailboxQuery): Promise<MailboxPage> {
  await authorize(db, actor, { do: 'directory.read' });
  const scope = await domainScope(db, actor);
  if (!scope.all && scope.domains.length === 0) return { items: [], nextCursor: null };
  const pattern = query.q ? likeContaining(query.q) : null;
  const rows = await db.select({ username: mailbox.username, name: mailbox.name, domain: mailbox.domain, active: mailbox.active })
    .from(mailbox)
    .where(and(
      eq(mailbox.kind, ''),
      scope.all ? undefined : inArray(mailbox.domain, scope.domains),
      // Narrows the scope above, never widens it: a domain outside it finds nothing.
      query.domain ? eq(mailbox.domain, query.domain) : undefined,
      pattern ? or(like(mailbox.username, pattern), like(mailbox.name, pattern)) : undefined,
      query.cursor ? gt(mailbox.username, query.cursor) : undefined,
    ))
    .orderBy(asc(mailbox.username)).limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map((r) => ({ username: r.username, name: r.name ?? '', domain: r.domain.toLowerCase(),
    active: Number(r.active) === 1 }));
  return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].username : null };
}
