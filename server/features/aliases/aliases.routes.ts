import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { getAliasDefaults, setAliasDefaults } from '../../mailcow/spamalias-defaults.ts';
import {
  createTimeLimitedAlias, deleteTimeLimitedAlias, editTimeLimitedAlias, listTimeLimitedAliases,
} from '../../mailcow/spamalias.service.ts';
import {
  aliasAddressParam, aliasDefaultsInput, createTimeLimitedAliasInput, editTimeLimitedAliasInput, inboundQuerySchema,
  listTimeLimitedAliasesInput,
} from './aliases.schema.ts';
import { listInboundAddresses } from './inbound.service.ts';

export function aliasRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/', gate('aliases.read'), validate('query', inboundQuerySchema), async (c) =>
      c.json(await listInboundAddresses(deps, c.var.actor, c.req.valid('query')), 200))
    .get('/defaults', gate('aliases.defaults'), async (c) => c.json(await getAliasDefaults(deps, c.var.actor), 200))
    .put('/defaults', gate('aliases.defaults'), validate('json', aliasDefaultsInput), async (c) =>
      c.json(await setAliasDefaults(deps, c.var.actor, c.req.valid('json')), 200))
    .get('/time-limited', gate('aliases.read'), validate('query', listTimeLimitedAliasesInput), async (c) =>
      c.json(await listTimeLimitedAliases(deps, c.var.actor, c.req.valid('query')), 200))
    .post('/time-limited', gate('spamalias.write'), validate('json', createTimeLimitedAliasInput), async (c) =>
      c.json(await createTimeLimitedAlias(deps, c.var.actor, c.req.valid('json')), 201))
    .patch('/time-limited/:address', gate('spamalias.write'), validate('param', aliasAddressParam), validate('json', editTimeLimitedAliasInput),
      async (c) => c.json(await editTimeLimitedAlias(deps, c.var.actor, { ...c.req.valid('json'), ...c.req.valid('param') }), 200))
    .delete('/time-limited/:address', gate('spamalias.write'), validate('param', aliasAddressParam), async (c) => {
      await deleteTimeLimitedAlias(deps, c.var.actor, c.req.valid('param'));
      return c.body(null, 204);
    });
}
