// Keys registered through mailcow's own PHP (captured from a running mailcow: see
// server/test/fixtures/mailcow-webauthn/README.md) sign in to Cowbell: the second-factor key, also
// when answering for mailcow's appid, and the passwordless credential alone. Nothing here is built
// by hand except the swap of the account name for this test's own.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { fido2, tfa } from '../../../db/schema/access.ts';
import { seedWorld, useTestApp } from '../../test/helpers.ts';
import { createSoftAuthenticator, type SoftCredential } from '../../test/soft-authenticator.ts';
import { answerSecondStep, passkeySignIn, signedInClient } from '../../test/webauthn-fixture.ts';

interface Captured {
  origin: string;
  rpId: string;
  tfa: Record<string, string | number | null>[];
  fido2: Record<string, string | number | null>[];
  credentials: { credentialId: string; privateKey: string; userHandle?: string; signCount: number; isResidentCredential: boolean }[];
}
const captured = JSON.parse(readFileSync(new URL('../../test/fixtures/mailcow-webauthn/registered-by-mailcow.json', import.meta.url), 'utf8')) as Captured;
const ctx = useTestApp({ WEBAUTHN_ORIGINS: captured.origin, WEBAUTHN_RP_ID: captured.rpId });

/** The virtual authenticator's credential, as it held it after registering in mailcow. */
function credential(resident: boolean): SoftCredential {
  const c = captured.credentials.find((x) => x.isResidentCredential === resident)!;
  const privateKey = createPrivateKey({ key: Buffer.from(c.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  return { id: Buffer.from(c.credentialId, 'base64'), privateKey, publicKeyPem: '', alg: 'ES256',
    userHandle: c.userHandle ? Buffer.from(c.userHandle, 'base64') : null, signCount: c.signCount };
}

/** The captured rows, moved to a fresh account (one credential id belongs to one account at a time). */
async function withMailcowRows() {
  const w = await seedWorld(ctx);
  const t = captured.tfa[0];
  const f = captured.fido2[0];
  await ctx.deps.db.delete(tfa).where(eq(tfa.keyHandle, String(t.keyHandle)));
  await ctx.deps.db.delete(fido2).where(eq(fido2.credentialId, Buffer.from(String(f.credentialId_hex), 'hex')));
  await ctx.deps.db.insert(tfa).values({ username: w.user, keyId: String(t.key_id), authmech: 'webauthn', secret: null,
    keyHandle: String(t.keyHandle), publicKey: String(t.publicKey), counter: Number(t.counter), certificate: String(t.certificate), active: Number(t.active) });
  await ctx.deps.db.insert(fido2).values({ username: w.user, friendlyName: null, rpId: String(f.rpId), credentialPublicKey: String(f.credentialPublicKey),
    certificateChain: null, certificate: String(f.certificate), certificateIssuer: String(f.certificateIssuer), certificateSubject: String(f.certificateSubject),
    signatureCounter: f.signatureCounter === null ? null : Number(f.signatureCounter), aaguid: Buffer.from(String(f.aaguid_hex), 'hex'),
    credentialId: Buffer.from(String(f.credentialId_hex), 'hex'), active: Number(f.active) });
  return w;
}

describe('keys registered by mailcow itself', () => {
  it('the second-factor key completes a password sign-in, for the RP id and for mailcow\'s appid', async () => {
    const w = await withMailcowRows();
    for (const rpId of [captured.rpId, `https://${captured.rpId}`]) {
      const auth = createSoftAuthenticator(captured.origin);
      auth.adopt(credential(false));
      const client = await signedInClient(ctx, w.user, 'tfa_pending');
      const res = await answerSecondStep(client, auth, { rpId });
      expect(res.status, rpId).toBe(200);
      expect((await res.json()).session).toMatchObject({ username: w.user, state: 'active' });
    }
  });

  it('the passwordless credential signs in alone, and is never taken as the second factor', async () => {
    const w = await withMailcowRows();
    const auth = createSoftAuthenticator(captured.origin);
    const passkey = auth.adopt(credential(true));
    const { res } = await passkeySignIn(ctx, auth, passkey);
    expect(res.status).toBe(200);
    expect((await res.json()).session).toMatchObject({ username: w.user, state: 'active' });

    const client = await signedInClient(ctx, w.user, 'tfa_pending');
    const options = await (await client.api.session.tfa.webauthn.options.$post()).json();
    const answer = auth.assert({ ...options, allowCredentials: undefined }, {}, passkey);
    expect((await client.api.session.tfa.webauthn.$post({ json: { response: answer } })).status).toBe(401);
  });
});
