// Step-up with a security key or a passkey: only the account's own, and only against its own challenge.
import { describe, expect, it } from 'vitest';
import { seedWorld, useTestApp } from '../../test/helpers.ts';
import { createSoftAuthenticator } from '../../test/soft-authenticator.ts';
import { answerSecondStep, errorCode, mailcowTfaKey, ORIGIN, RP_ID, signedInClient, WEBAUTHN_ENV, type Client } from '../../test/webauthn-fixture.ts';

const ctx = useTestApp(WEBAUTHN_ENV);
const STALE = 6 * 60_000;
const newKeyOptions = (client: Client) => client.api.account.factors.webauthn.options.$post();

describe('step-up with a key', () => {
  it('takes a second-factor key (also answering for mailcow\'s appid) as a fresh proof', async () => {
    const w = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    auth.adopt(await mailcowTfaKey(ctx, w.admin));
    const admin = await signedInClient(ctx, w.admin, 'tfa_pending');
    expect((await answerSecondStep(admin, auth)).status).toBe(200);
    ctx.clock.advance(STALE);
    expect(await errorCode(await newKeyOptions(admin))).toBe('step_up_required');

    const options = await (await admin.api.account.confirm.webauthn.options.$post()).json();
    expect(options.extensions).toEqual({ appid: `https://${RP_ID}` });
    const res = await admin.api.account.confirm.webauthn.$post({ json: { response: auth.assert(options, { rpId: `https://${RP_ID}` }) } });
    expect(res.status).toBe(200);
    expect((await newKeyOptions(admin)).status).toBe(200);
  });

  it('never takes another account\'s key, and says so when the account has none', async () => {
    const a = await seedWorld(ctx);
    const b = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    const keyOfA = auth.adopt(await mailcowTfaKey(ctx, a.user));
    auth.adopt(await mailcowTfaKey(ctx, b.user));
    const bob = await signedInClient(ctx, b.user, 'tfa_pending');
    expect((await answerSecondStep(bob, auth, {}, auth.credentials[1])).status).toBe(200);
    ctx.clock.advance(STALE);
    const options = await (await bob.api.account.confirm.webauthn.options.$post()).json();
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([auth.credentials[1].id.toString('base64url')]);
    const res = await bob.api.account.confirm.webauthn.$post({ json: { response: auth.assert(options, {}, keyOfA) } });
    expect(await errorCode(res)).toBe('webauthn_failed');
    expect(await errorCode(await newKeyOptions(bob))).toBe('step_up_required');

    const none = await signedInClient(ctx, (await seedWorld(ctx)).user);
    const refused = await none.api.account.confirm.webauthn.options.$post();
    expect(refused.status).toBe(404);
  });
});
