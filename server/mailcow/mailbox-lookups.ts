// What checkNewMailbox() asks of the database and Redis, behind one interface. One new mailbox asks
// each question directly; a CSV import of thousands of rows asks once per domain and once per
// thousand addresses (the dry run went from a dozen round trips per row to a handful per file).
// The answers are the same questions' answers: only how often they are asked differs.
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import type { DomainAdminAclFlag } from '../lib/authz/acl.ts';
import { authorize } from '../lib/authz/policy.ts';
import { addressesTaken, addressTaken } from './alias.rules.ts';
import { domainLimits, type DomainLimits } from './mailbox.rules.ts';
import { readPasswordPolicy, type PasswordPolicy } from './password-policy.ts';

export interface NewMailboxLookups {
  /** The domain's limits and use, null when there is no such domain. */
  limits(domain: string): Promise<DomainLimits | null>;
  /** Throws unless the actor may make mailboxes in the domain with these da_acl needs. */
  allow(domain: string, needs: DomainAdminAclFlag[]): Promise<void>;
  /** Why the address cannot be used, or null (addressTaken). */
  taken(username: string): Promise<string | null>;
  policy(): Promise<PasswordPolicy>;
}

export const liveLookups = (deps: Deps, actor: Actor): NewMailboxLookups => ({
  limits: (d) => domainLimits(deps.db, d),
  allow: (d, needs) => authorize(deps.db, actor, { do: 'mailbox.write', domain: d, needs }),
  taken: (u) => addressTaken(deps.db, u),
  policy: () => readPasswordPolicy(deps.redis),
});

const CHUNK = 1000;

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let hit = cache.get(key);
  if (!hit) cache.set(key, (hit = load()));
  return hit;
}

/**
 * Lookups for checking many new mailboxes at once, `addresses` (stored form) asked in advance. A
 * domain's limits are read once: the caller counts the rows it plans itself (PlannedUse), and the
 * write re-checks them under the domain's row lock.
 */
export async function batchLookups(deps: Deps, actor: Actor, addresses: string[]): Promise<NewMailboxLookups> {
  const live = liveLookups(deps, actor);
  const known = new Set(addresses);
  const taken = new Map<string, string>();
  for (let i = 0; i < addresses.length; i += CHUNK) {
    for (const [a, why] of await addressesTaken(deps.db, addresses.slice(i, i + CHUNK))) taken.set(a, why);
  }
  const limits = new Map<string, Promise<DomainLimits | null>>();
  const allowed = new Map<string, Promise<void>>();
  let policy: Promise<PasswordPolicy> | undefined;
  return {
    limits: (d) => memo(limits, d, () => live.limits(d)),
    allow: (d, needs) => memo(allowed, `${d}\n${[...needs].sort().join(',')}`, () => live.allow(d, needs)),
    taken: async (u) => (known.has(u) ? (taken.get(u) ?? null) : live.taken(u)),
    policy: () => (policy ??= live.policy()),
  };
}
