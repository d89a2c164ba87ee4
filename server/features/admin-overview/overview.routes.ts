import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { requireRole, type AppEnv } from '../../lib/auth/middleware.ts';
import { getOverview } from './overview.service.ts';

export function overviewRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/', requireRole('admin', 'domain_admin'), async (c) =>
      c.json(await getOverview(deps, c.var.session.username, c.var.session.role), 200));
}
