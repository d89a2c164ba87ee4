// YubiKeys (Yubico OTP) against a local validation server that speaks protocol 2.0: enrolment as
// mailcow's set_tfa does it, sign-in, and every way the server's answer can be wrong or missing.
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { tfa } from '../../../db/schema/access.ts';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';
import { startFakeYubico, yubiOtp } from '../../test/fake-yubico.ts';
import { errorCode, pendingClient, type Client } from '../../test/tfa-helpers.ts';

const yubico = await startFakeYubico();
afterAll(() => yubico.close());
const ctx = useTestApp({ YUBICO_API_URL: yubico.url, YUBICO_TIMEOUT_MS: '2000' });
// The same database, but its validation server is gone (nothing listens on the discard port).
const offline = useTestApp({ YUBICO_API_URL: 'http://127.0.0.1:9/wsapi/2.0/verify', YUBICO_TIMEOUT_MS: '2000' });

async function signedIn() {
  const w = await seedWorld(ctx);
  const client = createTestClient(ctx);
  expect((await client.signIn(w.user)).status).toBe(200);
  return { w, client };
}
const enrol = (client: Client, body: { keyId: string; clientId: string; secretKey: string; otp: string }) =>
  client.api.account.factors.yubi_otp.$post({ json: body });
const withOtp = (client: Client, otp: string) => client.api.session.tfa.$post({ json: { method: 'yubi_otp', otp } });

/** A user with a YubiKey enrolled through Cowbell. */
async function userWithKey() {
  const { w, client } = await signedIn();
  const key = yubico.addClient();
  const res = await enrol(client, { keyId: 'Blue key', clientId: key.clientId, secretKey: key.secretKey, otp: yubiOtp(key.publicId) });
  expect(res.status).toBe(201);
  return { w, key };
}

describe('adding a YubiKey', () => {
  it('stores it as mailcow does: <client id>:<secret key>:<public id>, active', async () => {
    const { w, key } = await userWithKey();
    const rows = await ctx.deps.db.select().from(tfa).where(eq(tfa.username, w.user));
    expect(rows).toEqual([expect.objectContaining({ keyId: 'Blue key', authmech: 'yubi_otp', secret: `${key.clientId}:${key.secretKey}:${key.publicId}`, active: 1 })]);
  });

  it('replaces the row of the same key (same public id), as mailcow does', async () => {
    const { w, client } = await signedIn();
    const key = yubico.addClient();
    for (const keyId of ['First', 'Again']) {
      expect((await enrol(client, { keyId, clientId: key.clientId, secretKey: key.secretKey, otp: yubiOtp(key.publicId) })).status).toBe(201);
    }
    const rows = await ctx.deps.db.select({ keyId: tfa.keyId }).from(tfa).where(and(eq(tfa.username, w.user), eq(tfa.authmech, 'yubi_otp')));
    expect(rows).toEqual([{ keyId: 'Again' }]);
  });

  it('refuses a client the server does not know, naming the fields', async () => {
    const { client } = await signedIn();
    const key = yubico.addClient();
    const res = await enrol(client, { keyId: 'k', clientId: '1', secretKey: key.secretKey, otp: yubiOtp(key.publicId) });
    expect(res.status).toBe(400);
    expect((await res.json() as unknown as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['clientId', 'secretKey']);
  });

  it('refuses an OTP the server rejects, and one used before', async () => {
    const { client } = await signedIn();
    const key = yubico.addClient();
    const other = yubico.addClient();
    expect(await errorCode(await enrol(client, { keyId: 'k', clientId: key.clientId, secretKey: key.secretKey, otp: yubiOtp('cccccccccccc') }))).toBe('invalid_code');
    const otp = yubiOtp(other.publicId);
    expect((await enrol(client, { keyId: 'k', clientId: key.clientId, secretKey: key.secretKey, otp })).status).toBe(201);
    expect(await errorCode(await enrol(client, { keyId: 'k', clientId: key.clientId, secretKey: key.secretKey, otp }))).toBe('invalid_code');
  });
});

describe('confirming with a YubiKey (step-up)', () => {
  it('takes a fresh OTP of the key as a proof, and not one of another key', async () => {
    const { w, key } = await userWithKey();
    const client = await pendingClient(ctx, w.user);
    expect((await withOtp(client, yubiOtp(key.publicId))).status).toBe(200);
    ctx.clock.advance(6 * 60_000);
    expect(await errorCode(await client.api.account['recovery-codes'].$post())).toBe('step_up_required');
    const stranger = yubico.addClient();
    expect(await errorCode(await client.api.account.confirm.$post({ json: { method: 'yubi_otp', otp: yubiOtp(stranger.publicId) } }))).toBe('invalid_code');
    expect((await client.api.account.confirm.$post({ json: { method: 'yubi_otp', otp: yubiOtp(key.publicId) } })).status).toBe(200);
    expect((await client.api.account['recovery-codes'].$post()).status).toBe(201);
  });
});

describe('signing in with a YubiKey', () => {
  it('takes a fresh OTP of the enrolled key, and not the same OTP twice (REPLAYED_OTP)', async () => {
    const { w, key } = await userWithKey();
    const otp = yubiOtp(key.publicId);
    const res = await withOtp(await pendingClient(ctx, w.user), otp);
    expect(res.status).toBe(200);
    expect((await res.json()).session.state).toBe('active');
    expect(await errorCode(await withOtp(await pendingClient(ctx, w.user), otp))).toBe('invalid_code');
  });

  it('refuses an OTP of another key (public id), without asking the server', async () => {
    const { w } = await userWithKey();
    const stranger = yubico.addClient();
    const before = yubico.requests();
    expect(await errorCode(await withOtp(await pendingClient(ctx, w.user), yubiOtp(stranger.publicId)))).toBe('invalid_code');
    expect(yubico.requests()).toBe(before);
  });

  it('does not trust an answer signed with another key, or one that does not echo the request', async () => {
    const { w, key } = await userWithKey();
    try {
      yubico.state.forgeSignature = true;
      expect(await errorCode(await withOtp(await pendingClient(ctx, w.user), yubiOtp(key.publicId)))).toBe('otp_server_unavailable');
      yubico.state.forgeSignature = false;
      yubico.state.wrongEcho = true;
      expect(await errorCode(await withOtp(await pendingClient(ctx, w.user), yubiOtp(key.publicId)))).toBe('otp_server_unavailable');
    } finally {
      Object.assign(yubico.state, { forgeSignature: false, wrongEcho: false });
    }
  });

  it('says clearly when the validation server is down, and keeps the pending sign-in', async () => {
    const { w, key } = await userWithKey();
    const client = await pendingClient(offline, w.user);
    const res = await withOtp(client, yubiOtp(key.publicId));
    expect(res.status).toBe(502);
    expect(await errorCode(res)).toBe('otp_server_unavailable');
    expect((await (await client.api.session.$get()).json()).session?.state).toBe('tfa_pending');
  });
});
