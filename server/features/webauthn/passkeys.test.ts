// Passkeys: stored as mailcow's fido2 rows, mailcow's own rows sign in here, and they sign in alone.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { fido2, tfa } from '../../../db/schema/access.ts';
import { logs, saslLog } from '../../../db/schema/audit.ts';
import { mailbox } from '../../../db/schema/mail.ts';
import { seedWorld, useTestApp } from '../../test/helpers.ts';
import { createSoftAuthenticator } from '../../test/soft-authenticator.ts';
import {
  addPasskey, errorCode, mailcowPasskey, mailcowTfaKey, ORIGIN, passkeySignIn, RP_ID, signedInClient, WEBAUTHN_ENV,
} from '../../test/webauthn-fixture.ts';

const ctx = useTestApp(WEBAUTHN_ENV);
const hexId = (id: Buffer) => createHash('sha256').update(id).digest('hex');

describe('passkeys', () => {
  it('registers a passkey as mailcow\'s fido2 row and signs in with it alone', async () => {
    const w = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    const client = await signedInClient(ctx, w.user);
    const options = await (await client.api.account.passkeys.options.$post()).json();
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required' });
    const added = await client.api.account.passkeys.$post({ json: { friendlyName: 'Phone', response: auth.register(options) } });
    expect(added.status).toBe(201);
    const cred = auth.credentials[0];
    expect((await added.json()).passkey).toMatchObject({ id: hexId(cred.id), name: 'Phone' });

    const [row] = await ctx.deps.db.select().from(fido2).where(eq(fido2.username, w.user));
    expect(row).toMatchObject({ friendlyName: 'Phone', rpId: RP_ID, credentialPublicKey: cred.publicKeyPem, certificate: null, certificateChain: null,
      certificateIssuer: '', certificateSubject: '', signatureCounter: null, active: 1 });
    expect(row.credentialId.equals(cred.id)).toBe(true);
    expect(row.aaguid!.equals(Buffer.alloc(16))).toBe(true);
    const [{ cid }] = await ctx.deps.db.select({ cid: sql<string>`SHA2(${fido2.credentialId}, 256)` }).from(fido2).where(eq(fido2.username, w.user));
    expect(cid).toBe(hexId(cred.id));

    // A second factor on file changes nothing: a passkey is complete by itself.
    await mailcowTfaKey(ctx, w.user);
    const { client: fresh, res } = await passkeySignIn(ctx, auth);
    expect(res.status).toBe(200);
    expect((await res.json()).session).toMatchObject({ username: w.user, role: 'user', state: 'active' });
    expect((await fresh.api.me.$get()).status).toBe(200);
    const sasl = await ctx.deps.db.select().from(saslLog).where(and(eq(saslLog.username, w.user), eq(saslLog.service, 'MAILCOWUI')));
    expect(sasl).toHaveLength(2); // one per client address: the password sign-in's and the passkey's
    const audit = await ctx.deps.db.select({ msg: logs.msg }).from(logs).where(eq(logs.user, w.user));
    expect(audit.some((a) => a.msg === JSON.stringify(['logged_in_as', w.user]))).toBe(true);
  });

  it('signs in with rows mailcow wrote, with the role from the admin table', async () => {
    const w = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    auth.adopt(await mailcowPasskey(ctx, w.admin, 'RS256'));
    auth.adopt(await mailcowPasskey(ctx, w.domainAdmin));
    const admin = await passkeySignIn(ctx, auth, auth.credentials[0]);
    expect((await admin.res.json()).session).toMatchObject({ username: w.admin, role: 'admin' });
    const da = await passkeySignIn(ctx, auth, auth.credentials[1]);
    expect((await da.res.json()).session).toMatchObject({ username: w.domainAdmin, role: 'domain_admin' });
  });

  it('never signs in with a second-factor key, nor with a challenge made for the second step', async () => {
    const w = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    const key = auth.adopt(await mailcowTfaKey(ctx, w.user));
    const { res } = await passkeySignIn(ctx, auth, key);
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe('webauthn_failed');

    const passkey = auth.adopt(await mailcowPasskey(ctx, w.user));
    const pending = await signedInClient(ctx, w.user, 'tfa_pending');
    const tfaOptions = await (await pending.api.session.tfa.webauthn.options.$post()).json();
    const crossed = await pending.api.session.passkey.$post({ json: { response: auth.assert({ ...tfaOptions, allowCredentials: undefined }, {}, passkey) } });
    expect(await errorCode(crossed)).toBe('challenge_expired');
  });

  it.each([
    ['login_disallowed', { mailboxActive: 2 as const }],
    ['domain_inactive', { domainActive: 0 }],
    ['account_disabled', { mailboxActive: 0 as const }],
  ])('refuses a passkey of an account that may not sign in (%s)', async (code, opts) => {
    const w = await seedWorld(ctx, opts);
    const auth = createSoftAuthenticator(ORIGIN);
    auth.adopt(await mailcowPasskey(ctx, w.user));
    const { res, client } = await passkeySignIn(ctx, auth);
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe(code);
    expect((await (await client.api.session.$get()).json()).session).toBeNull();
  });

  it('refuses a wrong origin, an expired challenge and a reused one', async () => {
    const w = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    auth.adopt(await mailcowPasskey(ctx, w.user));
    expect((await passkeySignIn(ctx, auth, undefined, { origin: 'https://evil.test' })).res.status).toBe(401);

    const { client } = await passkeySignIn(ctx, auth);
    const options = await (await client.api.session.passkey.options.$post()).json();
    ctx.clock.advance(121_000);
    expect(await errorCode(await client.api.session.passkey.$post({ json: { response: auth.assert(options) } }))).toBe('challenge_expired');

    const other = createSoftAuthenticator(ORIGIN);
    other.adopt(auth.credentials[0]);
    const fresh = (await passkeySignIn(ctx, other)).client;
    const again = await (await fresh.api.session.passkey.options.$post()).json();
    const response = auth.assert(again);
    expect((await fresh.api.session.passkey.$post({ json: { response } })).status).toBe(200);
    await fresh.api.session.$get();
    expect(await errorCode(await fresh.api.session.passkey.$post({ json: { response } }))).toBe('challenge_expired');
  });

  it('lists, renames and removes only the account\'s own passkeys', async () => {
    const w = await seedWorld(ctx);
    const b = await seedWorld(ctx);
    const passkeyOfA = await mailcowPasskey(ctx, w.user);
    const id = hexId(passkeyOfA.id);
    const a = await signedInClient(ctx, w.user);
    const list = (await (await a.api.account.passkeys.$get()).json()).passkeys;
    expect(list).toEqual([expect.objectContaining({ id, name: null })]);

    const bob = await signedInClient(ctx, b.user);
    expect((await (await bob.api.account.passkeys.$get()).json()).passkeys).toEqual([]);
    expect((await bob.api.account.passkeys[':id'].$patch({ param: { id }, json: { friendlyName: 'mine' } })).status).toBe(404);
    expect((await bob.api.account.passkeys[':id'].$delete({ param: { id } })).status).toBe(404);

    expect((await a.api.account.passkeys[':id'].$patch({ param: { id }, json: { friendlyName: 'Laptop' } })).status).toBe(204);
    expect((await (await a.api.account.passkeys.$get()).json()).passkeys[0].name).toBe('Laptop');
    ctx.clock.advance(6 * 60_000);
    expect(await errorCode(await a.api.account.passkeys[':id'].$delete({ param: { id } }))).toBe('step_up_required');
    const auth = createSoftAuthenticator(ORIGIN);
    auth.adopt(passkeyOfA);
    const confirm = await (await a.api.account.confirm.webauthn.options.$post()).json();
    expect((await a.api.account.confirm.webauthn.$post({ json: { response: auth.assert(confirm) } })).status).toBe(200);
    expect((await a.api.account.passkeys[':id'].$delete({ param: { id } })).status).toBe(204);
    expect(await ctx.deps.db.select().from(fido2).where(eq(fido2.username, w.user))).toEqual([]);
  });

  it('keeps a passkey and a security key of one account apart when both are registered', async () => {
    const w = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    const client = await signedInClient(ctx, w.user);
    expect((await addPasskey(client, auth, 'Phone')).status).toBe(201);
    const key = await (await client.api.account.factors.webauthn.options.$post()).json();
    expect((await client.api.account.factors.webauthn.$post({ json: { keyId: 'Key', response: auth.register(key) } })).status).toBe(201);
    expect(await ctx.deps.db.select().from(fido2).where(eq(fido2.username, w.user))).toHaveLength(1);
    expect(await ctx.deps.db.select().from(tfa).where(eq(tfa.username, w.user))).toHaveLength(1);
    const [m] = await ctx.deps.db.select({ active: mailbox.active }).from(mailbox).where(eq(mailbox.username, w.user));
    expect(m.active).toBe(1);
  });
});

describe('a passkey without user verification', () => {
  it('signs in, but is no fresh proof: a change that needs one asks again', async () => {
    const w = await seedWorld(ctx);
    const auth = createSoftAuthenticator(ORIGIN);
    const passkey = auth.adopt(await mailcowPasskey(ctx, w.user));
    const { client, res } = await passkeySignIn(ctx, auth, passkey, { noUserVerification: true });
    expect(res.status).toBe(200);
    expect(await errorCode(await client.api['alias-tokens'].$post({ json: { name: 'Bitwarden' } }))).toBe('step_up_required');
    const verified = await passkeySignIn(ctx, auth, passkey);
    expect((await verified.client.api['alias-tokens'].$post({ json: { name: 'Bitwarden' } })).status).toBe(201);
  });
});

