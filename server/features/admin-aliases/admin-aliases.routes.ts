import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { editAliasInput } from '../../mailcow/alias.schema.ts';
import { deleteAlias, editAlias } from '../../mailcow/alias.service.ts';
import { aliasDomainParam, createAliasDomainInput, editAliasDomainInput } from '../../mailcow/alias-domain.schema.ts';
import { createAliasDomain, deleteAliasDomain, editAliasDomain } from '../../mailcow/alias-domain.service.ts';
import { aliasDomainListQuery, aliasIdParam, aliasListQuery, bulkAliasInput, createAliasesInput } from './admin-aliases.schema.ts';
import { bulkAliases, createAliases } from './alias-bulk.service.ts';
import { listAliasDomains, listAliases } from './alias-list.service.ts';

const editBody = editAliasInput.omit({ id: true }).strict();

/**
 * Regular aliases and alias domains for the admin screens (mailcow's add/edit/delete alias and
 * alias_domain). Several aliases at once answer 200 with a result per address: each is written on
 * its own, so some may be made while others are refused.
 */
export function adminAliasRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/aliases', gate('directory.read'), validate('query', aliasListQuery), async (c) =>
      c.json(await listAliases(deps.db, c.var.actor, c.req.valid('query')), 200))
    .post('/aliases', gate('alias.write'), validate('json', createAliasesInput), async (c) =>
      c.json(await createAliases(deps, c.var.actor, c.req.valid('json')), 200))
    .post('/aliases/bulk', gate('alias.write'), validate('json', bulkAliasInput), async (c) =>
      c.json(await bulkAliases(deps, c.var.actor, c.req.valid('json')), 200))
    .patch('/aliases/:id', gate('alias.write'), validate('param', aliasIdParam), validate('json', editBody), async (c) =>
      c.json({ alias: await editAlias(deps, c.var.actor, { ...c.req.valid('json'), id: c.req.valid('param').id }) }, 200))
    .delete('/aliases/:id', gate('alias.write'), validate('param', aliasIdParam), async (c) => {
      await deleteAlias(deps, c.var.actor, { id: c.req.valid('param').id });
      return c.json({ deleted: c.req.valid('param').id }, 200);
    })
    .get('/alias-domains', gate('directory.read'), validate('query', aliasDomainListQuery), async (c) =>
      c.json(await listAliasDomains(deps.db, c.var.actor, c.req.valid('query')), 200))
    .post('/alias-domains', gate('aliasDomain.create'), validate('json', createAliasDomainInput), async (c) =>
      c.json({ aliasDomain: await createAliasDomain(deps, c.var.actor, c.req.valid('json')) }, 201))
    .patch('/alias-domains/:aliasDomain', gate('aliasDomain.write'), validate('param', aliasDomainParam), validate('json', editAliasDomainInput),
      async (c) => c.json({ aliasDomain: await editAliasDomain(deps, c.var.actor, c.req.valid('param').aliasDomain, c.req.valid('json')) }, 200))
    .delete('/alias-domains/:aliasDomain', gate('aliasDomain.write'), validate('param', aliasDomainParam), async (c) =>
      c.json({ deleted: await deleteAliasDomain(deps, c.var.actor, c.req.valid('param').aliasDomain) }, 200));
}
