import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../../lib/auth/middleware.ts';
import { bearer, trustedPeer } from '../../lib/trusted-peer.ts';
import { validate } from '../../lib/validate.ts';
import { AppError } from '../../lib/errors.ts';
import { receiveNewMail, type QueueSends } from './ingest.service.ts';
import { NEW_MAIL_EVENT_MAX_BYTES, NEW_MAIL_INGEST_PATH, newMailEvent } from './new-mail.schema.ts';

/**
 * Dovecot's Lua script posts each delivery here (deploy/dovecot/cowbell-push.lua), and delivery waits
 * for the answer: it comes as soon as the pushes are queued. Unlike rspamd's ingest, a secret is
 * required: without NEW_MAIL_SECRET every event is refused.
 */
const tooLarge = (): never => {
  throw new AppError('payload_too_large', `A new-mail event is at most ${NEW_MAIL_EVENT_MAX_BYTES / 1024} KiB.`);
};

export function newMailIngestRoutes(deps: Deps, queue: QueueSends) {
  const trusted = trustedPeer({ networks: deps.env.INGEST_ALLOWED_NETWORKS, secret: deps.env.NEW_MAIL_SECRET, secretRequired: true,
    what: 'new-mail events', given: bearer });
  return new Hono<AppEnv>().post(NEW_MAIL_INGEST_PATH, trusted, bodyLimit({ maxSize: NEW_MAIL_EVENT_MAX_BYTES, onError: tooLarge }),
    validate('json', newMailEvent), async (c) => {
      await receiveNewMail(deps, c.req.valid('json'), queue);
      return c.body(null, 204);
    });
}
