import { and, count, eq, inArray, ne, sql } from 'drizzle-orm';
import { domainAdmins } from '../../../db/schema/access.ts';
import { alias, aliasDomain, domain, mailbox } from '../../../db/schema/mail.ts';
import type { Deps } from '../../deps.ts';
import type { Role } from '../../lib/roles.ts';

export interface OverviewView {
  domains: number;
  mailboxes: number;
  aliases: number;
}

/** The domains a domain admin may see: the active assignments that exist as domains. */
function managedDomains(deps: Deps, username: string) {
  return deps.db.select({ domain: domain.domain }).from(domainAdmins)
    .innerJoin(domain, eq(domain.domain, domainAdmins.domain))
    .where(and(eq(domainAdmins.username, username), eq(domainAdmins.active, 1)));
}

export async function getOverview(deps: Deps, username: string, role: Role): Promise<OverviewView> {
  const { db } = deps;
  // "Real" aliases exclude each mailbox's own address = goto row, as everywhere in mailcow.
  const realAlias = ne(alias.address, alias.goto);
  if (role === 'admin') {
    const [[d], [m], [a]] = await Promise.all([
      db.select({ n: count() }).from(domain),
      db.select({ n: count() }).from(mailbox).where(eq(mailbox.kind, '')),
      db.select({ n: count() }).from(alias).where(realAlias),
    ]);
    return { domains: d.n, mailboxes: m.n, aliases: a.n };
  }
  const domains = (await managedDomains(deps, username)).map((r) => r.domain);
  if (domains.length === 0) return { domains: 0, mailboxes: 0, aliases: 0 };
  // Aliases may live on the alias domains of a managed domain.
  const aliasDomains = db.select({ d: aliasDomain.aliasDomain }).from(aliasDomain)
    .where(inArray(aliasDomain.targetDomain, domains));
  const [[m], [a]] = await Promise.all([
    db.select({ n: count() }).from(mailbox).where(and(eq(mailbox.kind, ''), inArray(mailbox.domain, domains))),
    db.select({ n: count() }).from(alias)
      .where(and(realAlias, sql`(${inArray(alias.domain, domains)} OR ${alias.domain} IN ${aliasDomains})`)),
  ]);
  return { domains: domains.length, mailboxes: m.n, aliases: a.n };
}
