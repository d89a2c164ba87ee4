// mailcow's rate limits (functions.ratelimit.inc.php, reference 10.3): the one place that reads and
// writes Redis hash RL_VALUE, field = domain, alias domain or mailbox, value "<n> / 1<frame>" as
// rspamd's DYN_RL_CHECK reads it. Domain and alias-domain creation and every delete write through here.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { aliasDomain, domain, mailbox } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { domainScope, scopeDomains } from '../lib/authz/domain-scope.ts';
import { authorize, can, gateAllows } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { mailcowKeys } from '../lib/redis-keys.ts';
import { parseInput } from '../lib/validate.ts';
import { nameTaken } from './domain.rules.ts';
import {
  RL_FRAMES, rateLimitInput, type EffectiveRateLimit, type MailboxRateLimits, type RateLimit, type RateLimitFrame, type RateLimitInput,
} from './ratelimit.schema.ts';

const KEY = mailcowKeys.rateLimits;

/** mailcow's stored form: `"10 / 1h"` (spaces and the literal 1 included). */
export const storedRateLimit = (l: RateLimit) => `${l.value} / 1${l.frame}`;

/** mailcow's read: split on " / 1". A value rspamd would not take (written by hand, say) reads as none. */
export function parseRateLimit(raw: string | null | undefined): RateLimit | null {
  if (!raw) return null;
  const [value, frame] = raw.split(' / 1');
  if (!/^\d+$/.test(value ?? '') || !(RL_FRAMES as readonly string[]).includes(frame ?? '')) return null;
  return Number(value) > 0 ? { value: Number(value), frame: frame as RateLimitFrame } : null;
}

/** Sets or (value 0) removes one object's limit. No authorisation: callers have done it (creation, edit below). */
export async function writeRateLimit(redis: Redis, object: string, limit: RateLimit): Promise<void> {
  if (limit.value > 0) await redis.hset(KEY, object, storedRateLimit(limit));
  else await redis.hdel(KEY, object);
}

/** The limits of objects that are gone (deleted mailboxes, domains, alias domains). */
export async function forgetRateLimits(redis: Redis, ...objects: string[]): Promise<void> {
  if (objects.length > 0) await redis.hdel(KEY, ...objects);
}

type LimitOwner = { username: string; domain: string };
export type RateLimitReader = (rows: readonly LimitOwner[]) => Promise<Map<string, EffectiveRateLimit | null>>;

function effective(rows: readonly LimitOwner[], stored: (field: string) => RateLimit | null): Map<string, EffectiveRateLimit | null> {
  return new Map(rows.map((r) => {
    const own = stored(r.username);
    const dom = own ? null : stored(r.domain);
    return [r.username, own ? { ...own, scope: 'mailbox' as const } : dom ? { ...dom, scope: 'domain' as const } : null];
  }));
}

/**
 * Reads effective limits for the pages of a list about `expected` mailboxes long, the mailbox's own
 * overriding its domain's as rspamd looks them up. Few objects carry a limit: for a long list the
 * whole hash is read once (1,000 mailboxes would be an HMGET of 1,001 fields, ~1 ms of the server's
 * time); otherwise each page asks for its fields and its domains' with one HMGET.
 */
export async function rateLimitReader(redis: Redis, expected: number): Promise<RateLimitReader> {
  if (expected > 50 && await redis.hlen(KEY) < expected / 4) {
    const all = await redis.hgetall(KEY);
    return async (rows) => effective(rows, (f) => parseRateLimit(Object.hasOwn(all, f) ? all[f] : null));
  }
  return async (rows) => {
    const fields = [...new Set([...rows.map((r) => r.username), ...rows.map((r) => r.domain)])];
    const values = fields.length > 0 ? await redis.hmget(KEY, ...fields) : [];
    const byField = new Map(fields.map((f, i) => [f, parseRateLimit(values[i])]));
    return effective(rows, (f) => byField.get(f) ?? null);
  };
}

/** Effective limits for one page of mailboxes (see rateLimitReader). */
export async function effectiveRateLimits(redis: Redis, rows: readonly LimitOwner[]): Promise<Map<string, EffectiveRateLimit | null>> {
  return (await rateLimitReader(redis, rows.length + new Set(rows.map((r) => r.domain)).size))(rows);
}

/**
 * What the actor may not reach does not exist for it (as for domains and mailboxes elsewhere); in
 * reach, the action itself is authorised (the `ratelimit` ACL for a change).
 */
async function inReach(deps: Deps, actor: Actor, domain: string | undefined, action: 'ratelimit.read' | 'ratelimit.edit', what: string) {
  if (actor.role === 'anonymous') throw new AppError('unauthenticated', 'Please sign in.');
  if (!gateAllows(actor, action)) throw new AppError('forbidden', 'Your account has no rate limits to manage.');
  if (!domain || !(await can(deps.db, actor, { do: 'ratelimit.read', domain }))) throw new AppError('not_found', `There is no such ${what} among those you administer.`);
  await authorize(deps.db, actor, { do: action, domain });
}

/** A domain or alias domain (mailcow's hasDomainAccess wants it to exist, even for an admin). */
async function domainInReach(deps: Deps, actor: Actor, name: string, action: 'ratelimit.read' | 'ratelimit.edit') {
  await inReach(deps, actor, (await nameTaken(deps.db, name)) ? name : undefined, action, 'domain');
}

async function mailboxInReach(deps: Deps, actor: Actor, username: string, action: 'ratelimit.read' | 'ratelimit.edit'): Promise<string> {
  const [row] = await deps.db.select({ domain: mailbox.domain }).from(mailbox).where(and(eq(mailbox.username, username), eq(mailbox.kind, ''))).limit(1);
  const domain = row?.domain.toLowerCase();
  await inReach(deps, actor, domain, action, 'mailbox');
  return domain!;
}

export async function getDomainRateLimit(deps: Deps, actor: Actor, name: string): Promise<RateLimit | null> {
  await domainInReach(deps, actor, name, 'ratelimit.read');
  return parseRateLimit(await deps.redis.hget(KEY, name));
}

export async function getMailboxRateLimits(deps: Deps, actor: Actor, username: string): Promise<MailboxRateLimits> {
  const domain = await mailboxInReach(deps, actor, username, 'ratelimit.read');
  const [own, dom] = (await deps.redis.hmget(KEY, username, domain)).map(parseRateLimit);
  const effective = own ? { ...own, scope: 'mailbox' as const } : dom ? { ...dom, scope: 'domain' as const } : null;
  return { own, domain: dom, effective };
}

async function save(deps: Deps, actor: Actor, scope: 'domain' | 'mailbox', object: string, limit: RateLimit) {
  await writeRateLimit(deps.redis, object, limit);
  await writeAudit(deps.db, [{ type: 'success', msg: ['rl_saved', object], ...auditedBy(actor),
    call: ['ratelimit', 'edit', scope, { object: [object], rl_value: String(limit.value || ''), rl_frame: limit.frame }] }], deps.now());
}

/** ratelimit('edit', 'domain'): for a domain or alias domain. */
export async function setDomainRateLimit(deps: Deps, actor: Actor, name: string, input: RateLimitInput): Promise<RateLimit | null> {
  const limit = parseInput(rateLimitInput, input);
  await domainInReach(deps, actor, name, 'ratelimit.edit');
  await save(deps, actor, 'domain', name, limit);
  return limit.value > 0 ? limit : null;
}

/** ratelimit('edit', 'mailbox'): admins and domain admins only, as in mailcow. */
export async function setMailboxRateLimit(deps: Deps, actor: Actor, username: string, input: RateLimitInput): Promise<MailboxRateLimits> {
  const limit = parseInput(rateLimitInput, input);
  await mailboxInReach(deps, actor, username, 'ratelimit.edit');
  await save(deps, actor, 'mailbox', username, limit);
  return getMailboxRateLimits(deps, actor, username);
}

/** Limits of many fields, HMGET a thousand at a time (a big mailcow has 100,000 mailboxes). */
async function limitsOf(redis: Redis, fields: string[]): Promise<(RateLimit | null)[]> {
  const out: (RateLimit | null)[] = [];
  for (let i = 0; i < fields.length; i += 1000) out.push(...(await redis.hmget(KEY, ...fields.slice(i, i + 1000))).map(parseRateLimit));
  return out;
}

async function scopeOrNone(deps: Deps, actor: Actor) {
  if (actor.role === 'anonymous') throw new AppError('unauthenticated', 'Please sign in.');
  return gateAllows(actor, 'ratelimit.read') ? domainScope(deps.db, actor) : null;
}

/** get/rl-domain/all: the domains, then alias domains, the actor administers that have a limit. */
export async function listDomainRateLimits(deps: Deps, actor: Actor): Promise<(RateLimit & { domain: string })[]> {
  const scope = await scopeOrNone(deps, actor);
  if (!scope) return [];
  const names = scope.all
    ? [...(await deps.db.select({ d: domain.domain }).from(domain).orderBy(asc(domain.domain))).map((r) => r.d),
      ...(await deps.db.select({ d: aliasDomain.aliasDomain }).from(aliasDomain).orderBy(asc(aliasDomain.aliasDomain))).map((r) => r.d)]
    : scopeDomains(scope);
  const limits = await limitsOf(deps.redis, names);
  return names.flatMap((name, i) => (limits[i] ? [{ ...limits[i]!, domain: name }] : []));
}

/** get/rl-mbox/all: the mailboxes (not resources) in the actor's domains that have a limit of their own. */
export async function listMailboxRateLimits(deps: Deps, actor: Actor): Promise<(RateLimit & { mailbox: string })[]> {
  const scope = await scopeOrNone(deps, actor);
  if (!scope || (!scope.all && scope.domains.length === 0)) return [];
  const rows = await deps.db.select({ u: mailbox.username }).from(mailbox)
    .where(and(eq(mailbox.kind, ''), scope.all ? undefined : inArray(mailbox.domain, scope.domains))).orderBy(asc(mailbox.username));
  const limits = await limitsOf(deps.redis, rows.map((r) => r.u));
  return rows.flatMap((r, i) => (limits[i] ? [{ ...limits[i]!, mailbox: r.u }] : []));
}
