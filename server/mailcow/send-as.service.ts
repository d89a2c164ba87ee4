// Every address a mailbox user may send as, derived the way Postfix decides it in mailcow
// (reference 5.1; postfix-sender-login.ts holds the query itself). Each part of that query, read
// from the user's side:
// 1. alias rows whose goto lists the user: an exact row when active='1', sender_allowed='1' and its
//    domain is an active domain or active alias domain; a catch-all `@D` row likewise, but only for
//    addresses of D that no exact row (active 1 or 2, sender_allowed 1) claims for itself;
// 2. sender_acl rows of the user (internal and external alike): `*`, `@D`, `L@D`, and through every
//    alias domain A of D (active or not) `@A` and `L@A` (the latter unless an alias row `L@A` has a
//    goto of exactly this user: the query's precedence quirk);
// 3. the user's own local part in every active alias domain of its domain (mailbox active 1 or 2).
// `*` and `@D` stay grants ("any address", "any address in D"), never expanded.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { alias, aliasDomain, domain, mailbox, senderAcl } from '../../db/schema/mail.ts';

export type SendAsSource =
  /** The user's own address (its self alias). */
  | 'mailbox'
  /** An alias whose goto lists the user. */
  | 'alias'
  /** A catch-all whose goto lists the user. */
  | 'catch_all'
  /** The user's local part in an alias domain of its domain. */
  | 'alias_domain'
  /** A sender_acl row (external = 0) granted by an admin or domain admin. */
  | 'sender_acl'
  /** A sender_acl row with external = 1 (an address or domain not hosted here). */
  | 'sender_acl_external';

export type SendAs =
  | { kind: 'address'; address: string; via: SendAsSource[] }
  /** Any address in `domain`; with `unclaimedOnly` (a catch-all) only those no alias or mailbox claims. */
  | { kind: 'domain'; domain: string; unclaimedOnly: boolean; via: SendAsSource[] }
  /** Any address at all (`*`: the sender check is off for this user). */
  | { kind: 'any'; via: SendAsSource[] };

const lower = (s: string) => s.toLowerCase();
const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);
const localOf = (address: string) => address.slice(0, address.lastIndexOf('@'));
const gotoList = (goto: string) => goto.split(/[,\s]+/).filter((g) => g !== '').map(lower);

class Collector {
  readonly addresses = new Map<string, Set<SendAsSource>>();
  readonly domains = new Map<string, { unclaimedOnly: boolean; via: Set<SendAsSource> }>();
  any: Set<SendAsSource> | null = null;

  address(address: string, via: SendAsSource) {
    const key = lower(address);
    (this.addresses.get(key) ?? this.addresses.set(key, new Set()).get(key)!).add(via);
  }

  domain(name: string, via: SendAsSource, unclaimedOnly = false) {
    const key = lower(name);
    const entry = this.domains.get(key) ?? this.domains.set(key, { unclaimedOnly, via: new Set() }).get(key)!;
    entry.unclaimedOnly &&= unclaimedOnly;
    entry.via.add(via);
  }

  list(username: string): SendAs[] {
    const own = (a: string) => (a === username ? 0 : 1);
    return [
      ...[...this.addresses].sort(([a], [b]) => own(a) - own(b) || a.localeCompare(b))
        .map(([address, via]) => ({ kind: 'address' as const, address, via: [...via] })),
      ...[...this.domains].sort(([a], [b]) => a.localeCompare(b))
        .map(([name, d]) => ({ kind: 'domain' as const, domain: name, unclaimedOnly: d.unclaimedOnly, via: [...d.via] })),
      ...(this.any ? [{ kind: 'any' as const, via: [...this.any] }] : []),
    ];
  }
}

/** Which of these names are active domains or active alias domains (the query's domain check). */
async function activeDomains(db: Db, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const [domains, aliasDomains] = await Promise.all([
    db.select({ d: domain.domain }).from(domain).where(and(inArray(domain.domain, names), eq(domain.active, 1))),
    db.select({ d: aliasDomain.aliasDomain }).from(aliasDomain).where(and(inArray(aliasDomain.aliasDomain, names), eq(aliasDomain.active, 1))),
  ]);
  return new Set([...domains, ...aliasDomains].map((r) => lower(r.d)));
}

/** Part 1: alias and catch-all rows whose goto lists the user. */
async function fromAliases(db: Db, username: string, out: Collector) {
  // LOCATE narrows; the goto list is then split as smtpd splits owners (commas and spaces).
  const rows = (await db.select({ address: alias.address, goto: alias.goto, domain: alias.domain, active: alias.active, senderAllowed: alias.senderAllowed })
    .from(alias).where(sql`LOCATE(${username}, ${alias.goto}) > 0`))
    .filter((r) => gotoList(r.goto).includes(username));
  const candidates = rows.filter((r) => Number(r.active) === 1 && Number(r.senderAllowed) === 1
    // The row's domain column must be the looked-up domain, and that domain active.
    && lower(r.domain) === domainOf(lower(r.address)));
  const active = await activeDomains(db, [...new Set(candidates.map((r) => lower(r.domain)))]);
  for (const r of candidates) {
    const address = lower(r.address);
    if (!active.has(lower(r.domain))) continue;
    if (address.startsWith('@')) out.domain(address.slice(1), 'catch_all', true);
    else out.address(address, address === username ? 'mailbox' : 'alias');
  }
}

/** Part 2: the user's sender_acl rows, directly and through the alias domains of their domains. */
async function fromSenderAcl(db: Db, username: string, out: Collector) {
  const rows = await db.select({ sendAs: senderAcl.sendAs, external: senderAcl.external }).from(senderAcl)
    .where(eq(senderAcl.loggedInAs, username));
  const grants = rows.map((r) => ({ sendAs: lower(r.sendAs.trim()), via: (Number(r.external) === 1 ? 'sender_acl_external' : 'sender_acl') as SendAsSource }));
  const targets = [...new Set(grants.filter((g) => g.sendAs.includes('@')).map((g) => domainOf(g.sendAs)).filter((d) => d !== ''))];
  const aliasDomains = targets.length === 0 ? [] : await db.select({ alias: aliasDomain.aliasDomain, target: aliasDomain.targetDomain })
    .from(aliasDomain).where(inArray(aliasDomain.targetDomain, targets));
  const aliasesOf = (target: string) => aliasDomains.filter((a) => lower(a.target) === target).map((a) => lower(a.alias));

  const twins: { address: string; via: SendAsSource }[] = [];
  for (const g of grants) {
    if (g.sendAs === '*') out.any = (out.any ?? new Set()).add(g.via);
    else if (g.sendAs.startsWith('@') && g.sendAs.length > 1) {
      out.domain(g.sendAs.slice(1), g.via);
      for (const a of aliasesOf(g.sendAs.slice(1))) out.domain(a, g.via);
    } else if (g.sendAs.indexOf('@') > 0) {
      out.address(g.sendAs, g.via);
      for (const a of aliasesOf(domainOf(g.sendAs))) twins.push({ address: `${localOf(g.sendAs)}@${a}`, via: g.via });
    }
  }
  if (twins.length === 0) return;
  // The last OR branch excludes a login that is exactly the goto of an alias row for the address.
  const excluded = new Set((await db.select({ address: alias.address, goto: alias.goto }).from(alias)
    .where(inArray(alias.address, [...new Set(twins.map((t) => t.address))])))
    .filter((r) => lower(r.goto) === username).map((r) => lower(r.address)));
  for (const t of twins) if (!excluded.has(t.address)) out.address(t.address, t.via);
}

/** Part 3: the user's own local part in every active alias domain of its domain. */
async function fromAliasDomains(db: Db, username: string, out: Collector) {
  const [box] = await db.select({ active: mailbox.active }).from(mailbox).where(eq(mailbox.username, username)).limit(1);
  if (!box || ![1, 2].includes(Number(box.active))) return;
  const rows = await db.select({ alias: aliasDomain.aliasDomain }).from(aliasDomain)
    .where(and(eq(aliasDomain.targetDomain, domainOf(username)), eq(aliasDomain.active, 1)));
  for (const r of rows) out.address(`${localOf(username)}@${lower(r.alias)}`, 'alias_domain');
}

/** Every address (and grant) the mailbox user may put in MAIL FROM, own address first. */
export async function listSendAs(db: Db, username: string): Promise<SendAs[]> {
  const user = lower(username);
  const out = new Collector();
  await fromAliases(db, user, out);
  await fromSenderAcl(db, user, out);
  await fromAliasDomains(db, user, out);
  return out.list(user);
}

