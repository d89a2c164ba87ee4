import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { signInsQuery } from './sign-ins.schema.ts';
import { listSignIns } from './sign-ins.service.ts';

/** The signed-in mailbox's recent sign-ins (web, mail clients, app passwords). */
export function signInsRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/', gate('account.signIns'), validate('query', signInsQuery), async (c) =>
      c.json({ signIns: await listSignIns(deps, c.var.actor, c.req.valid('query').days) }, 200));
}
