import { timingSafeEqual } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import { anonymousActor, type Actor } from '../authz/actor.ts';
import { AppError } from '../errors.ts';
import { clientIp, isHttps } from '../http.ts';
import { newToken, type Session, type SessionStore } from './session-store.ts';
import { proofIsFresh } from './step-up.ts';

const SESSION_NAME = 'cowbell_session';
const CSRF_NAME = 'cowbell_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Over HTTPS the cookies carry the `__Host-` prefix: the browser then only accepts them Secure, from
 * this exact host, for path "/", so a sibling subdomain cannot plant or shadow them. Under a
 * BASE_PATH (`path`) they live on that path only, where `__Host-` is not allowed: `__Secure-` then.
 */
export const cookieName = (base: 'session' | 'csrf', secure: boolean, path = '/') =>
  `${!secure ? '' : path === '/' ? '__Host-' : '__Secure-'}${base === 'session' ? SESSION_NAME : CSRF_NAME}`;

/** Name and attributes of a cookie as this request sets or reads it. */
function cookieScope(c: Context, deps: Deps, base: 'session' | 'csrf') {
  const secure = isHttps(c, deps.env);
  const path = deps.env.BASE_PATH;
  return { name: cookieName(base, secure, path), secure, path };
}

export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: {
    session: Session | null; sessionId: string | null; actor: Actor;
    /** The route put its body in its final coding itself (encodeJson): compressJson leaves it alone. */
    encoded?: boolean;
  };
}

const setCsrfCookie = (c: Context, deps: Deps, token: string) => {
  const { name, secure, path } = cookieScope(c, deps, 'csrf');
  // Readable by the page on purpose: it echoes the value in X-CSRF-Token (double submit).
  setCookie(c, name, token, { httpOnly: false, sameSite: 'Strict', secure, path });
};

export function setSessionCookies(c: Context, deps: Deps, sessionId: string, csrf: string) {
  const { name, secure, path } = cookieScope(c, deps, 'session');
  setCookie(c, name, sessionId, { httpOnly: true, sameSite: 'Lax', secure, path });
  setCsrfCookie(c, deps, csrf);
}

export function clearSessionCookie(c: Context, deps: Deps) {
  const { name, secure, path } = cookieScope(c, deps, 'session');
  setCookie(c, name, '', { httpOnly: true, sameSite: 'Lax', secure, path, maxAge: 0 });
}

export const readCookie = (c: Context, deps: Deps, base: 'session' | 'csrf') => getCookie(c, cookieScope(c, deps, base).name);

/** Makes sure an anonymous visitor has a CSRF token before its first state-changing call (sign-in). */
export function ensureCsrfCookie(c: Context, deps: Deps): string {
  const existing = readCookie(c, deps, 'csrf');
  if (existing && existing.length >= 32) return existing;
  const token = newToken();
  setCsrfCookie(c, deps, token);
  return token;
}

/** How often a session's account is looked up again: changes made elsewhere end it within this. */
export const ACCOUNT_RECHECK_MS = 2_000;

/**
 * Loads the session and makes the request's Actor. A session whose account changed (see
 * sessionStillValid) is ended here, whoever changed the account.
 */
export function loadSession(deps: Deps, store: SessionStore, stillValid: (s: Session) => Promise<boolean>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const id = readCookie(c, deps, 'session');
    let session = id ? await store.load(id) : null;
    // Written as "not recently checked" so a session without checkedAt (made by an older Cowbell) is checked too.
    if (session && !(deps.now() - session.checkedAt <= ACCOUNT_RECHECK_MS)) {
      if (await stillValid(session)) await store.markChecked(id!, session);
      else {
        await store.destroy(id!);
        session = null;
      }
    }
    c.set('session', session);
    c.set('sessionId', session ? id! : null);
    const ip = clientIp(c, deps.env);
    c.set('actor', session && session.state === 'active'
      // A session held to setting up a second factor is fresh like any other: for STEP_UP_MINUTES after
      // its sign-in, then it confirms again (never for its whole life: review finding M1).
      ? { kind: 'session', username: session.username, role: session.role, ip, freshProof: proofIsFresh(deps, session) }
      : anonymousActor(ip));
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
export function csrfGuard(deps: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (c.req.header('sec-fetch-site') === 'cross-site') {
      throw new AppError('csrf_failed', 'Cross-site requests are not accepted.');
    }
    const header = c.req.header(CSRF_HEADER);
    const cookie = readCookie(c, deps, 'csrf');
    const session = c.get('session');
    if (!sameToken(header, cookie) || (session && !sameToken(header, session.csrf))) {
      throw new AppError('csrf_failed', 'The security token is missing or stale. Reload the page and try again.');
    }
    await next();
  });
}
