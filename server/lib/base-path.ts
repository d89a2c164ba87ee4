// Cowbell under a path of another site's host (BASE_PATH, e.g. /cowbell/ on mailcow's host name, so
// security keys registered in mailcow's UI work here too: WebAuthn binds them to the host name).
// The proxy passes the path through unchanged. The app reads every request's path below the prefix,
// so routes, static files and middleware are written as if Cowbell had the host to itself, and it
// answers nothing outside the prefix: mailcow's own pages stay mailcow's.
import type { Context, MiddlewareHandler } from 'hono';
import { getPath } from 'hono/utils/url';
import type { Env } from '../env.ts';

/** The request's path below `base` ("/cowbell/api/x" → "/api/x"); a path outside it as it came. */
export function pathBelowBase(base: string, request: Request): string {
  const path = getPath(request);
  return base !== '/' && path.startsWith(base) ? path.slice(base.length - 1) : path;
}

/** Outside the prefix: 404; the prefix without its slash: redirected to it (relative URLs need the slash). */
export function onlyBelowBase(base: string): MiddlewareHandler {
  return async (c: Context, next) => {
    const path = getPath(c.req.raw);
    if (path.startsWith(base)) return next();
    if (path === base.slice(0, -1)) return c.redirect(base + new URL(c.req.url).search, 308);
    return c.notFound();
  };
}

/** An app path ("/quarantine/5") as the browser reaches it ("/cowbell/quarantine/5"). */
export const pathUnderBase = (env: Pick<Env, 'BASE_PATH'>, path: string) => env.BASE_PATH + path.replace(/^\//, '');

/** An app path as an absolute URL on PUBLIC_URL's origin (links in mail). */
export const publicUrl = (env: Pick<Env, 'BASE_PATH' | 'PUBLIC_URL'>, path = '/') => new URL(pathUnderBase(env, path), env.PUBLIC_URL).href;
