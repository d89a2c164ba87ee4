import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { Env } from '../env.ts';

type RequestContext = { req: Context['req']; env: Partial<HttpBindings> | undefined };

/** The TCP peer's address. What machine-to-machine callers are judged by: it cannot be forged. */
export function peerIp(c: RequestContext): string {
  const raw = c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
  return raw.startsWith('::ffff:') ? raw.slice(7) : raw;
}

/** The person's address: the peer's, or mailcow's nginx's X-Real-IP when we sit behind it (logs, limits). */
export function clientIp(c: RequestContext, env: Env): string {
  if (env.TRUST_PROXY) {
    const forwarded = c.req.header('x-real-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0];
    if (forwarded?.trim()) return forwarded.trim();
  }
  return peerIp(c);
}

export function isHttps(c: Context, env: Env): boolean {
  if (env.COOKIE_SECURE !== 'auto') return env.COOKIE_SECURE === 'always';
  if (env.TRUST_PROXY && c.req.header('x-forwarded-proto') === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}
