// addy.io's alias endpoints, as Bitwarden's addy.io forwarder calls them
// (docs/password-manager-apis.md): 201 with `data.email`; errors as Laravel writes them,
// `{ "message": "..." }`, and 422 with `errors` per field for bad input.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { toAppError } from '../../lib/errors.ts';
import { validate } from '../../lib/validate.ts';
import type { TimeLimitedAlias } from '../../mailcow/spamalias.service.ts';
import { aliasTokenAuth, passwordManagerCors, type AliasApiDeps, type TokenEnv } from './alias-api.middleware.ts';
import { addyCreateBody, addyListQuery } from './alias-api.schema.ts';
import { createAliasForSite, listOwnAliases, siteOf } from './alias-api.service.ts';

/** Exactly this path: mailcow's own `/api/v1/{get,add,edit,delete}/…` will live beside it. */
export const ADDY_PATH = '/api/v1/aliases';

/** The fields of addy.io's alias resource that Cowbell can fill truthfully; Bitwarden reads `data.email`. */
function addyAlias(a: TimeLimitedAlias) {
  const at = a.address.lastIndexOf('@');
  return {
    id: a.address, user_id: a.goto, local_part: a.address.slice(0, at), extension: null, domain: a.address.slice(at + 1),
    email: a.address, active: true, description: a.description || null, created_at: a.created, updated_at: a.created, deleted_at: null,
  };
}

function addyError(err: Error, c: Context) {
  const e = toAppError(err, c);
  if (e.retryAfter) c.header('Retry-After', String(e.retryAfter));
  if (e.code !== 'validation_failed') return c.json({ message: e.message }, e.status);
  const errors: Record<string, string[]> = {};
  for (const i of e.issues) (errors[i.path || 'body'] ??= []).push(i.message);
  return c.json({ message: e.issues[0]?.message ?? e.message, errors }, 422);
}

export function addyRoutes(deps: AliasApiDeps) {
  const auth = aliasTokenAuth(deps);
  return new Hono<TokenEnv>()
    .options(ADDY_PATH, passwordManagerCors)
    .post(ADDY_PATH, passwordManagerCors, auth, validate('json', addyCreateBody), async (c) => {
      const body = c.req.valid('json');
      const alias = await createAliasForSite(deps, c.var.actor, { site: siteOf(null, body.description), domain: body.domain, validity: c.var.aliasToken.validity });
      return c.json({ data: addyAlias(alias) }, 201);
    })
    .get(ADDY_PATH, passwordManagerCors, auth, validate('query', addyListQuery), async (c) => {
      const q = c.req.valid('query');
      const page = await listOwnAliases(deps, c.var.actor, { q: q['filter[search]'], cursor: q.cursor, limit: q['page[size]'] });
      const params = { ...(q['filter[search]'] ? { 'filter[search]': q['filter[search]'] } : {}), 'page[size]': String(q['page[size]']) };
      const next = page.nextCursor ? `${ADDY_PATH}?${new URLSearchParams({ ...params, cursor: page.nextCursor })}` : null;
      return c.json({ data: page.items.map(addyAlias), links: { next }, meta: { per_page: q['page[size]'], next_cursor: page.nextCursor } }, 200);
    })
    .onError(addyError);
}
