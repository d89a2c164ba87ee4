// Security keys as a second factor: stored as mailcow's tfa rows, and mailcow's own rows sign in here.
import { createHash, verify } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tfa } from '../../../db/schema/access.ts';
import { logs } from '../../../db/schema/audit.ts';
import { seedWorld, useTestApp } from '../../test/helpers.ts';
import { createSoftAuthenticator } from '../../test/soft-authenticator.ts';
import {
  addPasskey, addSecurityKey, answerSecondStep, errorCode, mailcowTfaKey, ORIGIN, RP_ID, signedInClient, WEBAUTHN_ENV,
} from '../../test/webauthn-fixture.ts';

const ctx = useTestApp(WEBAUTHN_ENV);

/** A user with a key mailcow registered, half signed in: the password was right, the key is owed. */
async function owingAKey() {
  const w = await seedWorld(ctx);
  const auth = createSoftAuthenticator(ORIGIN);
  auth.adopt(await mailcowTfaKey(ctx, w.user));
  return { w, auth, client: await signedInClient(ctx, w.user, 'tfa_pending') };
}

describe('security keys (second factor)', () => {
  it('registers a key in mailcow\'s format and then asks for it after the password', async () => {
    const w = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    const client = await signedInClient(ctx, w.user);
    const added = await addSecurityKey(client, auth, 'Blue key');
    expect(added.status).toBe(201);

    const rows = await ctx.deps.db.select().from(tfa).where(eq(tfa.username, w.user));
    expect(rows).toHaveLength(1);
    const cred = auth.credentials[0];
    expect(rows[0]).toMatchObject({ keyId: 'Blue key', authmech: 'webauthn', keyHandle: cred.id.toString('base64'), publicKey: cred.publicKeyPem,
      certificate: null, counter: 0, active: 1, secret: null });
    expect(rows[0].publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END PUBLIC KEY-----\n$/);
    // What mailcow's processGet() does with the row: openssl_verify(authData ‖ SHA-256(clientDataJSON), signature, PEM).
    const assertion = auth.assert({ challenge: 'x', rpId: RP_ID, allowCredentials: [{ id: Buffer.from(rows[0].keyHandle!, 'base64').toString('base64url') }] });
    const signed = Buffer.concat([Buffer.from(assertion.response.authenticatorData, 'base64url'),
      createHash('sha256').update(Buffer.from(assertion.response.clientDataJSON, 'base64url')).digest()]);
    expect(verify('sha256', signed, rows[0].publicKey!, Buffer.from(assertion.response.signature, 'base64url'))).toBe(true);

    const second = await signedInClient(ctx, w.user, 'tfa_pending');
    const before = second.jar.get('cowbell_session');
    const res = await answerSecondStep(second, auth);
    expect(res.status).toBe(200);
    expect((await res.json()).session).toMatchObject({ username: w.user, state: 'active' });
    expect(second.jar.get('cowbell_session')).not.toBe(before);
    expect((await second.api.me.$get()).status).toBe(200);
  });

  it('keeps the user handle of a security key apart from the passkeys\' (mailcow #7433)', async () => {
    const w = await seedWorld(ctx);
    const client = await signedInClient(ctx, w.user);
    const key = await (await client.api.account.factors.webauthn.options.$post()).json();
    const passkey = await (await client.api.account.passkeys.options.$post()).json();
    expect(key.user.id).not.toBe(passkey.user.id);
    expect(key.user.name).toBe(w.user);
  });

  it.each(['ES256', 'RS256'] as const)('signs in with a %s key mailcow registered, also when it answers for the appid', async (alg) => {
    const w = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    auth.adopt(await mailcowTfaKey(ctx, w.user, alg));
    const options = await (await (await signedInClient(ctx, w.user, 'tfa_pending')).api.session.tfa.webauthn.options.$post()).json();
    expect(options.extensions).toEqual({ appid: `https://${RP_ID}` });
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([auth.credentials[0].id.toString('base64url')]);

    expect((await answerSecondStep(await signedInClient(ctx, w.user, 'tfa_pending'), auth)).status).toBe(200);
    expect((await answerSecondStep(await signedInClient(ctx, w.user, 'tfa_pending'), auth, { rpId: `https://${RP_ID}` })).status).toBe(200);
    // mailcow's counter stays 0 and is not relied upon.
    const [row] = await ctx.deps.db.select({ counter: tfa.counter }).from(tfa).where(eq(tfa.username, w.user));
    expect(row.counter).toBe(0);
  });

  it('refuses a wrong origin, and the challenge is gone afterwards (single use)', async () => {
    const { w, auth, client } = await owingAKey();
    const options = await (await client.api.session.tfa.webauthn.options.$post()).json();
    const evil = await client.api.session.tfa.webauthn.$post({ json: { response: auth.assert(options, { origin: 'https://evil.test' }) } });
    expect(evil.status).toBe(401);
    expect(await errorCode(evil)).toBe('webauthn_failed');
    // Written to mailcow's log as its verify_tfa_login() writes a failed key.
    const failed = await ctx.deps.db.select({ msg: logs.msg }).from(logs).where(eq(logs.call, JSON.stringify(['verify_tfa_login', w.user, '*'])));
    expect(failed.map((r) => r.msg)).toEqual([JSON.stringify(['webauthn_verification_failed'])]);
    const again = await client.api.session.tfa.webauthn.$post({ json: { response: auth.assert(options) } });
    expect(again.status).toBe(400);
    expect(await errorCode(again)).toBe('challenge_expired');
  });

  it('refuses an answer after the challenge expired', async () => {
    const { auth, client } = await owingAKey();
    const options = await (await client.api.session.tfa.webauthn.options.$post()).json();
    ctx.clock.advance(121_000);
    const late = await client.api.session.tfa.webauthn.$post({ json: { response: auth.assert(options) } });
    expect(await errorCode(late)).toBe('challenge_expired');
  });

  it('never takes a passkey as the second factor, nor a challenge made for a passkey sign-in', async () => {
    const w = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    const active = await signedInClient(ctx, w.user);
    expect((await addPasskey(active, auth)).status).toBe(201);
    const passkey = auth.credentials[0];
    auth.adopt(await mailcowTfaKey(ctx, w.user));

    const pending = await signedInClient(ctx, w.user, 'tfa_pending');
    const res = await answerSecondStep(pending, auth, {}, passkey);
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe('webauthn_failed');
    // A passkey sign-in's challenge, answered with the right key at the second step: not this ceremony's.
    const passkeyOptions = await (await pending.api.session.passkey.options.$post()).json();
    await pending.api.session.tfa.webauthn.options.$post();
    const crossed = await pending.api.session.tfa.webauthn.$post({ json: { response: auth.assert({ ...passkeyOptions, allowCredentials: undefined }, {}, auth.credentials[1]) } });
    expect(crossed.status).toBe(401);
  });

  it('counts failed answers towards the sign-in limiter', async () => {
    const { auth, client } = await owingAKey();
    let last = 0;
    for (let i = 0; i < 12 && last !== 429; i++) last = (await answerSecondStep(client, auth, { origin: 'https://evil.test' })).status;
    expect(last).toBe(429);
  });

  it('is only for a session that owes a second factor, and only with the account\'s own keys', async () => {
    const w = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    const other = await seedWorld(ctx);
    const otherKey = await mailcowTfaKey(ctx, other.user);
    auth.adopt(await mailcowTfaKey(ctx, w.user));
    const active = await signedInClient(ctx, other.user, 'tfa_pending');
    expect((await answerSecondStep(active, auth, {}, auth.credentials[0])).status).toBe(401); // A's key for B's pending session
    const signedIn = await signedInClient(ctx, (await seedWorld(ctx)).user);
    expect((await signedIn.api.session.tfa.webauthn.options.$post()).status).toBe(401);
    const rows = await ctx.deps.db.select().from(tfa).where(and(eq(tfa.username, other.user), eq(tfa.keyHandle, otherKey.id.toString('base64'))));
    expect(rows).toHaveLength(1);
  });

  it('refuses to register the same credential twice and a stale step-up', async () => {
    const w = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    const client = await signedInClient(ctx, w.user);
    const options = await (await client.api.account.factors.webauthn.options.$post()).json();
    const response = auth.register(options);
    expect((await client.api.account.factors.webauthn.$post({ json: { keyId: 'k', response } })).status).toBe(201);
    const replay = await client.api.account.factors.webauthn.$post({ json: { keyId: 'k', response } });
    expect(await errorCode(replay)).toBe('challenge_expired');
    ctx.clock.advance(6 * 60_000);
    const stale = await client.api.account.factors.webauthn.options.$post();
    expect(stale.status).toBe(403);
    expect(await errorCode(stale)).toBe('step_up_required');
  });
});
