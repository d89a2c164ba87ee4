import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { getOverview } from './overview.service.ts';

export function overviewRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/', gate('overview.read'), async (c) => c.json(await getOverview(deps, c.var.actor), 200));
}
