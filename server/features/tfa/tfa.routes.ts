import { Hono, type Context } from 'hono';
import { setSessionCookies, type AppEnv } from '../../lib/auth/middleware.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import type { SessionView } from '../session/session.schema.ts';
import { pendingSession, toView, type SignInDeps } from '../session/session.service.ts';
import { enrolTotp, enrolYubiOtp, listOwnFactors, removeAllFactors, removeFactor, startTotpSetup, type CurrentSession, type FactorDeps } from './factors.service.ts';
import { countRecoveryCodes, generateRecoveryCodes } from './recovery-codes.service.ts';
import { finishSignInWithCode } from './second-factor.service.ts';
import { enrolTotpInput, enrolYubiOtpInput, factorIdParam, secondFactorInput } from './tfa.schema.ts';

/** Under /api/session: the second step of sign-in with a code. */
export function secondFactorRoutes(deps: SignInDeps) {
  return new Hono<AppEnv>()
    .post('/tfa', validate('json', secondFactorInput), async (c) => {
      const pending = pendingSession(c.get('sessionId'), c.get('session'));
      const { id, session } = await finishSignInWithCode(deps, c.var.actor, pending, c.req.valid('json'));
      setSessionCookies(c, deps, id, session.csrf);
      return c.json({ session: toView(session) as SessionView }, 200);
    });
}

/** Under /api/account: the signed-in account's own second factors and recovery codes. */
export function factorRoutes(deps: FactorDeps) {
  // Past the gate there is a signed-in session, hence its id.
  const current = (c: Context<SignedInEnv>): CurrentSession => ({ id: c.var.sessionId!, session: c.var.session });
  return new Hono<SignedInEnv>()
    .get('/factors', gate('account.factors'), async (c) => c.json({ factors: await listOwnFactors(deps, c.var.actor) }, 200))
    .post('/factors/totp/setup', gate('account.factors.manage'), async (c) => c.json(await startTotpSetup(deps, c.var.actor, current(c)), 200))
    .post('/factors/totp', gate('account.factors.manage'), validate('json', enrolTotpInput), async (c) =>
      c.json({ factor: await enrolTotp(deps, c.var.actor, current(c), c.req.valid('json')) }, 201))
    .post('/factors/yubi_otp', gate('account.factors.manage'), validate('json', enrolYubiOtpInput), async (c) =>
      c.json({ factor: await enrolYubiOtp(deps, c.var.actor, current(c), c.req.valid('json')) }, 201))
    .delete('/factors', gate('account.factors.manage'), async (c) => {
      await removeAllFactors(deps, c.var.actor);
      return c.body(null, 204);
    })
    .delete('/factors/:id', gate('account.factors.manage'), validate('param', factorIdParam), async (c) => {
      await removeFactor(deps, c.var.actor, c.req.valid('param').id);
      return c.body(null, 204);
    })
    .get('/recovery-codes', gate('account.factors'), async (c) => c.json(await countRecoveryCodes(deps, c.var.actor), 200))
    .post('/recovery-codes', gate('account.factors.manage'), async (c) => c.json(await generateRecoveryCodes(deps, c.var.actor), 201));
}
