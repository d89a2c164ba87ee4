import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { aliasTokenParam, createAliasTokenSchema } from './alias-tokens.schema.ts';
import { createAliasToken, listAliasTokens, revokeAliasToken } from './alias-tokens.service.ts';

/** The signed-in user's password-manager tokens (the PWA's settings page). */
export function aliasTokenRoutes(deps: Deps) {
  const user = gate('aliasTokens.manage');
  return new Hono<SignedInEnv>()
    .get('/', user, async (c) => c.json({ tokens: await listAliasTokens(deps, c.var.actor) }, 200))
    .post('/', gate('aliasTokens.create'), validate('json', createAliasTokenSchema), async (c) =>
      c.json(await createAliasToken(deps, c.var.actor, c.req.valid('json')), 201))
    .delete('/:id', user, validate('param', aliasTokenParam), async (c) => {
      await revokeAliasToken(deps, c.var.actor, c.req.valid('param'));
      return c.body(null, 204);
    });
}
