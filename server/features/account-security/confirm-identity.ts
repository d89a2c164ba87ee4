// Step-up confirmation: the signed-in user proves again who they are, and the session notes when and
// how. Wrong passwords count towards the same limiter as sign-in, so this is no side door for guessing.
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { recordProof, stepUpWindowMs, type ProofMethod } from '../../lib/auth/step-up.ts';
import { AppError } from '../../lib/errors.ts';
import { findAccount } from '../session/accounts.ts';
import { verifyFactorCode } from '../tfa/verify-factor.ts';
import type { AccountSecurityDeps, CurrentSession } from './account-security.service.ts';
import type { ConfirmIdentityInput } from './account-security.schema.ts';

export interface ConfirmedView {
  provedAt: string;
  /** Until when changes that need a fresh proof go through without asking again. */
  freshUntil: string;
}

export async function confirmIdentity(deps: AccountSecurityDeps, actor: Actor, input: ConfirmIdentityInput, current: CurrentSession): Promise<ConfirmedView> {
  await authorize(deps.db, actor, { do: 'account.confirm' });
  const account = await findAccount(deps.db, actor.username);
  if (!account) throw new AppError('unauthenticated', 'Please sign in.');
  let method: ProofMethod = 'password';
  if ('password' in input) {
    await deps.limiter.reserve(account.username, actor.ip);
    if (!(await deps.hasher.verify(account.passwordHash, input.password))) {
      throw new AppError('invalid_credentials', 'The password is not correct.', [{ path: 'password', code: 'invalid', message: 'The password is not correct.' }]);
    }
    await deps.limiter.release(account.username, actor.ip);
  } else {
    // A code from a factor on file; counted by the same limiter inside.
    method = await verifyFactorCode(deps, { username: account.username, role: account.role, ip: actor.ip }, input);
  }
  return saveProof(deps, current, method);
}

/** Notes the proof on the session, writes it back, and says until when it holds. */
export async function saveProof(deps: AccountSecurityDeps, current: CurrentSession, method: ProofMethod): Promise<ConfirmedView> {
  recordProof(deps, current.session, method);
  await deps.sessions.update(current.id, current.session);
  const at = current.session.provedAt!;
  return { provedAt: new Date(at).toISOString(), freshUntil: new Date(at + stepUpWindowMs(deps)).toISOString() };
}
