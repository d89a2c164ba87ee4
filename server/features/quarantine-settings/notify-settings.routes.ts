import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { requireRole, type AppEnv } from '../../lib/auth/middleware.ts';
import { validate } from '../../lib/validate.ts';
import { notifySettingsInput } from './notify-settings.schema.ts';
import { getNotifySettings, updateNotifySettings } from './notify-settings.service.ts';

export function notifySettingsRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/', requireRole('user'), async (c) => c.json(await getNotifySettings(deps, c.var.session.username), 200))
    .put('/', requireRole('user'), validate('json', notifySettingsInput), async (c) =>
      c.json(await updateNotifySettings(deps, c.var.session.username, c.req.valid('json')), 200));
}
