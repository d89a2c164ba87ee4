import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../../lib/auth/middleware.ts';
import { bearer, trustedPeer } from '../../lib/trusted-peer.ts';
import { validate } from '../../lib/validate.ts';
import { AppError } from '../../lib/errors.ts';
import { receiveNewMail, type QueueSends } from './ingest.service.ts';
import { NEW_MAIL_EVENT_MAX_BYTES, NEW_MAIL_INGEST_PATH, newMailEvent } from './new-mail.schema.ts';

const tooLarge = (): never => {
  throw new AppError('payload_too_large', `A new-mail event is at most ${NEW_MAIL_EVENT_MAX_BYTES / 1024} KiB.`);
};

/**
 * Dovecot sends its body after "Expect: 100-continue" and reuses the connection for the next
 * delivery; an answer given before the body was read (a refusal) can leave that connection stuck
 * until the script's timeout, and the next event lost. Every answer here ends its connection.
 */
const closeAfter = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.res.headers.set('connection', 'close');
});

/**
 * Dovecot's Lua script posts each delivery here (deploy/dovecot/cowbell-push.lua), and delivery waits
 * for the answer: it comes as soon as the pushes are queued. Unlike rspamd's ingest, a secret is
 * required: without NEW_MAIL_SECRET every event is refused.
 */
export function newMailIngestRoutes(deps: Deps, queue: QueueSends) {
  const trusted = trustedPeer({ networks: deps.env.INGEST_ALLOWED_NETWORKS, secret: deps.env.NEW_MAIL_SECRET, secretRequired: true,
    what: 'new-mail events', given: bearer });
  return new Hono<AppEnv>().post(NEW_MAIL_INGEST_PATH, closeAfter, trusted, bodyLimit({ maxSize: NEW_MAIL_EVENT_MAX_BYTES, onError: tooLarge }),
    validate('json', newMailEvent), async (c) => {
      await receiveNewMail(deps, c.req.valid('json'), queue);
      return c.body(null, 204);
    });
}
