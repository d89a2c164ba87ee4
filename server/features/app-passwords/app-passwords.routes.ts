import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { appPasswdParam, createAppPasswdInput, editAppPasswdInput } from '../../mailcow/app-passwd.schema.ts';
import { createAppPassword, editAppPassword, listAppPasswords, revokeAppPassword } from '../../mailcow/app-passwd.service.ts';

/** The signed-in user's app passwords (mailcow's app_passwd) for mail apps. */
export function appPasswordRoutes(deps: Deps) {
  const user = gate('appPasswords.manage');
  return new Hono<SignedInEnv>()
    .get('/', user, async (c) => c.json({ appPasswords: await listAppPasswords(deps, c.var.actor) }, 200))
    .post('/', gate('appPasswords.create'), validate('json', createAppPasswdInput), async (c) =>
      c.json(await createAppPassword(deps, c.var.actor, c.req.valid('json')), 201))
    .patch('/:id', user, validate('param', appPasswdParam), validate('json', editAppPasswdInput), async (c) =>
      c.json({ appPassword: await editAppPassword(deps, c.var.actor, c.req.valid('param'), c.req.valid('json')) }, 200))
    .delete('/:id', user, validate('param', appPasswdParam), async (c) => {
      await revokeAppPassword(deps, c.var.actor, c.req.valid('param'));
      return c.body(null, 204);
    });
}
