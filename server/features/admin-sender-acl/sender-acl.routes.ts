import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { senderAclInput, senderAclParam } from '../../mailcow/sender-acl.schema.ts';
import { getSenderAcl, setSenderAcl } from '../../mailcow/sender-acl.service.ts';

/** Who may send as a mailbox user's addresses: mailcow's sender_acl, for admins and domain admins. */
export function senderAclRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/mailboxes/:username/sender-acl', gate('sender_acl.read'), validate('param', senderAclParam), async (c) =>
      c.json(await getSenderAcl(deps, c.var.actor, c.req.valid('param').username), 200))
    .put('/mailboxes/:username/sender-acl', gate('sender_acl.edit'), validate('param', senderAclParam), validate('json', senderAclInput),
      async (c) => c.json(await setSenderAcl(deps, c.var.actor, c.req.valid('param').username, c.req.valid('json')), 200));
}
