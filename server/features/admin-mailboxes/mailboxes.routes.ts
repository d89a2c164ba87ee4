import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { bulkEditMailboxesInput, createMailboxInput, editMailboxInput, mailboxParam } from '../../mailcow/mailbox.schema.ts';
import { createMailbox, deleteMailbox, editMailbox, getMailbox } from '../../mailcow/mailbox.service.ts';
import { bulkEditMailboxes } from './mailboxes-bulk.service.ts';

/**
 * Create, read, change and delete mailboxes (mailcow's add/get/edit/delete mailbox) for admins and
 * domain admins. The list, GET /mailboxes, is the directory's. The body is validated here for
 * per-field errors; the service parses it again, as it does for every other caller.
 */
export function mailboxRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .post('/mailboxes', gate('mailbox.write'), validate('json', createMailboxInput), async (c) =>
      c.json(await createMailbox(deps, c.var.actor, c.req.valid('json')), 201))
    .patch('/mailboxes', gate('mailbox.write'), validate('json', bulkEditMailboxesInput), async (c) =>
      c.json({ outcomes: await bulkEditMailboxes(deps, c.var.actor, c.req.valid('json')) }, 200))
    .get('/mailboxes/:username', gate('mailbox.write'), validate('param', mailboxParam), async (c) =>
      c.json({ mailbox: await getMailbox(deps, c.var.actor, c.req.valid('param').username) }, 200))
    .patch('/mailboxes/:username', gate('mailbox.write'), validate('param', mailboxParam), validate('json', editMailboxInput), async (c) =>
      c.json({ mailbox: await editMailbox(deps, c.var.actor, c.req.valid('param').username, c.req.valid('json')) }, 200))
    .delete('/mailboxes/:username', gate('mailbox.write'), validate('param', mailboxParam), async (c) => {
      await deleteMailbox(deps, c.var.actor, c.req.valid('param').username);
      return c.json({ deleted: c.req.valid('param').username }, 200);
    });
}
