// SimpleLogin's random-alias endpoint, as Bitwarden's SimpleLogin forwarder calls it
// (docs/password-manager-apis.md): 201 with `alias`, errors as `{ "error": "<message>" }`.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { toAppError } from '../../lib/errors.ts';
import { validate } from '../../lib/validate.ts';
import type { TimeLimitedAlias } from '../../mailcow/spamalias.service.ts';
import { aliasTokenAuth, passwordManagerCors, type AliasApiDeps, type TokenEnv } from './alias-api.middleware.ts';
import { simpleLoginBody, simpleLoginQuery } from './alias-api.schema.ts';
import { createAliasForSite, siteOf } from './alias-api.service.ts';

export const SIMPLELOGIN_PATH = '/api/alias/random/new';

/** The fields of SimpleLogin's alias object that Cowbell can fill truthfully; Bitwarden reads `alias`. */
const simpleLoginAlias = (a: TimeLimitedAlias) => ({ alias: a.address, email: a.address, note: a.description || null, name: null, enabled: true });

/** SimpleLogin's errors are `{ "error": "..." }`; Bitwarden shows the text (401: "invalid token: <text>"). */
function simpleLoginError(err: Error, c: Context) {
  const e = toAppError(err, c);
  if (e.retryAfter) c.header('Retry-After', String(e.retryAfter));
  const error = e.issues.length > 0 ? e.issues.map((i) => i.message).join(' ') : e.message;
  return c.json({ error }, e.status);
}

export function simpleLoginRoutes(deps: AliasApiDeps) {
  return new Hono<TokenEnv>()
    .on(['OPTIONS', 'POST'], SIMPLELOGIN_PATH, passwordManagerCors, aliasTokenAuth(deps),
      validate('query', simpleLoginQuery), validate('json', simpleLoginBody), async (c) => {
        const alias = await createAliasForSite(deps, c.var.actor, {
          site: siteOf(c.req.valid('query').hostname, c.req.valid('json').note), validity: c.var.aliasToken.validity,
        });
        return c.json(simpleLoginAlias(alias), 201);
      })
    .onError(simpleLoginError);
}
