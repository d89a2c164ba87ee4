import { Hono } from 'hono';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { changeOwnPasswordInput, confirmIdentityInput, sessionHandleParam } from './account-security.schema.ts';
import { confirmIdentity } from './confirm-identity.ts';
import { changePassword, endOtherSessions, endSession, listSessions, type AccountSecurityDeps } from './account-security.service.ts';

export function accountSecurityRoutes(deps: AccountSecurityDeps) {
  return new Hono<SignedInEnv>()
    .put('/password', gate('account.password'), validate('json', changeOwnPasswordInput), async (c) =>
      c.json(await changePassword(deps, c.var.actor, c.req.valid('json'), { id: c.var.sessionId!, session: c.var.session }), 200))
    .post('/confirm', gate('account.confirm'), validate('json', confirmIdentityInput), async (c) =>
      c.json(await confirmIdentity(deps, c.var.actor, c.req.valid('json'), { id: c.var.sessionId!, session: c.var.session }), 200))
    .get('/sessions', gate('account.sessions'), async (c) =>
      c.json({ sessions: await listSessions(deps, c.var.actor, c.var.sessionId!) }, 200))
    .delete('/sessions', gate('account.sessions'), async (c) =>
      c.json(await endOtherSessions(deps, c.var.actor, c.var.sessionId!), 200))
    .delete('/sessions/:handle', gate('account.sessions'), validate('param', sessionHandleParam), async (c) => {
      await endSession(deps, c.var.actor, c.req.valid('param').handle);
      return c.body(null, 204);
    });
}
