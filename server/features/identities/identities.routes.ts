import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { identityInput, identityParam } from './identities.schema.ts';
import { listIdentities, removeIdentity, setDefaultIdentity, updateIdentity } from './identities.service.ts';

/** The signed-in mailbox user's own From identities; an address in the path is one of theirs or refused. */
export function identitiesRoutes(deps: Deps) {
  const user = gate('identities.manage');
  return new Hono<SignedInEnv>()
    .get('/', user, async (c) => c.json(await listIdentities(deps, c.var.actor), 200))
    .put('/:address', user, validate('param', identityParam), validate('json', identityInput), async (c) =>
      c.json(await updateIdentity(deps, c.var.actor, c.req.valid('param').address, c.req.valid('json')), 200))
    .put('/:address/default', user, validate('param', identityParam), async (c) =>
      c.json(await setDefaultIdentity(deps, c.var.actor, c.req.valid('param').address), 200))
    .delete('/:address', user, validate('param', identityParam), async (c) =>
      c.json(await removeIdentity(deps, c.var.actor, c.req.valid('param').address), 200));
}
