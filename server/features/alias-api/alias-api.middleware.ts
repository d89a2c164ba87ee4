// What both password-manager APIs share: CORS for callers in a browser, and the token as the only
// credential (a session cookie on these paths grants nothing).
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../../lib/auth/middleware.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import type { AliasValidity } from '../../mailcow/spamalias.service.ts';
import { authenticateAliasToken } from './alias-tokens.service.ts';
import type { TokenLimits } from './token-limits.ts';

export type AliasApiDeps = Deps & { limits: TokenLimits };

export type TokenEnv = AppEnv & { Variables: { actor: Actor; aliasToken: { id: number; validity: AliasValidity } } };

/**
 * The web vault and the desktop app call from their own origin, with a JSON body and an
 * Authentication/Authorization header: a preflighted CORS request. Any origin may ask, because no
 * cookie is involved (credentials are not allowed with "*") and the token is the whole credential;
 * the requested headers are allowed as asked, so a client that adds one keeps working. Errors
 * carry the headers too, or the browser would hide a 401 behind a network error.
 */
export const passwordManagerCors = cors({ origin: '*', allowMethods: ['GET', 'POST'], exposeHeaders: ['Retry-After'], maxAge: 600 });

/** SimpleLogin's `Authentication: <token>` or addy.io's `Authorization: Bearer <token>`, on either API. */
export function presentedToken(c: Context): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
  return bearer ?? (c.req.header('authentication')?.trim() || null);
}

export function aliasTokenAuth(deps: AliasApiDeps) {
  return createMiddleware<TokenEnv>(async (c, next) => {
    const holder = await authenticateAliasToken(deps, c.var.actor.ip, presentedToken(c));
    c.set('actor', holder.actor);
    c.set('aliasToken', holder.token);
    await next();
  });
}
