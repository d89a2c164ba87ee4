import { timingSafeEqual } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import { AppError } from '../errors.ts';
import { isHttps } from '../http.ts';
import type { Role } from '../roles.ts';
import { newToken, type Session, type SessionStore } from './session-store.ts';

export const SESSION_COOKIE = 'cowbell_session';
export const CSRF_COOKIE = 'cowbell_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: { session: Session | null; sessionId: string | null };
}

export function setSessionCookies(c: Context, deps: Deps, sessionId: string, csrf: string) {
  const secure = isHttps(c, deps.env);
  setCookie(c, SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'Lax', secure, path: '/' });
  // Readable by the page on purpose: it echoes the value in X-CSRF-Token (double submit).
  setCookie(c, CSRF_COOKIE, csrf, { httpOnly: false, sameSite: 'Strict', secure, path: '/' });
}

/** Makes sure an anonymous visitor has a CSRF token before its first state-changing call (sign-in). */
export function ensureCsrfCookie(c: Context, deps: Deps): string {
  const existing = getCookie(c, CSRF_COOKIE);
  if (existing && existing.length >= 32) return existing;
  const token = newToken();
  setCookie(c, CSRF_COOKIE, token, { httpOnly: false, sameSite: 'Strict', secure: isHttps(c, deps.env), path: '/' });
  return token;
}

export function loadSession(store: SessionStore) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE);
    const session = id ? await store.load(id) : null;
    c.set('session', session);
    c.set('sessionId', session ? id! : null);
    await next();
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Every state-changing call must echo the CSRF cookie in a header (a cross-site form cannot read
 * the cookie), and once signed in that token must also be the session's own.
 */
export function csrfGuard() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (c.req.header('sec-fetch-site') === 'cross-site') {
      throw new AppError('csrf_failed', 'Cross-site requests are not accepted.');
    }
    const header = c.req.header(CSRF_HEADER);
    const cookie = getCookie(c, CSRF_COOKIE);
    const session = c.get('session');
    if (!sameToken(header, cookie) || (session && !sameToken(header, session.csrf))) {
      throw new AppError('csrf_failed', 'The security token is missing or stale. Reload the page and try again.');
    }
    await next();
  });
}

/** The one gate for roles: a route names who may call it. */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv & { Variables: { session: Session } }>(async (c, next) => {
    const session = c.get('session');
    if (!session || session.state !== 'active') throw new AppError('unauthenticated', 'Please sign in.');
    if (!roles.includes(session.role)) throw new AppError('forbidden', 'You are not allowed to do this.');
    await next();
  });
}
