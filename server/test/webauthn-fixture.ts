// What the WebAuthn tests share: an app whose relying party is mail.cowbell.test, clients that run a
// ceremony end to end with the software authenticator, and rows written the way mailcow writes them.
import { expect } from 'vitest';
import { fido2, tfa } from '../../db/schema/access.ts';
import { createTestClient, type TestContext } from './helpers.ts';
import { createSoftAuthenticator, newCredential, type KeyAlg, type SoftCredential, type Tamper } from './soft-authenticator.ts';

export const RP_ID = 'mail.cowbell.test';
export const ORIGIN = `https://${RP_ID}`;
export const WEBAUTHN_ENV = { WEBAUTHN_ORIGINS: ORIGIN, STEP_UP_MINUTES: '5' };

export type Client = ReturnType<typeof createTestClient>;
export type Authenticator = ReturnType<typeof createSoftAuthenticator>;

export const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

export async function signedInClient(ctx: TestContext, username: string, expectState: 'active' | 'tfa_pending' = 'active') {
  const client = createTestClient(ctx);
  const res = await client.signIn(username);
  expect(res.status).toBe(200);
  expect((await res.json()).session.state).toBe(expectState);
  return client;
}

/** Registers a second-factor key through the routes. */
export async function addSecurityKey(client: Client, auth: Authenticator, keyId = 'My key', t: Tamper = {}) {
  const options = await (await client.api.account.factors.webauthn.options.$post()).json();
  return client.api.account.factors.webauthn.$post({ json: { keyId, response: auth.register(options, t) } });
}

export async function addPasskey(client: Client, auth: Authenticator, friendlyName?: string) {
  const options = await (await client.api.account.passkeys.options.$post()).json();
  return client.api.account.passkeys.$post({ json: { friendlyName, response: auth.register(options) } });
}

/** The second step with a key; `use` picks the credential (default: one the options allow). */
export async function answerSecondStep(client: Client, auth: Authenticator, t: Tamper = {}, use?: SoftCredential) {
  const res = await client.api.session.tfa.webauthn.options.$post();
  expect(res.status).toBe(200);
  return client.api.session.tfa.webauthn.$post({ json: { response: auth.assert(await res.json(), t, use) } });
}

/** A passkey sign-in from a fresh browser. */
export async function passkeySignIn(ctx: TestContext, auth: Authenticator, use?: SoftCredential, t: Tamper = {}) {
  const client = createTestClient(ctx);
  await client.api.session.$get();
  const options = await (await client.api.session.passkey.options.$post()).json();
  return { client, res: await client.api.session.passkey.$post({ json: { response: auth.assert(options, t, use) } }) };
}

/** set_tfa('webauthn') as mailcow does it: std base64 keyHandle, PEM, no certificate, counter 0. */
export async function mailcowTfaKey(ctx: TestContext, username: string, alg: KeyAlg = 'ES256') {
  const cred = newCredential(alg);
  await ctx.deps.db.insert(tfa).values({ username, keyId: 'mailcow key', authmech: 'webauthn', keyHandle: cred.id.toString('base64'),
    publicKey: cred.publicKeyPem, certificate: null, counter: 0, active: 1 });
  return cred;
}

/** fido2('register') as mailcow does it: a plain INSERT, raw credential id, PEM, no name. */
export async function mailcowPasskey(ctx: TestContext, username: string, alg: KeyAlg = 'ES256') {
  const cred = newCredential(alg, Buffer.from(username));
  await ctx.deps.db.insert(fido2).values({ username, rpId: RP_ID, credentialPublicKey: cred.publicKeyPem, certificateChain: null,
    certificate: null, certificateIssuer: '', certificateSubject: '', signatureCounter: null, aaguid: Buffer.alloc(16), credentialId: cred.id });
  return cred;
}
