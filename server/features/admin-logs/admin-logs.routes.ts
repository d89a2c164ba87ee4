import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { apiLogQuery, uiLogQuery } from './admin-logs.schema.ts';
import { readApiLog, readUiLog } from './admin-logs.service.ts';

/** mailcow's `logs` table and its API_LOG list, for admins. */
export function adminLogRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/ui', gate('logs.read'), validate('query', uiLogQuery), async (c) => c.json(await readUiLog(deps, c.var.actor, c.req.valid('query')), 200))
    .get('/api', gate('logs.read'), validate('query', apiLogQuery), async (c) => c.json(await readApiLog(deps, c.var.actor, c.req.valid('query')), 200));
}
