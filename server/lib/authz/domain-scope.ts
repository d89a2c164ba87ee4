// Which domains an actor administers: mailcow's hasDomainAccess(). Admins all; domain admins the
// active domain_admins assignments that exist as domains, plus the alias domains pointing at them;
// users none (they reach only their own mailbox). The one implementation every feature uses.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { domainAdmins } from '../../../db/schema/access.ts';
import { aliasDomain, domain } from '../../../db/schema/mail.ts';
import type { Actor } from './actor.ts';

export type DomainScope =
  | { all: true }
  | { all: false; domains: string[]; aliasDomains: string[] };

const NONE: DomainScope = { all: false, domains: [], aliasDomains: [] };

export async function domainScope(db: Db, actor: Actor): Promise<DomainScope> {
  if (actor.role === 'admin') return { all: true };
  if (actor.role !== 'domain_admin') return NONE;
  const domains = (await db.select({ d: domain.domain }).from(domainAdmins)
    .innerJoin(domain, eq(domain.domain, domainAdmins.domain))
    .where(and(eq(domainAdmins.username, actor.username), eq(domainAdmins.active, 1))))
    .map((r) => r.d.toLowerCase());
  if (domains.length === 0) return NONE;
  const aliasDomains = (await db.select({ d: aliasDomain.aliasDomain }).from(aliasDomain)
    .where(inArray(aliasDomain.targetDomain, domains))).map((r) => r.d.toLowerCase());
  return { all: false, domains: [...new Set(domains)], aliasDomains: [...new Set(aliasDomains)] };
}

/** Every domain name in scope (primary and alias domains), for filters on a `domain` column. */
export const scopeDomains = (scope: Extract<DomainScope, { all: false }>) => [...new Set([...scope.domains, ...scope.aliasDomains])];

export function inScope(scope: DomainScope, domainName: string): boolean {
  if (scope.all) return true;
  const d = domainName.toLowerCase();
  return scope.domains.includes(d) || scope.aliasDomains.includes(d);
}
