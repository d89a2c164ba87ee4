import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { quarantineSettingsInput } from '../../mailcow/quarantine-settings.schema.ts';
import { fromCowbellInput, getQuarantineSettings, saveQuarantineSettings } from '../../mailcow/quarantine-settings.service.ts';

/** The admin's quarantine settings (mailcow's quarantine('edit', settings)): read, and replace all at once. */
export function adminQuarantineSettingsRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/', gate('quarantine.adminSettings'), async (c) => c.json(await getQuarantineSettings(deps, c.var.actor), 200))
    .put('/', gate('quarantine.adminSettings'), validate('json', quarantineSettingsInput), async (c) => {
      await saveQuarantineSettings(deps, c.var.actor, fromCowbellInput(c.req.valid('json')));
      return c.json(await getQuarantineSettings(deps, c.var.actor), 200);
    });
}
