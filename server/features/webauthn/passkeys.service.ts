// Passkeys (mailcow's fido2 table): password-less sign-in with a discoverable credential, and an
// account's own list of them. Only `fido2` rows are looked at here, so a second-factor key (tfa) can
// never sign anybody in by itself.
import { createHash } from 'node:crypto';
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { AccountActor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import type { RelyingParty } from '../../lib/auth/relying-party.ts';
import { AppError } from '../../lib/errors.ts';
import { deletePasskey, findPasskey, insertPasskey, listPasskeys, passkeyIdsOf, renamePasskey } from '../../mailcow/fido2.service.ts';
import { findAccount } from '../session/accounts.ts';
import { openSession, type SignInDeps } from '../session/session.service.ts';
import { assertedId, auditedCheck, authenticationOptions, registrationOptions, takeChallenge, verifyAssertion, verifyRegistration, type Ceremony } from './ceremony.ts';
import type { AddPasskeyInput, PasskeyView } from './webauthn.schema.ts';

/** Any discoverable credential may answer: the account comes from the credential's row. */
export function signInOptions(deps: SignInDeps, rp: RelyingParty, browser: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return authenticationOptions({ deps, rp, purpose: 'passkey-signin', holder: browser }, null, false);
}

/** Unknown credentials are counted under one name, so guessing at them still fills the IP's counter. */
const UNKNOWN = 'passkey:unknown';

/**
 * A passkey's answer signs in as the owner of its fido2 row (role from the admin table, else the
 * mailbox, as mailcow's fido2('verify')), refused for the same reasons as a password sign-in.
 */
export async function signInWithPasskey(deps: SignInDeps, rp: RelyingParty, browser: string, response: AuthenticationResponseJSON, ip: string, userAgent?: string) {
  const c: Ceremony = { deps, rp, purpose: 'passkey-signin', holder: browser };
  const challenge = await takeChallenge(deps, c.purpose, c.holder);
  const row = await findPasskey(deps, assertedId(response));
  const account = row ? await findAccount(deps.db, row.username) : null;
  const limiterKey = account?.username ?? UNKNOWN;
  await deps.limiter.reserve(limiterKey, ip);
  const owner = await auditedCheck(deps, ip, ['fido2_login', '', row?.username ?? ''], 'login_failed', async () => {
    if (!row || !account) throw new AppError('webauthn_failed', 'This passkey is not known here.');
    const { userVerified } = await verifyAssertion(c, challenge, response, { credentialId: row.credentialId, publicKeyPem: row.publicKey }, [rp.id]);
    return { account, userVerified };
  });
  await deps.limiter.release(limiterKey, ip);
  if (owner.account.refusal) throw new AppError(owner.account.refusal.code, owner.account.refusal.message);
  // Signed in either way (mailcow asks user verification only as "preferred"), but a key that did not
  // verify its user (a PIN-less key found in a drawer) is no fresh proof: changes ask for the password.
  return openSession(deps, owner.account, ip, userAgent, 'passkey', { fresh: owner.userVerified });
}

export async function addPasskeyOptions(deps: SignInDeps, actor: AccountActor, rp: RelyingParty, sessionId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  await authorize(deps.db, actor, { do: 'passkeys.add' });
  const existing = await passkeyIdsOf(deps, actor.username);
  return registrationOptions({ deps, rp, purpose: 'passkey-register', holder: sessionId }, actor.username, 'passkey', existing);
}

export async function addPasskey(deps: SignInDeps, actor: AccountActor, rp: RelyingParty, sessionId: string, input: AddPasskeyInput): Promise<PasskeyView> {
  await authorize(deps.db, actor, { do: 'passkeys.add' });
  const made = await verifyRegistration({ deps, rp, purpose: 'passkey-register', holder: sessionId }, input.response);
  // Sign-in finds a passkey by its id alone: one id, one row.
  if (await findPasskey(deps, made.credentialId, false)) throw new AppError('conflict', 'This passkey is already registered.');
  await insertPasskey(deps, actor, { ...made, rpId: rp.id, friendlyName: input.friendlyName ?? null });
  const id = createHash('sha256').update(made.credentialId).digest('hex');
  return (await listOwnPasskeys(deps, actor)).find((p) => p.id === id)!;
}

export async function listOwnPasskeys(deps: SignInDeps, actor: AccountActor): Promise<PasskeyView[]> {
  await authorize(deps.db, actor, { do: 'passkeys.manage' });
  return (await listPasskeys(deps, actor.username)).map((p) => ({ id: p.id, name: p.friendlyName || p.subject, created: p.created }));
}

export async function renameOwnPasskey(deps: SignInDeps, actor: AccountActor, id: string, friendlyName: string): Promise<void> {
  await authorize(deps.db, actor, { do: 'passkeys.manage' });
  if (!(await renamePasskey(deps, actor, id, friendlyName))) throw new AppError('not_found', 'There is no such passkey.');
}

export async function removeOwnPasskey(deps: SignInDeps, actor: AccountActor, id: string): Promise<void> {
  await authorize(deps.db, actor, { do: 'passkeys.remove' });
  if (!(await deletePasskey(deps, actor, id))) throw new AppError('not_found', 'There is no such passkey.');
}
