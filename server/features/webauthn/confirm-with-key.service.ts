// Step-up with a security key or a passkey: a signed-in user proves again who they are by touching
// one of their own credentials (either table: both are theirs, and the session is already signed in).
// Failed answers count towards the sign-in limiter, as a wrong password at step-up does.
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { AccountActor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { tfaRpIds, type RelyingParty } from '../../lib/auth/relying-party.ts';
import { AppError } from '../../lib/errors.ts';
import { passkeysOf } from '../../mailcow/fido2.service.ts';
import { webauthnKeysOf } from '../../mailcow/tfa.service.ts';
import type { CurrentSession } from '../account-security/account-security.service.ts';
import { saveProof, type ConfirmedView } from '../account-security/confirm-identity.ts';
import type { SignInDeps } from '../session/session.service.ts';
import { assertedId, authenticationOptions, takeChallenge, verifyAssertion, type Ceremony } from './ceremony.ts';

/** The account's credentials that may confirm, each with the RP ids its assertions may carry. */
async function credentialsOf(deps: SignInDeps, rp: RelyingParty, username: string) {
  const keys = (await webauthnKeysOf(deps, username)).filter((k) => k.active)
    .map((k) => ({ credentialId: k.credentialId, publicKeyPem: k.publicKey, rpIds: tfaRpIds(rp), method: 'webauthn' as const }));
  const passkeys = (await passkeysOf(deps, username))
    .map((p) => ({ credentialId: p.credentialId, publicKeyPem: p.publicKey, rpIds: [rp.id], method: 'passkey' as const }));
  return [...keys, ...passkeys];
}

export async function confirmOptions(deps: SignInDeps, actor: AccountActor, rp: RelyingParty, sessionId: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  await authorize(deps.db, actor, { do: 'account.confirm' });
  const credentials = await credentialsOf(deps, rp, actor.username);
  if (credentials.length === 0) throw new AppError('not_found', 'There is no security key or passkey on file for this account.');
  return authenticationOptions({ deps, rp, purpose: 'step-up', holder: sessionId }, credentials.map((k) => k.credentialId), true);
}

export async function confirmWithKey(deps: SignInDeps, actor: AccountActor, rp: RelyingParty, current: CurrentSession, response: AuthenticationResponseJSON): Promise<ConfirmedView> {
  await authorize(deps.db, actor, { do: 'account.confirm' });
  const c: Ceremony = { deps, rp, purpose: 'step-up', holder: current.id };
  const challenge = await takeChallenge(deps, c.purpose, c.holder);
  await deps.limiter.reserve(actor.username, actor.ip);
  const id = assertedId(response);
  const credential = (await credentialsOf(deps, rp, actor.username)).find((k) => k.credentialId.equals(id));
  if (!credential) throw new AppError('webauthn_failed', 'This key is not registered for this account.');
  await verifyAssertion(c, challenge, response, credential, credential.rpIds);
  await deps.limiter.release(actor.username, actor.ip);
  return saveProof(deps, current, credential.method);
}
