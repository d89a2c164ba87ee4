// The domains an admin may see with mailcow's statistics (its domain_details), in the authorisation
// layer's domain scope: an admin everything, a domain admin their domains (with the alias domains on
// them). One grouped query per statistic for all domains at once, never one per domain.
import { and, asc, count, eq, inArray, notInArray, sum } from 'drizzle-orm';
import type { MySqlColumn } from 'drizzle-orm/mysql-core';
import type { Db } from '../../../db/client.ts';
import { alias, aliasDomain, domain, mailbox, quota2 } from '../../../db/schema/mail.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { domainScope, scopeDomains } from '../../lib/authz/domain-scope.ts';
import { authorize } from '../../lib/authz/policy.ts';
import type { DomainName, DomainView, LimitExhausted } from './directory.schema.ts';

const MIB = 1048576;
const key = (d: string) => d.toLowerCase();

/**
 * mailcow refuses a new mailbox when none is left (mboxes_left), a new alias when none is left
 * (aliases_left), and a quota when the domain's is all given out: its add-mailbox form then says
 * "Domain quota exceeded" (max_new_mailbox_quota = 0).
 */
export function limitsExhausted(d: Pick<DomainView, 'mailboxes' | 'maxMailboxes' | 'aliases' | 'maxAliases' | 'quota' | 'quotaAllocated'>): LimitExhausted[] {
  const out: LimitExhausted[] = [];
  if (d.mailboxes >= d.maxMailboxes) out.push('mailboxes');
  if (d.aliases >= d.maxAliases) out.push('aliases');
  if (d.quotaAllocated >= d.quota) out.push('quota');
  return out;
}

async function aliasDomainsIn(db: Db, only: (column: MySqlColumn) => ReturnType<typeof inArray> | undefined) {
  return db.select({ alias: aliasDomain.aliasDomain, target: aliasDomain.targetDomain }).from(aliasDomain).where(only(aliasDomain.targetDomain))
    .orderBy(asc(aliasDomain.aliasDomain));
}

/** The primary domains in scope with the alias domains on them, for pickers: no statistics. */
export async function listDomainNames(db: Db, actor: Actor): Promise<{ domains: DomainName[] }> {
  await authorize(db, actor, { do: 'directory.read' });
  const scope = await domainScope(db, actor);
  if (!scope.all && scope.domains.length === 0) return { domains: [] };
  const only = (column: MySqlColumn) => (scope.all ? undefined : inArray(column, scope.domains));
  const [rows, aliasDomains] = await Promise.all([
    db.select({ name: domain.domain, active: domain.active }).from(domain).where(only(domain.domain)).orderBy(asc(domain.domain)),
    aliasDomainsIn(db, only),
  ]);
  return {
    domains: rows.map((r) => ({
      name: key(r.name), active: Number(r.active) === 1,
      aliasDomains: aliasDomains.filter((a) => key(a.target) === key(r.name)).map((a) => key(a.alias)),
    })),
  };
}

/** The primary domains in scope, by name (mailcow installs have tens to hundreds: no paging). */
export async function listDomains(db: Db, actor: Actor): Promise<{ domains: DomainView[] }> {
  await authorize(db, actor, { do: 'directory.read' });
  const scope = await domainScope(db, actor);
  if (!scope.all && scope.domains.length === 0) return { domains: [] };
  const only = (column: MySqlColumn, names = scope.all ? [] : scope.domains) => (scope.all ? undefined : inArray(column, names));
  const [rows, boxes, usage, aliases, aliasDomains] = await Promise.all([
    db.select().from(domain).where(only(domain.domain)).orderBy(asc(domain.domain)),
    db.select({ domain: mailbox.domain, n: count(), quota: sum(mailbox.quota) }).from(mailbox)
      .where(and(eq(mailbox.kind, ''), only(mailbox.domain))).groupBy(mailbox.domain),
    // mailcow sums quota2 over every mailbox of the domain, resources included.
    db.select({ domain: mailbox.domain, bytes: sum(quota2.bytes), messages: sum(quota2.messages) }).from(mailbox)
      .innerJoin(quota2, eq(quota2.username, mailbox.username)).where(only(mailbox.domain)).groupBy(mailbox.domain),
    // An alias domain's aliases count towards its target's limit; a mailbox's own row is no alias.
    db.select({ domain: alias.domain, n: count() }).from(alias)
      .where(and(only(alias.domain, scope.all ? [] : scopeDomains(scope)), notInArray(alias.address, db.select({ u: mailbox.username }).from(mailbox))))
      .groupBy(alias.domain),
    aliasDomainsIn(db, (column) => only(column)),
  ]);
  const boxesOf = new Map(boxes.map((b) => [key(b.domain), b]));
  const usageOf = new Map(usage.map((u) => [key(u.domain), u]));
  const aliasesOf = new Map(aliases.map((a) => [key(a.domain), a.n]));
  return {
    domains: rows.map((r) => {
      const name = key(r.domain);
      const own = aliasDomains.filter((a) => key(a.target) === name).map((a) => key(a.alias));
      const stats = {
        mailboxes: boxesOf.get(name)?.n ?? 0, maxMailboxes: r.mailboxes,
        aliases: [name, ...own].reduce((n, d) => n + (aliasesOf.get(d) ?? 0), 0), maxAliases: r.aliases,
        quotaAllocated: Number(boxesOf.get(name)?.quota ?? 0), quota: r.quota * MIB,
      };
      return {
        name, description: r.description ?? '', active: Number(r.active) === 1, aliasDomains: own, ...stats,
        maxQuota: r.maxquota * MIB, defQuota: r.defquota * MIB,
        bytes: Number(usageOf.get(name)?.bytes ?? 0), messages: Number(usageOf.get(name)?.messages ?? 0),
        limitsExhausted: limitsExhausted(stats),
      };
    }),
  };
}
