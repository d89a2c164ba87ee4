import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { mailboxQuerySchema } from './directory.schema.ts';
import { listDomains, listMailboxes } from './directory.service.ts';

export function directoryRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/domains', gate('directory.read'), async (c) => c.json(await listDomains(deps.db, c.var.actor), 200))
    .get('/mailboxes', gate('directory.read'), validate('query', mailboxQuerySchema), async (c) =>
      c.json(await listMailboxes(deps.db, c.var.actor, c.req.valid('query')), 200));
}
