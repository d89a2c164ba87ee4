// mailcow's rules for the entries of edit/mailbox `sender_acl` and `extended_sender_acl`
// (reference 5.2; data/web/inc/functions.mailbox.inc.php, mailcow 06424670fa5d, and its
// `sender_acl_handles`): what an entry is, who may set it, and what a caller may not see.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { alias, aliasDomain, domain } from '../../db/schema/mail.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { inScope, type DomainScope } from '../lib/authz/domain-scope.ts';
import type { ErrorIssue } from '../lib/error-codes.ts';
import { normaliseAddress, normaliseDomain } from '../lib/mailcow/addresses.ts';

export type Entry = { kind: 'any' } | { kind: 'domain'; domain: string } | { kind: 'address'; address: string };

/** `*`, `@domain` or a bare domain (mailcow stores both as `@domain`), or an address. */
export function parseEntry(raw: string): Entry | null {
  const value = raw.trim().toLowerCase();
  if (value === '*') return { kind: 'any' };
  if (value.startsWith('@') || !value.includes('@')) {
    const name = normaliseDomain(value.replace(/^@/, ''));
    return name ? { kind: 'domain', domain: name } : null;
  }
  const address = normaliseAddress(value);
  return address ? { kind: 'address', address } : null;
}

export const stored = (e: Entry) => (e.kind === 'any' ? '*' : e.kind === 'domain' ? `@${e.domain}` : e.address);
const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/** What the entries name: hosted domains and alias domains, and the alias rows (mailboxes included) of the addresses. */
export async function lookUp(db: Db, entries: Entry[]) {
  const domains = [...new Set(entries.flatMap((e) => (e.kind === 'domain' ? [e.domain] : e.kind === 'address' ? [domainOf(e.address)] : [])))];
  const addresses = [...new Set(entries.flatMap((e) => (e.kind === 'address' ? [e.address] : [])))];
  const [primary, aliasDomains, aliases] = await Promise.all([
    domains.length ? db.select({ d: domain.domain }).from(domain).where(inArray(domain.domain, domains)) : [],
    domains.length ? db.select({ d: aliasDomain.aliasDomain }).from(aliasDomain).where(inArray(aliasDomain.aliasDomain, domains)) : [],
    addresses.length ? db.select({ address: alias.address, domain: alias.domain }).from(alias).where(inArray(alias.address, addresses)) : [],
  ]);
  return {
    hosted: new Set([...primary, ...aliasDomains].map((r) => r.d.toLowerCase())),
    aliasDomainOf: new Map(aliases.map((r) => [r.address.toLowerCase(), r.domain.toLowerCase()])),
  };
}
type Known = Awaited<ReturnType<typeof lookUp>>;

/**
 * May the caller see and change this stored entry? `*` only an admin; a domain when it is theirs;
 * an address when its alias row's domain is theirs. (mailcow also treats entries whose domain or
 * alias row has gone as someone else's, so not even an admin can clear them; here they belong to
 * whoever administers the domain they name.)
 */
export function editable(entry: Entry, actor: Actor, scope: DomainScope, known: Known): boolean {
  if (entry.kind === 'any') return actor.role === 'admin';
  if (entry.kind === 'domain') return inScope(scope, entry.domain);
  return inScope(scope, known.aliasDomainOf.get(entry.address) ?? domainOf(entry.address));
}

export interface Refusal extends ErrorIssue {
  /** A permission (403) rather than a malformed or unknown entry (400). */
  forbidden: boolean;
  /** mailcow's message key for the audit row. */
  msg: [string, string];
}

/** An internal entry the caller may grant, or why not (mailcow: sender_acl_invalid). */
export function checkInternal(entry: Entry | null, raw: string, path: string, actor: Actor, scope: DomainScope, known: Known): Refusal | null {
  const refuse = (message: string, forbidden = false): Refusal => ({ path, message, code: 'invalid', forbidden, msg: ['sender_acl_invalid', raw] });
  if (!entry) return refuse('Not an address, a domain or *.');
  if (entry.kind === 'any') return actor.role === 'admin' ? null : refuse('Only administrators may allow sending as any address.', true);
  if (entry.kind === 'domain') {
    if (!known.hosted.has(entry.domain)) return refuse('This domain is not hosted here.');
    return inScope(scope, entry.domain) ? null : refuse('This domain is not one you administer.', true);
  }
  const aliasDomainName = known.aliasDomainOf.get(entry.address);
  if (!aliasDomainName) return refuse('No mailbox or alias has this address.');
  return inScope(scope, aliasDomainName) ? null : refuse('This address is not in a domain you administer.', true);
}

/** _sogo_static_view.ext_acl: VARCHAR(6144) (reference 1.23). */
export const SOGO_EXT_ACL_MAX = 6144;

/**
 * The external addresses (not domains) become one space-separated ext_acl value in SOGo's view; a
 * list longer than the column would make every later sync of the view fail (MariaDB's strict mode
 * refuses the row; without it SOGo would get a cut-off address), so it is refused before it is stored.
 */
export function checkExternalTotal(entries: Entry[]): Refusal | null {
  const length = [...new Set(entries.filter((e) => e.kind === 'address').map(stored))].join(' ').length;
  if (length <= SOGO_EXT_ACL_MAX) return null;
  return { path: 'external', message: `SOGo holds at most ${SOGO_EXT_ACL_MAX} characters of external addresses; these are ${length}.`,
    code: 'too_long', forbidden: false, msg: ['extra_acl_invalid', `${length} characters`] };
}

/** An external entry: an address or a domain NOT hosted here (mailcow: extra_acl_invalid[_domain]). */
export function checkExternal(entry: Entry | null, raw: string, path: string, known: Known): Refusal | null {
  if (!entry || entry.kind === 'any') return { path, message: 'Not an address or a domain.', code: 'invalid', forbidden: false, msg: ['extra_acl_invalid', raw] };
  const name = entry.kind === 'domain' ? entry.domain : domainOf(entry.address);
  if (known.hosted.has(name)) {
    return { path, message: 'This domain is hosted here: grant it as an internal entry.', code: 'invalid', forbidden: false, msg: ['extra_acl_invalid_domain', name] };
  }
  return null;
}
