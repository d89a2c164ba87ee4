import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import ipaddr from 'ipaddr.js';
import type { Env } from '../env.ts';
import { inNetworks } from './networks.ts';

type RequestContext = { req: Context['req']; env: Partial<HttpBindings> | undefined };

/** The TCP peer's address. What machine-to-machine callers are judged by: it cannot be forged. */
export function peerIp(c: RequestContext): string {
  const raw = c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
  return raw.startsWith('::ffff:') ? raw.slice(7) : raw;
}

/** Forwarded headers are believed only when the peer is one of the configured proxies. */
export function fromTrustedProxy(c: RequestContext, env: Env): boolean {
  return env.TRUST_PROXY.length > 0 && inNetworks(peerIp(c), env.TRUST_PROXY);
}

const validIp = (v: string | undefined) => {
  const s = v?.trim();
  return s && ipaddr.isValid(s) ? ipaddr.parse(s).toString() : null;
};

/**
 * The person's address: the peer's, or what a trusted proxy says. The right-most X-Forwarded-For hop
 * that is not itself a trusted proxy is the one the nearest trusted proxy saw connect (nginx's
 * $proxy_add_x_forwarded_for appends it; anything to its left is the client's to write). Only without
 * X-Forwarded-For is X-Real-IP taken (some proxies pass a client's X-Real-IP through unchanged).
 * Anything that is not an IP address is ignored, so the result never carries text of the caller's.
 */
export function clientIp(c: RequestContext, env: Env): string {
  if (fromTrustedProxy(c, env)) {
    const forwarded = c.req.header('x-forwarded-for');
    if (forwarded !== undefined) {
      const hops = forwarded.split(',').map(validIp);
      for (let i = hops.length - 1; i >= 0; i--) {
        const hop = hops[i];
        if (hop === null) break; // a hop that is no address: nothing to its left can be trusted
        if (!inNetworks(hop, env.TRUST_PROXY) || i === 0) return hop;
      }
      return peerIp(c);
    }
    const real = validIp(c.req.header('x-real-ip'));
    if (real) return real;
  }
  return peerIp(c);
}

/** Headers only a proxy adds (any X-Forwarded-*, too): ingest refuses requests that carry one. */
export const PROXY_HEADERS = ['x-real-ip', 'forwarded', 'via'];

export function carriesProxyHeaders(c: RequestContext): boolean {
  if (PROXY_HEADERS.some((h) => c.req.header(h) !== undefined)) return true;
  return Object.keys(c.req.header()).some((name) => name.toLowerCase().startsWith('x-forwarded-'));
}

/** Whether the request reached the user over HTTPS: directly, or as a trusted proxy says. */
export function requestIsHttps(c: RequestContext, env: Env): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return fromTrustedProxy(c, env) && c.req.header('x-forwarded-proto')?.split(',')[0].trim() === 'https';
}

/**
 * Secure cookies. "auto": Secure when PUBLIC_URL is https (a TLS proxy in front, whether or not its
 * headers are trusted), or when this request came over HTTPS.
 */
export function isHttps(c: RequestContext, env: Env): boolean {
  if (env.COOKIE_SECURE !== 'auto') return env.COOKIE_SECURE === 'always';
  return env.PUBLIC_URL.startsWith('https:') || requestIsHttps(c, env);
}
