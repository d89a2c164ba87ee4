// Step-up: some changes (an app password, a password-manager token, second factors) need a proof of
// identity that is only minutes old, so a session left open on a borrowed phone cannot make them.
// The session records when and how the user last proved who they are; a stale proof is refused with
// step_up_required and the client asks for the password or a factor, then retries.
import { createMiddleware } from 'hono/factory';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from './middleware.ts';
import type { Session } from './session-store.ts';
import { AppError } from '../errors.ts';

export type ProofMethod = 'password' | 'totp' | 'webauthn' | 'yubi_otp' | 'recovery' | 'passkey';

export const stepUpWindowMs = (deps: Deps) => deps.env.STEP_UP_MINUTES * 60_000;

export function proofIsFresh(deps: Deps, session: Session): boolean {
  return session.provedAt !== undefined && deps.now() - session.provedAt <= stepUpWindowMs(deps);
}

/** Notes a proof just made (the caller writes the session back). */
export function recordProof(deps: Deps, session: Session, method: ProofMethod): void {
  session.provedAt = deps.now();
  session.provedBy = method;
}

/** After the gate: the change goes ahead only with a fresh proof. */
export function requireFreshProof(deps: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const session = c.get('session');
    if (!session || !proofIsFresh(deps, session)) {
      throw new AppError('step_up_required', 'Confirm it is you (your password or a second factor), then try again.');
    }
    await next();
  });
}
