// Security keys as a second factor (mailcow's tfa rows of authmech 'webauthn'): answering the
// sign-in's second step, and registering a new key. Only `tfa` rows are ever looked at here, so a
// passkey (fido2) can never stand in for a second factor.
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { AccountActor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { tfaRpIds, type RelyingParty } from '../../lib/auth/relying-party.ts';
import type { Session } from '../../lib/auth/session-store.ts';
import { AppError } from '../../lib/errors.ts';
import { insertFactor, webauthnKeysOf } from '../../mailcow/tfa.service.ts';
import { factorAdded } from '../tfa/factors.service.ts';
import type { CurrentSession } from '../account-security/account-security.service.ts';
import { completeSecondFactor, type SignInDeps } from '../session/session.service.ts';
import { assertedId, auditedCheck, authenticationOptions, registrationOptions, takeChallenge, verifyAssertion, verifyRegistration, type Ceremony } from './ceremony.ts';
import type { AddSecurityKeyInput } from './webauthn.schema.ts';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';

type Pending = { id: string; session: Session };

const activeKeysOf = async (deps: SignInDeps, username: string) => (await webauthnKeysOf(deps, username)).filter((k) => k.active);

/** The sign-in's second step: which of the account's keys may answer, with mailcow's appid. */
export async function signInOptions(deps: SignInDeps, rp: RelyingParty, pending: Pending): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const keys = await activeKeysOf(deps, pending.session.username);
  if (keys.length === 0) throw new AppError('not_found', 'There is no security key on file for this account.');
  return authenticationOptions({ deps, rp, purpose: 'tfa-signin', holder: pending.id }, keys.map((k) => k.credentialId), true);
}

/** A key's answer to the second step; failures count towards the sign-in limiter like wrong passwords. */
export async function signInWithKey(deps: SignInDeps, rp: RelyingParty, pending: Pending, response: AuthenticationResponseJSON, ip: string) {
  const username = pending.session.username;
  const c: Ceremony = { deps, rp, purpose: 'tfa-signin', holder: pending.id };
  // Without an open challenge nothing is checked, so only answers to one count as attempts.
  const challenge = await takeChallenge(deps, c.purpose, c.holder);
  await deps.limiter.reserve(username, ip);
  await auditedCheck(deps, ip, ['verify_tfa_login', username, '*'], ['webauthn_verification_failed'], async () => {
    const id = assertedId(response);
    const key = (await activeKeysOf(deps, username)).find((k) => k.credentialId.equals(id));
    if (!key) throw new AppError('webauthn_failed', 'This security key is not registered for this account.');
    await verifyAssertion(c, challenge, response, { credentialId: key.credentialId, publicKeyPem: key.publicKey }, tfaRpIds(rp));
  });
  await deps.limiter.release(username, ip);
  return completeSecondFactor(deps, pending, 'webauthn', ip);
}

/** Options for a new key; the account's keys are excluded (an authenticator makes one credential per account). */
export async function addKeyOptions(deps: SignInDeps, actor: AccountActor, rp: RelyingParty, sessionId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  await authorize(deps.db, actor, { do: 'factors.webauthn.add' });
  const existing = await webauthnKeysOf(deps, actor.username);
  return registrationOptions({ deps, rp, purpose: 'tfa-register', holder: sessionId }, actor.username, 'tfa', existing.map((k) => k.credentialId));
}

export async function addKey(deps: SignInDeps, actor: AccountActor, rp: RelyingParty, current: CurrentSession, input: AddSecurityKeyInput): Promise<{ id: number; keyId: string }> {
  await authorize(deps.db, actor, { do: 'factors.webauthn.add' });
  const made = await verifyRegistration({ deps, rp, purpose: 'tfa-register', holder: current.id }, input.response);
  // tfa.keyHandle is VARCHAR(1023): the id's base64 must fit (ids are 16 to 64 bytes in practice).
  if (Math.ceil(made.credentialId.length / 3) * 4 > 1023) throw new AppError('webauthn_failed', 'This security key\'s id is too long to be stored.');
  const existing = await webauthnKeysOf(deps, actor.username);
  if (existing.some((k) => k.credentialId.equals(made.credentialId))) throw new AppError('conflict', 'This security key is already registered.');
  const id = await insertFactor(deps, actor, { authmech: 'webauthn', keyId: input.keyId, keyHandle: Buffer.from(made.credentialId).toString('base64'),
    publicKey: made.publicKeyPem, certificate: made.attestation.certificate });
  // A key is a factor like any other: it ends a forced enrolment (force_tfa).
  await factorAdded(deps, current);
  return { id, keyId: input.keyId };
}
