// Machine-to-machine endpoints (rspamd's quarantine ingest, Dovecot's new-mail events): no session,
// no CSRF. Instead the caller must be a trusted network's TCP peer, send the shared secret, and come
// directly: a request with proxy headers came through a proxy, whose own address would pass the
// network check for the whole internet, so such requests are refused outright.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './auth/middleware.ts';
import { AppError } from './errors.ts';
import { carriesProxyHeaders, peerIp } from './http.ts';
import { inNetworks, parseNetworks } from './networks.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Digests have one length whatever was sent: no length leak, no throw on odd bytes. */
export const sameSecret = (given: string, secret: string) => timingSafeEqual(digest(given), digest(secret));

export interface PeerRule {
  /** INGEST_ALLOWED_NETWORKS: comma-separated IPs/CIDRs. */
  networks: string;
  /** The shared secret; undefined means none is configured. */
  secret: string | undefined;
  /** Without a configured secret: refuse everyone (true), or trust the network alone (false, rspamd's old rule). */
  secretRequired: boolean;
  /** What the refusals name: "quarantine ingest", "new-mail events". */
  what: string;
  /** Where this caller sends its secret. */
  given: (c: Context<AppEnv>) => string;
}

export function trustedPeer(rule: PeerRule) {
  const networks = parseNetworks(rule.networks);
  const what = rule.what[0].toUpperCase() + rule.what.slice(1);
  return createMiddleware<AppEnv>(async (c, next) => {
    if (carriesProxyHeaders(c)) throw new AppError('forbidden', `${what} is not accepted through a proxy.`);
    if (!inNetworks(peerIp(c), networks)) throw new AppError('forbidden', `This address may not send ${rule.what}.`);
    if (rule.secret === undefined && rule.secretRequired) {
      throw new AppError('forbidden', `${what} is off here: no secret is configured.`);
    }
    if (rule.secret !== undefined && !sameSecret(rule.given(c), rule.secret)) {
      throw new AppError('forbidden', `Wrong or missing secret for ${rule.what}.`);
    }
    await next();
  });
}

/** `Authorization: Bearer <secret>` (Dovecot's Lua script); '' when absent. */
export const bearer = (c: Context<AppEnv>) => /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1].trim() ?? '';
