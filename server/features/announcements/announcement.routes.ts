import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { announcementInput, announcementPushInput } from './announcement.schema.ts';
import { adminAnnouncement, announcementPush, currentAnnouncement, setAnnouncementPush, updateAnnouncement } from './announcement.service.ts';

/** GET / is public: the sign-in screen shows it (mailcow shows it on its login page too). */
export function announcementRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/', async (c) => c.json(await currentAnnouncement(deps), 200))
    .get('/push', gate('announcement.push'), async (c) => c.json(await announcementPush(deps, c.var.actor), 200))
    .put('/push', gate('announcement.push'), validate('json', announcementPushInput), async (c) =>
      c.json(await setAnnouncementPush(deps, c.var.actor, c.req.valid('json').push), 200));
}

export function adminAnnouncementRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/', gate('announcement.edit'), async (c) => c.json(await adminAnnouncement(deps, c.var.actor), 200))
    .put('/', gate('announcement.edit'), validate('json', announcementInput), async (c) =>
      c.json(await updateAnnouncement(deps, c.var.actor, c.req.valid('json')), 200));
}
