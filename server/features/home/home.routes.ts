import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { getHome } from './home.service.ts';

export function homeRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/', gate('home.read'), async (c) => c.json(await getHome(deps, c.var.actor), 200));
}
