import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { mailboxQuerySchema, searchQuerySchema } from './directory.schema.ts';
import { listDomainNames, listDomains } from './directory.service.ts';
import { listMailboxes } from './mailbox-list.service.ts';
import { searchDirectory } from './search.service.ts';

export function directoryRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/domains', gate('directory.read'), async (c) => c.json(await listDomains(deps.db, c.var.actor), 200))
    .get('/domain-names', gate('directory.read'), async (c) => c.json(await listDomainNames(deps.db, c.var.actor), 200))
    .get('/mailboxes', gate('directory.read'), validate('query', mailboxQuerySchema), async (c) =>
      c.json(await listMailboxes(deps, c.var.actor, c.req.valid('query')), 200))
    .get('/search', gate('directory.read'), validate('query', searchQuerySchema), async (c) =>
      c.json({ hits: await searchDirectory(deps.db, c.var.actor, c.req.valid('query')) }, 200));
}
