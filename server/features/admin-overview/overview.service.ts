import { and, count, eq, inArray, ne } from 'drizzle-orm';
import { alias, domain, mailbox } from '../../../db/schema/mail.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { domainScope, scopeDomains } from '../../lib/authz/domain-scope.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { quarantineCounts, type QuarantineCounts } from './quarantine-counts.ts';

export interface OverviewView {
  domains: number;
  mailboxes: number;
  aliases: number;
  /** Quarantined mail in the same scope. */
  quarantine: QuarantineCounts;
}

export async function getOverview(deps: Deps, actor: Actor): Promise<OverviewView> {
  await authorize(deps.db, actor, { do: 'overview.read' });
  const { db } = deps;
  // "Real" aliases exclude each mailbox's own address = goto row, as everywhere in mailcow.
  const realAlias = ne(alias.address, alias.goto);
  const scope = await domainScope(db, actor);
  const quarantine = await quarantineCounts(db, scope);
  if (scope.all) {
    const [[d], [m], [a]] = await Promise.all([
      db.select({ n: count() }).from(domain),
      db.select({ n: count() }).from(mailbox).where(eq(mailbox.kind, '')),
      db.select({ n: count() }).from(alias).where(realAlias),
    ]);
    return { domains: d.n, mailboxes: m.n, aliases: a.n, quarantine };
  }
  if (scope.domains.length === 0) return { domains: 0, mailboxes: 0, aliases: 0, quarantine };
  // Aliases may live on the alias domains of a managed domain.
  const [[m], [a]] = await Promise.all([
    db.select({ n: count() }).from(mailbox).where(and(eq(mailbox.kind, ''), inArray(mailbox.domain, scope.domains))),
    db.select({ n: count() }).from(alias).where(and(realAlias, inArray(alias.domain, scopeDomains(scope)))),
  ]);
  return { domains: scope.domains.length, mailboxes: m.n, aliases: a.n, quarantine };
}
