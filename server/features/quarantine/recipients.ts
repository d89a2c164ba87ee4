// Resolves envelope recipients to final mailboxes exactly like mailcow's pipe.php (reference 3.2 steps
// 3–4): +tag stripped, only DOMAIN_MAP domains, excluded domains skipped, then alias → catch-all →
// alias domain, following goto lists for at most 20 rounds. Each round is three queries for all
// pending addresses together, never one per address.
import { and, eq, inArray } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../../db/client.ts';
import { alias, aliasDomain, mailbox } from '../../../db/schema/mail.ts';
import { mailcowKeys } from '../../lib/redis-keys.ts';

const MAX_ROUNDS = 20;

export function stripTag(address: string): string {
  return address.trim().toLowerCase().replace(/^(.*?)\+.*(@.*)$/, '$1$2');
}

const split = (address: string) => {
  const at = address.lastIndexOf('@');
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
};
const gotoList = (goto: string) => goto.split(',').map((g) => g.trim().toLowerCase()).filter(Boolean);

async function activeAliases(db: Db, addresses: string[]): Promise<Map<string, string[]>> {
  if (addresses.length === 0) return new Map();
  const rows = await db.select({ address: alias.address, goto: alias.goto }).from(alias)
    .where(and(inArray(alias.address, addresses), eq(alias.active, 1)));
  return new Map(rows.map((r) => [r.address.toLowerCase(), gotoList(r.goto)]));
}

async function aliasDomainTargets(db: Db, domains: string[]): Promise<Map<string, string>> {
  if (domains.length === 0) return new Map();
  const rows = await db.select({ from: aliasDomain.aliasDomain, to: aliasDomain.targetDomain }).from(aliasDomain)
    .where(and(inArray(aliasDomain.aliasDomain, domains), eq(aliasDomain.active, 1)));
  return new Map(rows.map((r) => [r.from.toLowerCase(), r.to.toLowerCase()]));
}

export async function resolveMailboxes(db: Db, redis: Redis, rcpts: string[], excluded: Set<string>): Promise<string[]> {
  const candidates = [...new Set(rcpts.map(stripTag).filter((r) => r.includes('@')))];
  const known = candidates.length === 0 ? [] : await redis.hmget(mailcowKeys.domainMap, ...candidates.map((r) => split(r).domain));
  const accepted = candidates.filter((r, i) => known[i] && !excluded.has(split(r).domain));
  if (accepted.length === 0) return [];

  // First hop: the address itself, else the domain's catch-all, else the same local part on the target domain.
  const direct = await activeAliases(db, accepted);
  const catchAll = await activeAliases(db, accepted.filter((r) => !direct.has(r)).map((r) => `@${split(r).domain}`));
  const viaDomain = await aliasDomainTargets(db, accepted.filter((r) => !direct.has(r) && !catchAll.has(`@${split(r).domain}`))
    .map((r) => split(r).domain));
  let pending: string[] = accepted.flatMap((r) => {
    const { local, domain } = split(r);
    return direct.get(r) ?? catchAll.get(`@${domain}`) ?? (viaDomain.has(domain) ? [`${local}@${viaDomain.get(domain)}`] : []);
  });

  const final = new Set<string>();
  const seen = new Set<string>();
  for (let round = 0; pending.length > 0 && round <= MAX_ROUNDS; round++) {
    pending = [...new Set(pending)].filter((a) => !seen.has(a));
    pending.forEach((a) => seen.add(a));
    if (pending.length === 0) break;
    const boxes = await db.select({ username: mailbox.username }).from(mailbox)
      .where(and(inArray(mailbox.username, pending), inArray(mailbox.active, [1, 2])));
    const isBox = new Set(boxes.map((b) => b.username.toLowerCase()));
    pending.filter((a) => isBox.has(a)).forEach((a) => final.add(a));
    const rest = pending.filter((a) => !isBox.has(a));
    const aliases = await activeAliases(db, rest);
    const noAlias = rest.filter((a) => !aliases.has(a) && a.includes('@'));
    const targets = await aliasDomainTargets(db, [...new Set(noAlias.map((a) => split(a).domain))]);
    const mapped = noAlias.filter((a) => targets.has(split(a).domain)).map((a) => `${split(a).local}@${targets.get(split(a).domain)}`);
    const mappedKnown = mapped.length === 0 ? [] : await redis.hmget(mailcowKeys.domainMap, ...mapped.map((a) => split(a).domain));
    pending = [...[...aliases.values()].flat(), ...mapped.filter((_, i) => mappedKnown[i])];
  }
  return [...final];
}
