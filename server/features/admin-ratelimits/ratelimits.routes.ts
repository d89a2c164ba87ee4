import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { domainParam } from '../../mailcow/domain.schema.ts';
import { mailboxParam } from '../../mailcow/mailbox.schema.ts';
import { rateLimitInput } from '../../mailcow/ratelimit.schema.ts';
import { getDomainRateLimit, getMailboxRateLimits, setDomainRateLimit, setMailboxRateLimit } from '../../mailcow/ratelimit.service.ts';

/** mailcow's ratelimit get/edit for the domain and mailbox edit forms (the list shows the effective one). */
export function rateLimitRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/domains/:domain/rate-limit', gate('ratelimit.read'), validate('param', domainParam), async (c) =>
      c.json({ rateLimit: await getDomainRateLimit(deps, c.var.actor, c.req.valid('param').domain) }, 200))
    .put('/domains/:domain/rate-limit', gate('ratelimit.edit'), validate('param', domainParam), validate('json', rateLimitInput), async (c) =>
      c.json({ rateLimit: await setDomainRateLimit(deps, c.var.actor, c.req.valid('param').domain, c.req.valid('json')) }, 200))
    .get('/mailboxes/:username/rate-limit', gate('ratelimit.read'), validate('param', mailboxParam), async (c) =>
      c.json({ rateLimits: await getMailboxRateLimits(deps, c.var.actor, c.req.valid('param').username) }, 200))
    .put('/mailboxes/:username/rate-limit', gate('ratelimit.edit'), validate('param', mailboxParam), validate('json', rateLimitInput), async (c) =>
      c.json({ rateLimits: await setMailboxRateLimit(deps, c.var.actor, c.req.valid('param').username, c.req.valid('json')) }, 200));
}
