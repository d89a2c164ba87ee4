// The two WebAuthn ceremonies, shared by second-factor keys, passkeys and step-up: options with a
// challenge kept server-side, and the answer checked by SimpleWebAuthn against that challenge, the
// allowed origins and the RP id(s). What differs between the callers (which table, which RP ids,
// resident key or not) is passed in.
import { createHash, randomBytes } from 'node:crypto';
import type {
  AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { writeAudit, type AuditEntry } from '../../lib/mailcow/audit-log.ts';
import type { RelyingParty } from '../../lib/auth/relying-party.ts';
import { attestationCertificate, coseToPem, pemToCose, type AttestationCertificate } from '../../lib/auth/webauthn-keys.ts';
import { keepChallenge, takeChallenge, type CeremonyPurpose } from './challenges.ts';

// SimpleWebAuthn (with its ASN.1 parsers) costs the server ~25 MiB of memory once loaded, and most
// servers run for days without a single ceremony: it is loaded by the first one.
const simpleWebAuthn = () => import('@simplewebauthn/server');
const simpleWebAuthnHelpers = () => import('@simplewebauthn/server/helpers');

/** Only what lbuchs/WebAuthn (mailcow) can verify too: ES256 and RS256. */
const MAILCOW_ALGORITHMS = [-7, -257];
const TIMEOUT_MS = 120_000;

export type CredentialKind = 'tfa' | 'passkey';

/**
 * The WebAuthn user handle. Distinct per kind (mailcow issue #7433): with one handle for both, a
 * passkey manager takes the second registration as an update of the first and overwrites it.
 */
export function userHandle(username: string, kind: CredentialKind): Uint8Array {
  const handle = Buffer.from(`${username}-${kind === 'tfa' ? 'tfa' : 'fido2'}`);
  return handle.length <= 64 ? handle : createHash('sha256').update(handle).digest();
}

export interface Ceremony {
  deps: Deps;
  rp: RelyingParty;
  purpose: CeremonyPurpose;
  /** Who the challenge is kept for: a session id, or an anonymous browser's CSRF token. */
  holder: string;
}

const b64url = (id: Uint8Array) => Buffer.from(id).toString('base64url');

export async function registrationOptions(c: Ceremony, username: string, kind: CredentialKind, exclude: Uint8Array[]): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { generateRegistrationOptions } = await simpleWebAuthn();
  const options = await generateRegistrationOptions({
    rpName: c.rp.name, rpID: c.rp.id, userName: username, userID: new Uint8Array(userHandle(username, kind)),
    userDisplayName: username, timeout: TIMEOUT_MS, attestationType: 'none', supportedAlgorithmIDs: MAILCOW_ALGORITHMS,
    excludeCredentials: exclude.map((id) => ({ id: b64url(id) })),
    authenticatorSelection: kind === 'passkey'
      ? { residentKey: 'required', userVerification: 'preferred' }
      : { residentKey: 'discouraged', userVerification: 'discouraged' },
  });
  await keepChallenge(c.deps, c.purpose, c.holder, options.challenge);
  return options;
}

export interface RegisteredCredential {
  credentialId: Uint8Array;
  publicKeyPem: string;
  attestation: AttestationCertificate;
  signCount: number;
  aaguid: Uint8Array;
}

const refused = () => new AppError('webauthn_failed', 'The security key\'s answer was not accepted.');

export async function verifyRegistration(c: Ceremony, response: RegistrationResponseJSON): Promise<RegisteredCredential> {
  const challenge = await takeChallenge(c.deps, c.purpose, c.holder);
  const { verifyRegistrationResponse } = await simpleWebAuthn();
  const result = await verifyRegistrationResponse({
    response, expectedChallenge: challenge, expectedOrigin: c.rp.origins, expectedRPID: c.rp.id,
    requireUserVerification: false, supportedAlgorithmIDs: MAILCOW_ALGORITHMS,
  }).catch(() => null);
  if (!result?.verified) throw refused();
  const info = result.registrationInfo;
  const { decodeAttestationObject } = await simpleWebAuthnHelpers();
  const x5c = decodeAttestationObject(info.attestationObject).get('attStmt').get('x5c');
  return {
    credentialId: Buffer.from(info.credential.id, 'base64url'),
    publicKeyPem: coseToPem(info.credential.publicKey),
    attestation: attestationCertificate(x5c),
    signCount: info.credential.counter,
    aaguid: Buffer.from(info.aaguid.replace(/-/g, ''), 'hex'),
  };
}

/**
 * mailcow's appid (`https://<rpId>`), so keys registered through U2F still answer. Browsers accept an
 * appid only from an HTTPS page of that host, so a plain-HTTP origin (a developer's localhost) goes without.
 */
const appidFor = (rp: RelyingParty) =>
  rp.origins.some((o) => { const u = new URL(o); return u.protocol === 'https:' && u.hostname === rp.id; }) ? `https://${rp.id}` : null;

/**
 * `allow`: the credentials that may answer (none: any discoverable one, for a passkey sign-in).
 * `appid`: send mailcow's appid extension (for second-factor keys).
 */
export async function authenticationOptions(c: Ceremony, allow: Uint8Array[] | null, appid: boolean): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const appidUrl = appid ? appidFor(c.rp) : null;
  // Written here rather than by SimpleWebAuthn's generateAuthenticationOptions (the same JSON: a
  // random challenge and the RP's terms): the sign-in page asks for these on every visit, for the
  // name field's passkey suggestions, and the verifier library is loaded only when an answer comes.
  const options: PublicKeyCredentialRequestOptionsJSON = {
    rpId: c.rp.id, challenge: randomBytes(32).toString('base64url'), timeout: TIMEOUT_MS, userVerification: 'preferred',
    ...(allow ? { allowCredentials: allow.map((id) => ({ id: b64url(id), type: 'public-key' as const })) } : {}),
    ...(appidUrl ? { extensions: { appid: appidUrl } } : {}),
  };
  await keepChallenge(c.deps, c.purpose, c.holder, options.challenge);
  return options;
}

/** The raw credential id an assertion names. */
export const assertedId = (response: AuthenticationResponseJSON) => Buffer.from(response.rawId, 'base64url');

/**
 * Checks an assertion against the stored PEM. The signature counter is not relied upon: mailcow
 * never updates it (tfa.counter stays 0), so a stored 0 is passed and a counter never refuses a key.
 */
export async function verifyAssertion(c: Ceremony, challenge: string, response: AuthenticationResponseJSON, key: { credentialId: Uint8Array; publicKeyPem: string }, rpIds: string[]): Promise<{ userVerified: boolean }> {
  const { verifyAuthenticationResponse } = await simpleWebAuthn();
  const result = await verifyAuthenticationResponse({
    response, expectedChallenge: challenge, expectedOrigin: c.rp.origins, expectedRPID: rpIds, requireUserVerification: false,
    credential: { id: b64url(key.credentialId), publicKey: new Uint8Array(pemToCose(key.publicKeyPem)), counter: 0 },
  }).catch(() => null);
  if (!result?.verified) throw refused();
  return { userVerified: result.authenticationInfo.userVerified };
}

/**
 * Runs a check of an answer; a refusal is written to mailcow's log as its verify_tfa_login() and
 * fido2('verify') write theirs (`call` is mailcow's `log`), then thrown on.
 */
export async function auditedCheck<T>(deps: Deps, ip: string, call: unknown[], msg: AuditEntry['msg'], check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (e) {
    if (e instanceof AppError && e.code === 'webauthn_failed') {
      await writeAudit(deps.db, [{ type: 'danger', msg, call, user: 'unauthenticated', role: 'unauthenticated', remote: ip }], deps.now());
    }
    throw e;
  }
}

export { takeChallenge };
