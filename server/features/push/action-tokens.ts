// Notification actions run from the service worker without a session: each carries a random token
// bound to one quarantine item and one device subscription, usable once, for a limited time.
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from '../../lib/redis-keys.ts';

export interface TokenGrant {
  itemId: number;
  subscriptionId: number;
  username: string;
}

export const ACTION_TOKEN_TTL_SECONDS = 48 * 3600;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function issueToken(redis: Redis, grant: TokenGrant): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await redis.set(keys.pushActionToken(hash(token)), JSON.stringify(grant), 'EX', ACTION_TOKEN_TTL_SECONDS);
  return token;
}

/** Returns the grant and deletes it in one step, so a token works exactly once. */
export async function consumeToken(redis: Redis, token: string): Promise<TokenGrant | null> {
  const raw = await redis.getdel(keys.pushActionToken(hash(token)));
  return raw ? (JSON.parse(raw) as TokenGrant) : null;
}
