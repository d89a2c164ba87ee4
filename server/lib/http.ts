import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { Env } from '../env.ts';

/** The client's address: the socket's, or mailcow's nginx's X-Real-IP when we sit behind it. */
export function clientIp(c: { req: Context['req']; env: Partial<HttpBindings> | undefined }, env: Env): string {
  if (env.TRUST_PROXY) {
    const forwarded = c.req.header('x-real-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0];
    if (forwarded?.trim()) return forwarded.trim();
  }
  const raw = c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
  return raw.startsWith('::ffff:') ? raw.slice(7) : raw;
}

export function isHttps(c: Context, env: Env): boolean {
  if (env.COOKIE_SECURE !== 'auto') return env.COOKIE_SECURE === 'always';
  if (env.TRUST_PROXY && c.req.header('x-forwarded-proto') === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}
