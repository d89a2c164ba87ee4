import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { notifySettingsInput } from './notify-settings.schema.ts';
import { getNotifySettings, updateNotifySettings } from './notify-settings.service.ts';

export function notifySettingsRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/', gate('quarantine.settings'), async (c) => c.json(await getNotifySettings(deps, c.var.actor), 200))
    .put('/', gate('quarantine.settings'), validate('json', notifySettingsInput), async (c) =>
      c.json(await updateNotifySettings(deps, c.var.actor, c.req.valid('json')), 200));
}
