import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { duplicateDkimInput, generateDkimInput, importDkimInput } from '../../mailcow/dkim.schema.ts';
import { deleteDkim, duplicateDkim, generateDkim, getDkim, importDkim, listDkim } from '../../mailcow/dkim.service.ts';
import { domainParam } from '../../mailcow/domain.schema.ts';

/** mailcow's dkim() for the admin DKIM page and the domain edit form. */
export function dkimRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/dkim', gate('dkim.manage'), async (c) => c.json(await listDkim(deps, c.var.actor), 200))
    .get('/dkim/:domain', gate('dkim.read'), validate('param', domainParam), async (c) =>
      c.json({ record: await getDkim(deps, c.var.actor, c.req.valid('param').domain) }, 200))
    .post('/dkim/:domain', gate('dkim.add'), validate('param', domainParam), validate('json', generateDkimInput), async (c) =>
      c.json({ record: await generateDkim(deps, c.var.actor, c.req.valid('param').domain, c.req.valid('json')) }, 201))
    .post('/dkim/:domain/import', gate('dkim.manage'), validate('param', domainParam), validate('json', importDkimInput), async (c) =>
      c.json({ record: await importDkim(deps, c.var.actor, c.req.valid('param').domain, c.req.valid('json')) }, 200))
    .post('/dkim/:domain/duplicate', gate('dkim.manage'), validate('param', domainParam), validate('json', duplicateDkimInput), async (c) =>
      c.json({ records: await duplicateDkim(deps, c.var.actor, c.req.valid('param').domain, c.req.valid('json')) }, 200))
    .delete('/dkim/:domain', gate('dkim.manage'), validate('param', domainParam), async (c) =>
      c.json(await deleteDkim(deps, c.var.actor, c.req.valid('param').domain), 200));
}
