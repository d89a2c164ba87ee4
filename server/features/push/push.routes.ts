import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { cowbellPushSubscriptions as subs } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { AppError } from '../../lib/errors.ts';
import { validate } from '../../lib/validate.ts';
import { deliver, RetryLater } from './deliver.ts';
import { testPayload } from './notify.service.ts';
import { deviceParam, devicePatchSchema, subscribeSchema, type TestOutcome } from './push.schema.ts';
import { listDevices, removeDevice, saveSubscription, updateDevice } from './subscriptions.service.ts';
import { vapidKeys } from './vapid.ts';

export function pushRoutes(deps: Deps) {
  const user = gate('push.devices');
  return new Hono<SignedInEnv>()
    .get('/config', user, async (c) => c.json({ publicKey: (await vapidKeys(deps.db)).publicKey }, 200))
    .get('/devices', user, async (c) => c.json({ devices: await listDevices(deps.db, c.var.actor.username) }, 200))
    .put('/devices/:deviceId', user, validate('param', deviceParam), validate('json', subscribeSchema), async (c) =>
      c.json(await saveSubscription(deps, c.var.actor.username, c.req.valid('param').deviceId, c.req.valid('json')), 200))
    .patch('/devices/:deviceId', user, validate('param', deviceParam), validate('json', devicePatchSchema), async (c) =>
      c.json(await updateDevice(deps.db, c.var.actor.username, c.req.valid('param').deviceId, c.req.valid('json')), 200))
    .delete('/devices/:deviceId', user, validate('param', deviceParam), async (c) => {
      await removeDevice(deps.db, c.var.actor.username, c.req.valid('param').deviceId);
      return c.body(null, 204);
    })
    // Sent at once, not queued: the person pressing the button wants to know now.
    .post('/devices/:deviceId/test', user, validate('param', deviceParam), async (c) => {
      const [sub] = await deps.db.select().from(subs)
        .where(and(eq(subs.username, c.var.actor.username), eq(subs.deviceId, c.req.valid('param').deviceId)));
      if (!sub) throw new AppError('not_found', 'This device has no notifications set up.');
      const outcome: TestOutcome = await deliver(deps, sub.id, testPayload(sub.locale))
        .catch((e) => (e instanceof RetryLater ? 'retry' as const : Promise.reject(e)));
      return c.json({ outcome }, 200);
    });
}
