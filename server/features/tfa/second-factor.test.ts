// The second step of sign-in with a TOTP code or a recovery code, against rows as mailcow writes them.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tfa } from '../../../db/schema/access.ts';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';
import { addMailcowTotp, errorCode, pendingClient, totpCodeAt, type Client } from '../../test/tfa-helpers.ts';
import { MAX_PENDING_ATTEMPTS } from './second-factor.service.ts';

const ctx = useTestApp({ SIGNIN_MAX_FAILURES_PER_ACCOUNT: '5', SIGNIN_MAX_FAILURES_PER_IP: '6', TRUST_PROXY: '127.0.0.1',
  INGEST_ALLOWED_NETWORKS: '' });
const STEP = 30_000;

const withTotp = (client: Client, code: string, id?: number) => client.api.session.tfa.$post({ json: { method: 'totp', code, ...(id ? { id } : {}) } });
const stateOf = async (client: Client) => (await (await client.api.session.$get()).json()).session?.state ?? null;

async function userWithTotp() {
  const w = await seedWorld(ctx);
  return { w, ...(await addMailcowTotp(ctx, w.user)) };
}

describe('signing in with a TOTP code', () => {
  it('takes the right code from a row mailcow made, and gives the session a new id', async () => {
    const { w, secret } = await userWithTotp();
    const client = await pendingClient(ctx, w.user);
    const pendingCookie = client.jar.get('cowbell_session');
    const res = await withTotp(client, totpCodeAt(secret, ctx.clock.now));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.session).toMatchObject({ username: w.user, state: 'active', tfaMethods: [] });
    expect(client.jar.get('cowbell_session')).not.toBe(pendingCookie);
    expect((await client.api.me.$get()).status).toBe(200);
  });

  it('takes codes one step early or late, not two', async () => {
    const { w, secret } = await userWithTotp();
    const client = await pendingClient(ctx, w.user);
    expect((await withTotp(client, totpCodeAt(secret, ctx.clock.now + 2 * STEP))).status).toBe(401);
    expect((await withTotp(client, totpCodeAt(secret, ctx.clock.now - 2 * STEP))).status).toBe(401);
    expect((await withTotp(client, totpCodeAt(secret, ctx.clock.now - STEP))).status).toBe(200);
    const again = await pendingClient(ctx, w.user);
    expect((await withTotp(again, totpCodeAt(secret, ctx.clock.now + STEP))).status).toBe(200);
  });

  it('refuses a code that signed in once already, even in another browser', async () => {
    const { w, secret } = await userWithTotp();
    const code = totpCodeAt(secret, ctx.clock.now);
    expect((await withTotp(await pendingClient(ctx, w.user), code)).status).toBe(200);
    const replay = await withTotp(await pendingClient(ctx, w.user), code);
    expect(replay.status).toBe(401);
    expect(await errorCode(replay)).toBe('invalid_code');
    // The next time step brings a new code, which works.
    ctx.clock.advance(STEP);
    expect((await withTotp(await pendingClient(ctx, w.user), totpCodeAt(secret, ctx.clock.now))).status).toBe(200);
  });

  it('accepts any active TOTP factor of the account, or only the one named by id', async () => {
    const { w, id } = await userWithTotp();
    const other = await addMailcowTotp(ctx, w.user, { keyId: 'Tablet' });
    expect((await withTotp(await pendingClient(ctx, w.user), totpCodeAt(other.secret, ctx.clock.now), id)).status).toBe(401);
    expect((await withTotp(await pendingClient(ctx, w.user), totpCodeAt(other.secret, ctx.clock.now))).status).toBe(200);
  });

  it('ignores another account\'s factor', async () => {
    const { w } = await userWithTotp();
    const b = await userWithTotp();
    expect((await withTotp(await pendingClient(ctx, w.user), totpCodeAt(b.secret, ctx.clock.now))).status).toBe(401);
  });

  it('counts wrong codes towards the sign-in limiter of the account, which a right password does not reset', async () => {
    const { w, secret } = await userWithTotp();
    const statuses: number[] = [];
    // A new sign-in with the right password for every guess, from a new address each time.
    for (let i = 0; i < 6; i++) statuses.push((await withTotp(await pendingClient(ctx, w.user), '000000')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Locked: even the right code is held back now, from anywhere.
    const locked = await withTotp(await pendingClient(ctx, w.user), totpCodeAt(secret, ctx.clock.now));
    expect(locked.status).toBe(429);
  });

  it('counts wrong codes per address too, with the password\'s counter', async () => {
    const ip = '198.51.100.77';
    for (let i = 0; i < 6; i++) {
      const { w } = await userWithTotp();
      expect((await withTotp(await pendingClient(ctx, w.user, { ip, peer: '127.0.0.1' }), '000000')).status).toBe(401);
    }
    const { w } = await userWithTotp();
    expect((await createTestClient(ctx, { ip, peer: '127.0.0.1' }).signIn(w.user)).status).toBe(429);
  });

  it('ends a pending session after a few wrong codes', async () => {
    const { w, secret } = await userWithTotp();
    const client = await pendingClient(ctx, w.user);
    for (let i = 1; i < MAX_PENDING_ATTEMPTS; i++) expect((await withTotp(client, `00000${i}`)).status).toBe(401);
    // The limiter allows one more, but this session does not.
    const last = await withTotp(client, '000009');
    expect(await errorCode(last)).toBe('unauthenticated');
    expect(await stateOf(client)).toBeNull();
    expect((await withTotp(client, totpCodeAt(secret, ctx.clock.now))).status).toBe(401);
  });

  it('is only for a session that owes a second factor', async () => {
    const w = await seedWorld(ctx);
    const anonymous = createTestClient(ctx);
    await anonymous.api.session.$get();
    expect((await withTotp(anonymous, '123456')).status).toBe(401);
    const signedIn = createTestClient(ctx);
    await signedIn.signIn(w.user);
    expect(await errorCode(await withTotp(signedIn, '123456'))).toBe('unauthenticated');
    expect(await stateOf(signedIn)).toBe('active');
  });

  it('refuses a method the account does not have, and input of the wrong shape', async () => {
    const { w } = await userWithTotp();
    const client = await pendingClient(ctx, w.user);
    const yubi = await client.api.session.tfa.$post({ json: { method: 'yubi_otp', otp: 'c'.repeat(44) } });
    expect(await errorCode(yubi)).toBe('invalid_code');
    expect((await withTotp(client, '12345')).status).toBe(400);
    expect((await client.api.session.tfa.$post({ json: { method: 'sms', code: '1' } as never })).status).toBe(400);
  });
});

describe('TFA off for the next login (mailcow\'s disable_tfa: rows set to active=0)', () => {
  it('lets one password-only sign-in through and switches the rows back on', async () => {
    const { w } = await userWithTotp();
    await ctx.deps.db.update(tfa).set({ active: 0 }).where(eq(tfa.username, w.user));
    const first = await createTestClient(ctx).signIn(w.user);
    expect((await first.json()).session.state).toBe('active');
    expect((await ctx.deps.db.select({ active: tfa.active }).from(tfa).where(eq(tfa.username, w.user))).map((r) => Number(r.active))).toEqual([1]);
    await pendingClient(ctx, w.user);
  });
});

describe('signing in with a recovery code', () => {
  async function withCodes() {
    const { w, secret } = await userWithTotp();
    const owner = await pendingClient(ctx, w.user);
    expect((await withTotp(owner, totpCodeAt(secret, ctx.clock.now))).status).toBe(200);
    const made = await owner.api.account['recovery-codes'].$post();
    expect(made.status).toBe(201);
    return { w, owner, codes: (await made.json()).codes };
  }
  const withRecovery = (client: Client, code: string) => client.api.session.tfa.$post({ json: { method: 'recovery', code } });

  it('signs in once with each code, typed in any case and spacing', async () => {
    const { w, owner, codes } = await withCodes();
    expect(codes).toHaveLength(10);
    const typed = codes[3].toUpperCase().replace(/-/g, ' ');
    const res = await withRecovery(await pendingClient(ctx, w.user), typed);
    expect(res.status).toBe(200);
    expect((await res.json()).session.state).toBe('active');
    const reused = await withRecovery(await pendingClient(ctx, w.user), codes[3]);
    expect(await errorCode(reused)).toBe('invalid_code');
    expect(await (await owner.api.account['recovery-codes'].$get()).json()).toEqual({ left: 9 });
  });

  it('does not take another account\'s code, nor a made-up one', async () => {
    const a = await withCodes();
    const b = await userWithTotp();
    expect((await withRecovery(await pendingClient(ctx, b.w.user), a.codes[0])).status).toBe(401);
    expect((await withRecovery(await pendingClient(ctx, a.w.user), 'aaaa-bbbb-cccc-dddd')).status).toBe(401);
  });

  it('stops working once the codes are made again', async () => {
    const { w, owner, codes } = await withCodes();
    const again = await owner.api.account['recovery-codes'].$post();
    const fresh = (await again.json()).codes;
    expect(fresh.some((c) => codes.includes(c))).toBe(false);
    expect((await withRecovery(await pendingClient(ctx, w.user), codes[0])).status).toBe(401);
    expect((await withRecovery(await pendingClient(ctx, w.user), fresh[0])).status).toBe(200);
  });

  it('go when the account has no factor left (removed in mailcow), and do not come back with a new factor', async () => {
    const { w, codes } = await withCodes();
    await ctx.deps.db.delete(tfa).where(eq(tfa.username, w.user));
    expect((await (await createTestClient(ctx).signIn(w.user)).json()).session.state).toBe('active');
    await addMailcowTotp(ctx, w.user);
    expect(await errorCode(await withRecovery(await pendingClient(ctx, w.user), codes[0]))).toBe('invalid_code');
  });
});
