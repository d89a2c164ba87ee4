import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../../lib/auth/middleware.ts';
import { validate } from '../../lib/validate.ts';
import { runPushAction } from './push-actions.service.ts';
import { pushActionSchema } from './push.schema.ts';

/**
 * Called by the service worker when a notification button is tapped. No session and no CSRF token:
 * the token is the permission, bound to one item or alias, one action and one still-registered device.
 */
export function pushActionRoutes(deps: Deps) {
  return new Hono<AppEnv>().post('/push-actions', validate('json', pushActionSchema), async (c) => {
    const { token, action } = c.req.valid('json');
    return c.json(await runPushAction(deps, token, action, c.var.actor.ip), 200);
  });
}
