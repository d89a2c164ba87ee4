// Notification actions run from the service worker without a session: each carries a random token
// bound to one object (a quarantine item, a time-limited alias), one device subscription and one
// button's action, for a limited time.
// A token is spent only when its action succeeded, so a release that failed can be tried again.
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from '../../lib/redis-keys.ts';
import type { QuarantinePushAction } from './push.schema.ts';

interface Grant {
  subscriptionId: number;
  username: string;
}

/** The button's action tells the grants apart (tokens issued before alias reminders are all quarantine grants). */
export type TokenGrant =
  | Grant & { itemId: number; action: QuarantinePushAction }
  | Grant & { address: string; action: 'extend' }
  /** `address`: the sender to mute (lowercase), for the device's user. */
  | Grant & { address: string; action: 'mute_sender' };

export const ACTION_TOKEN_TTL_SECONDS = 48 * 3600;
/** Longer than any action can take (a release and a learn, each with its own timeouts). */
const LOCK_SECONDS = 300;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function issueToken(redis: Redis, grant: TokenGrant): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await redis.set(keys.pushActionToken(hash(token)), JSON.stringify(grant), 'EX', ACTION_TOKEN_TTL_SECONDS);
  return token;
}

// Sets the new token, remembers it in the slot, and deletes the token the slot named before.
const REPLACE = `
redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2])
local previous = redis.call('get', KEYS[2])
redis.call('set', KEYS[2], ARGV[3], 'EX', ARGV[2])
if previous and previous ~= ARGV[3] then redis.call('del', ARGV[4] .. previous) end`;

/**
 * A token that replaces the one issued before in the same slot: for notifications that replace
 * their predecessor (one tag per device), only the visible one's button needs to work, and a burst
 * of mail leaves one token per device in Redis instead of one per mail.
 */
export async function issueSlotToken(redis: Redis, slot: string, grant: TokenGrant, ttlSeconds: number): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const tokenHash = hash(token);
  await redis.eval(REPLACE, 2, keys.pushActionToken(tokenHash), slot, JSON.stringify(grant), ttlSeconds, tokenHash, keys.pushActionToken(''));
  return token;
}

export async function readToken(redis: Redis, token: string): Promise<TokenGrant | null> {
  const raw = await redis.get(keys.pushActionToken(hash(token)));
  return raw ? (JSON.parse(raw) as TokenGrant) : null;
}

export async function spendToken(redis: Redis, token: string): Promise<void> {
  await redis.del(keys.pushActionToken(hash(token)));
}

// Deletes the lock only if it is still ours (it may have expired and been taken by another use).
const UNLOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Takes the token's lock, so two taps of the same button never run its action twice at once.
 * Returns the release function, or null when another use holds the lock.
 */
export async function lockToken(redis: Redis, token: string): Promise<(() => Promise<void>) | null> {
  const key = keys.pushActionLock(hash(token));
  const owner = randomBytes(12).toString('base64url');
  if ((await redis.set(key, owner, 'EX', LOCK_SECONDS, 'NX')) !== 'OK') return null;
  return async () => { await redis.eval(UNLOCK, 1, key, owner); };
}
