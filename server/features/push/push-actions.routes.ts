import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { cowbellPushSubscriptions as subs } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../../lib/auth/middleware.ts';
import { AppError } from '../../lib/errors.ts';
import { validate } from '../../lib/validate.ts';
import { applyAction } from '../quarantine/actions.service.ts';
import { consumeToken } from './action-tokens.ts';
import { pushActionSchema } from './push.schema.ts';

/**
 * Called by the service worker when a notification button is tapped. No session and no CSRF token:
 * the single-use token is the permission, bound to one item and one still-registered device.
 */
export function pushActionRoutes(deps: Deps) {
  return new Hono<AppEnv>().post('/push-actions', validate('json', pushActionSchema), async (c) => {
    const { token, action } = c.req.valid('json');
    const grant = await consumeToken(deps.redis, token);
    if (!grant) throw new AppError('not_found', 'This notification button has expired or was used already.');
    const [device] = await deps.db.select({ id: subs.id }).from(subs)
      .where(and(eq(subs.id, grant.subscriptionId), eq(subs.username, grant.username)));
    if (!device) throw new AppError('forbidden', 'This device is no longer registered for notifications.');
    // The token stands in for its mailbox user, for this one item only.
    const actor = { kind: 'push_token' as const, username: grant.username, role: 'user' as const, ip: c.var.actor.ip };
    const [result] = await applyAction(deps, actor, action, [grant.itemId]);
    return c.json(result, 200);
  });
}
