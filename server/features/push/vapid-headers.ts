// The VAPID Authorization header for a push service. web-push signs a fresh ES256 JWT (and converts
// the key to PEM) for every push; the JWT may live up to 24 hours (RFC 8292 section 2), so one per
// push service and key is made and reused for most of its life: less CPU on every push of a burst.
import webpush from 'web-push';
import type { VapidKeys } from './vapid.ts';

/** web-push's default lifetime (12 h); a header is renewed an hour before it expires. */
const LIFETIME_S = 12 * 3600;
const RENEW_BEFORE_MS = 3600_000;
/** Push services are a handful of origins; the bound only stops a hostile list of endpoints from growing it. */
const MAX_ENTRIES = 256;

const cache = new Map<string, { authorization: string; renewAt: number }>();

export function vapidAuthorization(endpoint: string, subject: string, vapid: VapidKeys, now = Date.now()): string {
  const audience = new URL(endpoint).origin;
  const key = `${audience}\n${subject}\n${vapid.publicKey}`;
  const hit = cache.get(key);
  if (hit && hit.renewAt > now) return hit.authorization;
  const expiration = Math.floor(now / 1000) + LIFETIME_S;
  const { Authorization: authorization } = webpush.getVapidHeaders(audience, subject, vapid.publicKey, vapid.privateKey, 'aes128gcm', expiration);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, { authorization, renewAt: now + LIFETIME_S * 1000 - RENEW_BEFORE_MS });
  return authorization;
}
