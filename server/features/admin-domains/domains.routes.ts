import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { createDomainInput, domainParam, editDomainInput } from '../../mailcow/domain.schema.ts';
import { createDomain, deleteDomain, domainDeletePreview, editDomain, getDomain } from '../../mailcow/domain.service.ts';

/** mailcow's add/get/edit/delete domain for the admin screens (the list is admin-directory's GET /domains). */
export function domainRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .post('/domains', gate('domain.create'), validate('json', createDomainInput), async (c) =>
      c.json({ domain: await createDomain(deps, c.var.actor, c.req.valid('json')) }, 201))
    .get('/domains/:domain', gate('domain.edit'), validate('param', domainParam), async (c) =>
      c.json({ domain: await getDomain(deps, c.var.actor, c.req.valid('param').domain) }, 200))
    .patch('/domains/:domain', gate('domain.edit'), validate('param', domainParam), validate('json', editDomainInput), async (c) =>
      c.json({ domain: await editDomain(deps, c.var.actor, c.req.valid('param').domain, c.req.valid('json')) }, 200))
    .get('/domains/:domain/delete-preview', gate('domain.delete'), validate('param', domainParam), async (c) =>
      c.json({ preview: await domainDeletePreview(deps, c.var.actor, c.req.valid('param').domain) }, 200))
    .delete('/domains/:domain', gate('domain.delete'), validate('param', domainParam), async (c) =>
      c.json({ deleted: await deleteDomain(deps, c.var.actor, c.req.valid('param').domain) }, 200));
}
