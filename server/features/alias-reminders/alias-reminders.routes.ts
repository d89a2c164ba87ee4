import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { aliasReminderSettingsInput } from './alias-reminders.schema.ts';
import { getAliasReminderSettings, setAliasReminderSettings } from './alias-reminders.service.ts';

export function aliasReminderRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/', gate('aliases.reminders'), async (c) => c.json(await getAliasReminderSettings(deps, c.var.actor), 200))
    .put('/', gate('aliases.reminders'), validate('json', aliasReminderSettingsInput), async (c) =>
      c.json(await setAliasReminderSettings(deps, c.var.actor, c.req.valid('json')), 200));
}
