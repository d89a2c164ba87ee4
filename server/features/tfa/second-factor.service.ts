// The second step of sign-in with a code: a TOTP code, a Yubico OTP or a recovery code finishes a
// session left in tfa_pending by the password. Besides the limiter, a pending session takes only a
// few wrong codes before it ends, so one password success buys a bounded number of guesses.
import type { Actor } from '../../lib/authz/actor.ts';
import type { Session } from '../../lib/auth/session-store.ts';
import { AppError } from '../../lib/errors.ts';
import { completeSecondFactor, type SignInDeps } from '../session/session.service.ts';
import type { SecondFactorInput } from './tfa.schema.ts';
import { verifyFactorCode } from './verify-factor.ts';

export const MAX_PENDING_ATTEMPTS = 5;

/** The pending session's methods: a recovery code serves any account that has a factor. */
function offered(session: Session, method: SecondFactorInput['method']): boolean {
  return method === 'recovery' ? session.tfaMethods.length > 0 : session.tfaMethods.some((m) => m.authmech === method);
}

export async function finishSignInWithCode(deps: SignInDeps, actor: Actor, pending: { id: string; session: Session }, input: SecondFactorInput) {
  const { session } = pending;
  if (!offered(session, input.method)) throw new AppError('invalid_code', 'This account has no second factor of this kind.');
  try {
    const method = await verifyFactorCode(deps, { username: session.username, role: 'unauthenticated', ip: actor.ip }, input);
    return await completeSecondFactor(deps, pending, method, actor.ip);
  } catch (e) {
    if (e instanceof AppError && e.code === 'invalid_code') {
      session.tfaAttempts = (session.tfaAttempts ?? 0) + 1;
      if (session.tfaAttempts >= MAX_PENDING_ATTEMPTS) {
        await deps.sessions.destroy(pending.id);
        throw new AppError('unauthenticated', 'Too many wrong codes. Sign in again.');
      }
      await deps.sessions.update(pending.id, session);
    }
    throw e;
  }
}
