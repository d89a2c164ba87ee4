// A signed-in account's own second factors: list, set up TOTP (the secret stays on the server until a
// code from the app proves it was copied right), add a YubiKey (checked with the validation server),
// remove one, or switch them all off. mailcow's rules for the rows live in mailcow/tfa.service.ts.
import { createHash } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import type { SessionStore } from '../../lib/auth/session-store.ts';
import { AppError } from '../../lib/errors.ts';
import { keys } from '../../lib/redis-keys.ts';
import type { CurrentSession } from '../account-security/account-security.service.ts';
import { deleteAllFactors, deleteFactor, insertFactor, listFactors, type FactorView } from '../../mailcow/tfa.service.ts';
import { dropRecoveryCodes } from './recovery-codes.service.ts';
import type { EnrolTotpInput, EnrolYubiOtpInput, TotpSetupView } from './tfa.schema.ts';
import { matchingStep, newTotpSecret, spendStep, totpUri } from './totp.ts';
import { verifyYubicoOtp } from './yubico-client.ts';

export interface FactorDeps extends Deps {
  sessions: SessionStore;
}

export type { CurrentSession };

/** How long a TOTP secret offered for setup waits for its first code. */
const SETUP_SECONDS = 15 * 60;
const setupKey = (current: CurrentSession) => keys.totpSetup(createHash('sha256').update(current.id).digest('hex'));

export async function listOwnFactors(deps: Deps, actor: Actor): Promise<FactorView[]> {
  await authorize(deps.db, actor, { do: 'account.factors' });
  return listFactors(deps.db, actor.username);
}

/**
 * A factor was added by this session: a forced enrolment (force_tfa) is done and the app opens up.
 * Every way of adding a factor (security keys too) ends with this.
 */
export async function factorAdded(deps: FactorDeps, current: CurrentSession): Promise<void> {
  if (!current.session.mustEnrolTfa) return;
  current.session.mustEnrolTfa = false;
  await deps.sessions.update(current.id, current.session);
}

export async function startTotpSetup(deps: FactorDeps, actor: Actor, current: CurrentSession): Promise<TotpSetupView> {
  await authorize(deps.db, actor, { do: 'account.factors.manage' });
  const secret = newTotpSecret();
  await deps.redis.set(setupKey(current), secret, 'EX', SETUP_SECONDS);
  return { secret, uri: totpUri(deps, actor.username, secret) };
}

const codeRefused = (path: string, message: string) => new AppError('invalid_code', message, [{ path, code: 'invalid', message }]);

/** mailcow's set_tfa "totp": the code must verify against the offered secret before the row is written. */
export async function enrolTotp(deps: FactorDeps, actor: Actor, current: CurrentSession, input: EnrolTotpInput): Promise<FactorView> {
  await authorize(deps.db, actor, { do: 'account.factors.manage' });
  const secret = await deps.redis.get(setupKey(current));
  if (!secret) throw new AppError('not_found', 'The setup has expired. Start again.');
  const step = matchingStep(secret, input.code, deps.now());
  // The step is spent, so the code that proved the setup cannot sign in as well.
  if (step === null || !(await spendStep(deps, actor.username, secret, step))) throw codeRefused('code', 'This code is not correct. Check the app and try again.');
  const id = await insertFactor(deps, actor, { authmech: 'totp', keyId: input.keyId, secret });
  await deps.redis.del(setupKey(current));
  await factorAdded(deps, current);
  return { id, keyId: input.keyId, authmech: 'totp', active: true };
}

/** mailcow's set_tfa "yubi_otp": the OTP must validate with the client credentials given. */
export async function enrolYubiOtp(deps: FactorDeps, actor: Actor, current: CurrentSession, input: EnrolYubiOtpInput): Promise<FactorView> {
  await authorize(deps.db, actor, { do: 'account.factors.manage' });
  const result = await verifyYubicoOtp(deps.env, { clientId: input.clientId, secretKey: input.secretKey }, input.otp);
  if (!result.ok) {
    if (result.reason === 'unavailable') throw new AppError('otp_server_unavailable', 'The YubiKey validation server did not answer. Try again later.');
    if (result.reason === 'bad_client') {
      const message = 'The validation server does not accept this client ID and secret key.';
      throw new AppError('validation_failed', message, [{ path: 'clientId', code: 'invalid', message }, { path: 'secretKey', code: 'invalid', message }]);
    }
    throw codeRefused('otp', 'This one-time password was not accepted. Touch the key again.');
  }
  const id = await insertFactor(deps, actor, { authmech: 'yubi_otp', keyId: input.keyId, clientId: input.clientId,
    secretKey: input.secretKey, publicId: input.otp.slice(0, 12) });
  await factorAdded(deps, current);
  return { id, keyId: input.keyId, authmech: 'yubi_otp', active: true };
}

export async function removeFactor(deps: Deps, actor: Actor, id: number): Promise<void> {
  await authorize(deps.db, actor, { do: 'account.factors.manage' });
  await deleteFactor(deps, actor, id);
}

/** Two-factor sign-in off: every factor goes, and the recovery codes that stood in for them. */
export async function removeAllFactors(deps: Deps, actor: Actor): Promise<void> {
  await authorize(deps.db, actor, { do: 'account.factors.manage' });
  await deleteAllFactors(deps, actor);
  await dropRecoveryCodes(deps, actor.username);
}
