import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { settingsRevisionHeader } from './new-mail.schema.ts';
import { newMailSettings } from './rules.schema.ts';
import { getNewMailSettings, saveNewMailSettings } from './settings.service.ts';

/** The signed-in mailbox user's own new-mail push settings (which devices push: /api/push/devices). */
export function newMailRoutes(deps: Deps) {
  const user = gate('newMail.settings');
  return new Hono<SignedInEnv>()
    .get('/settings', user, async (c) => c.json(await getNewMailSettings(deps, c.var.actor), 200))
    .put('/settings', user, validate('header', settingsRevisionHeader), validate('json', newMailSettings), async (c) => {
      const match = c.req.valid('header')['if-match'];
      return c.json(await saveNewMailSettings(deps, c.var.actor, c.req.valid('json'), match === undefined ? undefined : Number(match.slice(1, -1))), 200);
    });
}
