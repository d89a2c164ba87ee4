// An account's own factors: TOTP set up through Cowbell reads back as mailcow writes it, removal
// follows mailcow's rules, every change needs a fresh proof, and one account never reaches another's.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { admin, tfa } from '../../../db/schema/access.ts';
import { mailbox } from '../../../db/schema/mail.ts';
import { insertMailbox } from '../../lib/mailcow/provision.ts';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';
import { addMailcowTotp, errorCode, pendingClient, totpCodeAt, type Client } from '../../test/tfa-helpers.ts';

const ctx = useTestApp({ STEP_UP_MINUTES: '5' });
const MINUTE = 60_000;

async function signedInAs(username: string) {
  const client = createTestClient(ctx);
  const res = await client.signIn(username);
  expect((await res.json()).session.state).toBe('active');
  return client;
}

/** Sets up TOTP through the API as the security page does; returns the secret the app was given. */
async function enrolTotp(client: Client, keyId = 'Phone') {
  const setup = await client.api.account.factors.totp.setup.$post();
  expect(setup.status).toBe(200);
  const { secret, uri } = await setup.json();
  const res = await client.api.account.factors.totp.$post({ json: { keyId, code: totpCodeAt(secret, ctx.clock.now) } });
  expect(res.status).toBe(201);
  return { secret, uri, factor: (await res.json()).factor };
}

const factorsOf = async (client: Client) => (await (await client.api.account.factors.$get()).json()).factors;

describe('setting up TOTP', () => {
  it('writes the row as mailcow does, and that row signs in', async () => {
    const w = await seedWorld(ctx);
    const client = await signedInAs(w.user);
    const { secret, uri, factor } = await enrolTotp(client, 'My phone');
    expect(secret).toMatch(/^[A-Z2-7]{16}$/);
    expect(uri).toBe(`otpauth://totp/mailcow%20UI:${encodeURIComponent(w.user)}?issuer=mailcow%20UI&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
    const rows = await ctx.deps.db.select().from(tfa).where(eq(tfa.username, w.user));
    expect(rows).toEqual([expect.objectContaining({ id: factor.id, keyId: 'My phone', authmech: 'totp', secret, active: 1, counter: 0, keyHandle: null, publicKey: null })]);
    ctx.clock.advance(MINUTE);
    const pending = await pendingClient(ctx, w.user);
    expect((await pending.api.session.tfa.$post({ json: { method: 'totp', code: totpCodeAt(secret, ctx.clock.now) } })).status).toBe(200);
  });

  it('refuses a wrong code, keeps the secret on the server, and labels an unnamed factor "unidentified"', async () => {
    const w = await seedWorld(ctx);
    const client = await signedInAs(w.user);
    const { secret } = await (await client.api.account.factors.totp.setup.$post()).json();
    const wrong = await client.api.account.factors.totp.$post({ json: { keyId: '', code: '000000' } });
    expect(await errorCode(wrong)).toBe('invalid_code');
    // Another session never saw this secret: its code proves nothing there.
    const other = await signedInAs(w.user);
    expect((await other.api.account.factors.totp.$post({ json: { keyId: '', code: totpCodeAt(secret, ctx.clock.now) } })).status).toBe(404);
    expect((await client.api.account.factors.totp.$post({ json: { keyId: '  ', code: totpCodeAt(secret, ctx.clock.now) } })).status).toBe(201);
    expect(await factorsOf(client)).toEqual([expect.objectContaining({ keyId: 'unidentified', authmech: 'totp', active: true })]);
  });

  it('lists factors without any secret', async () => {
    const w = await seedWorld(ctx);
    const client = await signedInAs(w.user);
    await enrolTotp(client);
    const body = await (await client.api.account.factors.$get()).text();
    const { secret } = (await ctx.deps.db.select({ secret: tfa.secret }).from(tfa).where(eq(tfa.username, w.user)))[0];
    expect(body).not.toContain(secret!);
    expect(Object.keys(JSON.parse(body).factors[0]).sort()).toEqual(['active', 'authmech', 'id', 'keyId']);
  });

  it('works for admins and domain admins (tfa.username is their admin name)', async () => {
    const w = await seedWorld(ctx);
    for (const name of [w.admin, w.domainAdmin]) {
      const { secret } = await enrolTotp(await signedInAs(name));
      expect((await ctx.deps.db.select({ secret: tfa.secret }).from(tfa).where(eq(tfa.username, name)))[0].secret).toBe(secret);
      const pending = await pendingClient(ctx, name);
      ctx.clock.advance(30_000);
      expect((await pending.api.session.tfa.$post({ json: { method: 'totp', code: totpCodeAt(secret, ctx.clock.now) } })).status).toBe(200);
    }
  });
});

describe('step-up', () => {
  it('asks for a fresh proof before any change, and takes a TOTP code as one', async () => {
    const w = await seedWorld(ctx);
    const { id, secret } = await addMailcowTotp(ctx, w.user);
    const client = await pendingClient(ctx, w.user);
    expect((await client.api.session.tfa.$post({ json: { method: 'totp', code: totpCodeAt(secret, ctx.clock.now) } })).status).toBe(200);
    ctx.clock.advance(6 * MINUTE);
    // Reading is not held back.
    expect((await client.api.account.factors.$get()).status).toBe(200);
    expect((await client.api['account']['recovery-codes'].$get()).status).toBe(200);
    for (const res of [
      await client.api.account.factors.totp.setup.$post(),
      await client.api.account.factors.totp.$post({ json: { keyId: 'x', code: '123456' } }),
      await client.api.account.factors.yubi_otp.$post({ json: { keyId: 'x', clientId: '1', secretKey: 'c2VjcmV0c2VjcmV0', otp: 'c'.repeat(44) } }),
      await client.api.account.factors[':id'].$delete({ param: { id: String(id) } }),
      await client.api.account.factors.$delete(),
      await client.api.account['recovery-codes'].$post(),
    ]) expect(await errorCode(res)).toBe('step_up_required');
    const confirm = await client.api.account.confirm.$post({ json: { method: 'totp', code: totpCodeAt(secret, ctx.clock.now) } });
    expect(confirm.status).toBe(200);
    expect((await client.api.account['recovery-codes'].$post()).status).toBe(201);
    // The code that confirmed is spent.
    ctx.clock.advance(6 * MINUTE);
    const code = totpCodeAt(secret, ctx.clock.now);
    expect((await client.api.account.confirm.$post({ json: { method: 'totp', code } })).status).toBe(200);
    expect(await errorCode(await client.api.account.confirm.$post({ json: { method: 'totp', code } }))).toBe('invalid_code');
  });
});

describe('removing factors', () => {
  it('refuses the last active key (last_key), and switching off needs no force_tfa', async () => {
    const w = await seedWorld(ctx);
    const client = await signedInAs(w.user);
    const first = (await enrolTotp(client, 'One')).factor;
    const second = (await enrolTotp(client, 'Two')).factor;
    expect((await client.api.account.factors[':id'].$delete({ param: { id: String(first.id) } })).status).toBe(204);
    const last = await client.api.account.factors[':id'].$delete({ param: { id: String(second.id) } });
    expect(last.status).toBe(409);
    expect(await errorCode(last)).toBe('last_key');
    expect((await client.api.account['recovery-codes'].$post()).status).toBe(201);
    expect((await client.api.account.factors.$delete()).status).toBe(204);
    expect(await factorsOf(client)).toEqual([]);
    // The recovery codes went with the factors.
    expect(await (await client.api.account['recovery-codes'].$get()).json()).toEqual({ left: 0 });
    expect(await errorCode(await client.api.account['recovery-codes'].$post())).toBe('no_second_factor');
  });

  it('keeps factors on while force_tfa is set, for mailboxes and admins', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.db.update(mailbox).set({ attributes: JSON.stringify({ force_tfa: '1' }) }).where(eq(mailbox.username, w.user));
    await ctx.deps.db.update(admin).set({ attributes: JSON.stringify({ force_tfa: '1' }) }).where(eq(admin.username, w.admin));
    for (const name of [w.user, w.admin]) {
      const client = await signedInAs(name);
      const { factor } = await enrolTotp(client);
      expect(await errorCode(await client.api.account.factors[':id'].$delete({ param: { id: String(factor.id) } }))).toBe('tfa_removal_blocked');
      expect(await errorCode(await client.api.account.factors.$delete())).toBe('tfa_removal_blocked');
      expect(await factorsOf(client)).toHaveLength(1);
    }
  });

  it('removes any kind, webauthn rows included', async () => {
    const w = await seedWorld(ctx);
    const [webauthn] = await ctx.deps.db.insert(tfa).values({ username: w.user, keyId: 'Key', authmech: 'webauthn', keyHandle: 'AAAA', publicKey: 'pem', active: 1 }).$returningId();
    const client = await signedInAs(w.admin); // not the owner
    const { secret } = await addMailcowTotp(ctx, w.user);
    const owner = await pendingClient(ctx, w.user);
    expect((await owner.api.session.tfa.$post({ json: { method: 'totp', code: totpCodeAt(secret, ctx.clock.now) } })).status).toBe(200);
    expect((await client.api.account.factors[':id'].$delete({ param: { id: String(webauthn.id) } })).status).toBe(404);
    expect((await owner.api.account.factors[':id'].$delete({ param: { id: String(webauthn.id) } })).status).toBe(204);
  });
});

describe('one account and another', () => {
  it('never lists, removes or confirms with another account\'s factors', async () => {
    const w = await seedWorld(ctx);
    const bob = await insertMailbox(ctx.deps.db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
    const alice = await signedInAs(w.user);
    const { factor, secret } = await enrolTotp(alice);
    const b = await signedInAs(bob);
    expect(await factorsOf(b)).toEqual([]);
    expect((await b.api.account.factors[':id'].$delete({ param: { id: String(factor.id) } })).status).toBe(404);
    ctx.clock.advance(30_000);
    expect(await errorCode(await b.api.account.confirm.$post({ json: { method: 'totp', code: totpCodeAt(secret, ctx.clock.now) } }))).toBe('invalid_code');
    expect(await errorCode(await b.api.account['recovery-codes'].$post())).toBe('no_second_factor');
    expect(await factorsOf(alice)).toHaveLength(1);
  });
});
