// mailcow's checks for a regular alias's address and targets (add/edit alias in
// functions.mailbox.inc.php), each as a query that answers one question.
import { and, eq, inArray, ne, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { alias, aliasDomain, domain, mailbox, spamalias } from '../../db/schema/mail.ts';
import { AppError } from '../lib/errors.ts';
import type { ErrorIssue } from '../lib/error-codes.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const invalid = (issues: ErrorIssue[]) => new AppError('validation_failed', 'Some fields are not valid.', issues);

/** Why an address is taken, as addressesTaken() names it (the /api/v1 adapter maps each to mailcow's msg key). */
export const TAKEN = {
  alias: 'Already an alias or a mailbox.',
  mailbox: 'Already a mailbox (here or through an alias domain).',
  spamAlias: 'Already a time-limited alias.',
} as const;

export const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/** The primary domain an address's domain belongs to (itself, or an alias domain's target); null if neither exists. */
export async function primaryDomain(db: Db | Tx, domainName: string): Promise<string | null> {
  const [own] = await db.select({ d: domain.domain }).from(domain).where(eq(domain.domain, domainName)).limit(1);
  if (own) return own.d.toLowerCase();
  const [mapped] = await db.select({ t: aliasDomain.targetDomain }).from(aliasDomain)
    .innerJoin(domain, eq(domain.domain, aliasDomain.targetDomain)).where(eq(aliasDomain.aliasDomain, domainName)).limit(1);
  return mapped ? mapped.t.toLowerCase() : null;
}

/**
 * Why the address cannot be used, or null: an alias (a mailbox's self row included), a mailbox, a
 * mailbox reached through an alias domain (local@alias_domain → local@target), a time-limited alias.
 */
export async function addressTaken(db: Db | Tx, address: string): Promise<string | null> {
  return (await addressesTaken(db, [address])).get(address) ?? null;
}

/**
 * addressTaken() for many addresses in four queries (a CSV import's thousands of rows): the reason
 * by address (lowercase, stored form), for the taken ones only. The first reason found wins, in
 * addressTaken's order.
 */
export async function addressesTaken(db: Db | Tx, addresses: string[]): Promise<Map<string, string>> {
  const taken = new Map<string, string>();
  const mark = (a: string, why: string) => { if (!taken.has(a)) taken.set(a, why); };
  if (addresses.length === 0) return taken;
  for (const r of await db.select({ a: alias.address, g: alias.goto }).from(alias).where(inArray(alias.address, addresses))) {
    // A mailbox's own alias row (address = goto) says it is a mailbox, as mailcow's own check does first.
    mark(r.a.toLowerCase(), r.a.toLowerCase() === r.g.toLowerCase() ? TAKEN.mailbox : TAKEN.alias);
  }
  const open = addresses.filter((a) => !a.startsWith('@') && !taken.has(a));
  if (open.length === 0) return taken;
  const domains = [...new Set(open.map(domainOf))];
  const mapped = new Map((await db.select({ a: aliasDomain.aliasDomain, t: aliasDomain.targetDomain }).from(aliasDomain)
    .where(inArray(aliasDomain.aliasDomain, domains))).map((r) => [r.a.toLowerCase(), r.t.toLowerCase()]));
  // Each mailbox name that would make an address taken, with the addresses it stands for.
  const reaches = new Map<string, string[]>();
  const reach = (name: string, a: string) => reaches.set(name, [...(reaches.get(name) ?? []), a]);
  for (const a of open) {
    reach(a, a);
    const target = mapped.get(domainOf(a));
    if (target) reach(`${a.slice(0, a.lastIndexOf('@'))}@${target}`, a);
  }
  for (const r of await db.select({ u: mailbox.username }).from(mailbox).where(inArray(mailbox.username, [...reaches.keys()]))) {
    for (const a of reaches.get(r.u.toLowerCase()) ?? []) mark(a, TAKEN.mailbox);
  }
  const still = open.filter((a) => !taken.has(a));
  if (still.length === 0) return taken;
  for (const r of await db.select({ a: spamalias.address }).from(spamalias).where(inArray(spamalias.address, still))) {
    mark(r.a.toLowerCase(), TAKEN.spamAlias);
  }
  return taken;
}

/**
 * mailcow's aliases_left > 0: rows of the domain and its alias domains whose address is not a
 * mailbox, against domain.aliases. The domain row is locked, so two writers cannot both take the last one.
 */
export async function checkAliasQuota(tx: Tx, primary: string): Promise<void> {
  const [row] = await tx.select({ max: domain.aliases }).from(domain).where(eq(domain.domain, primary)).for('update');
  const family = tx.select({ d: aliasDomain.aliasDomain }).from(aliasDomain).where(eq(aliasDomain.targetDomain, primary));
  const [{ n }] = await tx.select({ n: sql<number>`COUNT(*)` }).from(alias).where(and(
    or(eq(alias.domain, primary), inArray(alias.domain, family)),
    notInArray(alias.address, tx.select({ u: mailbox.username }).from(mailbox)),
  ));
  if (Number(n) >= Number(row.max)) {
    throw new AppError('conflict', `The domain ${primary} has no aliases left (at most ${row.max}).`,
      [{ path: 'address', message: 'The domain has no aliases left.', code: 'invalid' }]);
  }
}

/** Targets that are resources (mailbox.kind set: location, thing, group) cannot receive mail. */
export async function refuseResourceGotos(db: Db | Tx, gotos: string[]): Promise<void> {
  if (gotos.length === 0) return;
  const resources = new Set((await db.select({ u: mailbox.username }).from(mailbox)
    .where(and(inArray(mailbox.username, gotos), ne(mailbox.kind, '')))).map((r) => r.u.toLowerCase()));
  const issues = gotos.flatMap((g, i) => (resources.has(g) ? [{ path: `goto.${i}`, message: 'A resource cannot receive mail.', code: 'invalid' as const }] : []));
  if (issues.length > 0) throw invalid(issues);
}
