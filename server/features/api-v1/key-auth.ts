// Who an X-API-Key is (reference 9.1). mailcow's keys live in its `api` table and act as the admin
// "API"; Cowbell's scoped keys (`cowbell-…`, cowbell_api_keys) act as the domain admin who made them.
// Failures answer exactly as mailcow's sessions.inc.php does (401 and its JSON), and are published
// on F2B_CHANNEL so mailcow's netfilter bans a guesser as it would for mailcow's own API.
import { createHash } from 'node:crypto';
import { and, eq, lte } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import { api, admin } from '../../../db/schema/access.ts';
import { cowbellApiKeys } from '../../../db/schema/cowbell.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { splitAllowList } from '../../lib/allow-list.ts';
import { countFailure, inMinutes } from '../../lib/failure-limit.ts';
import { inNetworks, parseNetworks, rateLimitKey } from '../../lib/networks.ts';
import { keys, mailcowKeys } from '../../lib/redis-keys.ts';

/** Scoped keys start with this, so one header serves both kinds without a second look-up. */
export const SCOPED_KEY_PREFIX = 'cowbell-';

export type KeyCheck =
  | { ok: true; actor: Actor }
  | { ok: false; status: 401 | 429; body: { type: 'error'; msg: string } };

const denied = (msg: string): KeyCheck => ({ ok: false, status: 401, body: { type: 'error', msg } });

/** mailcow splits allow_from on spaces, commas, semicolons and newlines; an entry that is no address matches nothing. */
export function ipAllowed(ip: string, allowFrom: string): boolean {
  for (const entry of splitAllowList(allowFrom)) {
    try {
      if (inNetworks(ip, parseNetworks(entry))) return true;
    } catch { /* not an address: mailcow's ip_acl skips it too */ }
  }
  return false;
}

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

async function mailcowKey(deps: Deps, key: string, ip: string): Promise<KeyCheck> {
  const [row] = await deps.db.select().from(api).where(and(eq(api.apiKey, key), eq(api.active, 1))).limit(1);
  if (!row) return denied('authentication failed');
  if (Number(row.skipIpCheck) !== 1 && !ipAllowed(ip, row.allowFrom)) return denied(`api access denied for ip ${ip}`);
  return { ok: true, actor: { kind: 'api_key', username: 'API', role: 'admin', ip, apiAccess: row.access === 'ro' ? 'ro' : 'rw' } };
}

/** Scoped keys keep their times as UTC 'YYYY-MM-DD HH:MM:SS', written from Cowbell's clock (deps.now). */
export const utcDatetime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
export const parseUtcDatetime = (s: string) => Date.parse(`${s.replace(' ', 'T')}Z`);

/** A last-used time at most this old is not written again: one UPDATE a minute per key, not per request. */
const LAST_USED_GRANULARITY_S = 60;

async function scopedKey(deps: Deps, key: string, ip: string): Promise<KeyCheck> {
  const [row] = await deps.db.select({ key: cowbellApiKeys, ownerActive: admin.active })
    .from(cowbellApiKeys)
    // An account made after the key (the owner deleted outside Cowbell, the name taken again) does not inherit it.
    .innerJoin(admin, and(eq(admin.username, cowbellApiKeys.username), eq(admin.superadmin, 0), lte(admin.created, cowbellApiKeys.created)))
    .where(eq(cowbellApiKeys.keyHash, hashApiKey(key))).limit(1);
  // A switched-off key or owner is the same as no key: nothing tells a holder which one it was.
  if (!row || row.key.active !== 1 || Number(row.ownerActive) !== 1) return denied('authentication failed');
  const now = new Date(deps.now());
  if (row.key.expiresAt && parseUtcDatetime(row.key.expiresAt) <= now.getTime()) return denied('api key expired');
  if (row.key.allowFrom !== '' && !ipAllowed(ip, row.key.allowFrom)) return denied(`api access denied for ip ${ip}`);
  const last = row.key.lastUsedAt ? parseUtcDatetime(row.key.lastUsedAt) : 0;
  if (now.getTime() - last >= LAST_USED_GRANULARITY_S * 1000 || row.key.lastUsedIp !== ip) {
    await deps.db.update(cowbellApiKeys)
      .set({ lastUsedAt: utcDatetime(now), lastUsedIp: ip })
      .where(eq(cowbellApiKeys.id, row.key.id));
  }
  return {
    ok: true,
    actor: { kind: 'api_key', username: row.key.username, role: 'domain_admin', ip, apiAccess: row.key.access === 'rw' ? 'rw' : 'ro' },
  };
}

/** The key as mailcow reads it: characters other than letters, digits and '-' are dropped. */
export const headerKey = (c: Context) => (c.req.header('x-api-key') ?? '').replace(/[^a-zA-Z0-9-]/g, '');

/**
 * Failures count against the caller's address; past API_KEY_MAX_FAILURES_PER_IP they are answered
 * 429 until the lock ends. Only failures: a right key is looked up and let in as before (keys are
 * 120 or 192 random bits, so nothing is guessed meanwhile), and a guesser sharing a script's address
 * cannot lock the script out, nor does a right key pay a Redis round trip.
 */
export async function checkApiKey(deps: Deps, key: string, ip: string): Promise<KeyCheck> {
  const result = key === '' ? denied('authentication failed')
    : key.startsWith(SCOPED_KEY_PREFIX) ? await scopedKey(deps, key, ip) : await mailcowKey(deps, key, ip);
  if (result.ok) return result;
  await deps.redis.publish(mailcowKeys.f2bChannel, `mailcow UI: Invalid password for API_USER by ${ip}`);
  const wait = await countFailure(deps.redis, keys.apiKeyFailuresIp(rateLimitKey(ip)), deps.env.API_KEY_MAX_FAILURES_PER_IP, deps.env.SIGNIN_LOCK_SECONDS);
  return wait > 0 ? { ok: false, status: 429, body: { type: 'error', msg: `too many failed api key attempts, try again in ${inMinutes(wait)}` } } : result;
}
