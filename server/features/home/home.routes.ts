import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { requireRole, type AppEnv } from '../../lib/auth/middleware.ts';
import { getHome } from './home.service.ts';

export function homeRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/', requireRole('user'), async (c) => c.json(await getHome(deps, c.var.session.username), 200));
}
