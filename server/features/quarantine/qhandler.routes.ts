import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../../lib/auth/middleware.ts';
import { validate } from '../../lib/validate.ts';
import { quickAction, quickView } from './qhandler.service.ts';

const hashParam = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/, 'not a quarantine link') });
export const quickActionSchema = z.object({ action: z.enum(['release', 'delete']) });

/** No role check on purpose: the hash is the capability, as in mailcow. CSRF still applies to POST. */
export function qhandlerRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/:hash', validate('param', hashParam), async (c) =>
      c.json(await quickView(deps, { ...c.var.actor, kind: 'link' }, c.req.valid('param').hash), 200))
    .post('/:hash', validate('param', hashParam), validate('json', quickActionSchema), async (c) =>
      c.json(await quickAction(deps, { ...c.var.actor, kind: 'link' }, c.req.valid('param').hash, c.req.valid('json').action), 200));
}
