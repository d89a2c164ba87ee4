import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { pushoverSettingsInput, pushoverVerifyInput } from '../../mailcow/pushover.schema.ts';
import { deletePushover, getPushover, savePushover, verifyPushover } from '../../mailcow/pushover.service.ts';

/** The signed-in mailbox user's own Pushover settings; the service holds every rule. */
export function pushoverRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/', gate('pushover.read'), async (c) => c.json(await getPushover(deps, c.var.actor), 200))
    .put('/', gate('pushover.edit'), validate('json', pushoverSettingsInput), async (c) =>
      c.json(await savePushover(deps, c.var.actor, c.req.valid('json')), 200))
    .delete('/', gate('pushover.edit'), async (c) => {
      await deletePushover(deps, c.var.actor);
      return c.body(null, 204);
    })
    .post('/verify', gate('pushover.edit'), validate('json', pushoverVerifyInput), async (c) =>
      c.json(await verifyPushover(deps, c.var.actor, c.req.valid('json')), 200));
}
