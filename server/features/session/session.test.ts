import { and, eq, like } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tfa } from '../../../db/schema/access.ts';
import { logs, saslLog } from '../../../db/schema/audit.ts';
import { admin } from '../../../db/schema/access.ts';
import { createTestClient, PASSWORD, seedWorld, uid, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp({ TRUST_PROXY: '127.0.0.1', INGEST_ALLOWED_NETWORKS: '' });
afterEach(() => vi.restoreAllMocks());

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; issues: unknown[] } }).error;
}

describe('sign-in', () => {
  it('signs a mailbox user in with the mailcow password, case-insensitively', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx);
    const res = await client.signIn(`  ${w.user.toUpperCase()} `);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ session: { username: w.user, role: 'user', state: 'active', tfaMethods: [], mustChangePassword: false, mustEnrolTfa: false } });
    const again = await client.api.session.$get();
    expect((await again.json()).session?.username).toBe(w.user);
  });

  it('gives admins and domain admins their roles', async () => {
    const w = await seedWorld(ctx);
    const a = await createTestClient(ctx).signIn(w.admin);
    expect((await a.json()).session.role).toBe('admin');
    const d = await createTestClient(ctx).signIn(w.domainAdmin);
    expect((await d.json()).session.role).toBe('domain_admin');
  });

  it('sets an HttpOnly SameSite session cookie, Secure only over HTTPS', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx);
    await client.api.session.$get();
    const plain = await client.api.session.$post({ json: { username: w.user, password: PASSWORD } });
    const cookie = plain.headers.getSetCookie().find((c) => c.startsWith('cowbell_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const https = await ctx.app.request('https://cowbell.test/api/session', {
      method: 'POST', body: JSON.stringify({ username: w.user, password: PASSWORD }),
      headers: { 'content-type': 'application/json', cookie: `__Host-cowbell_csrf=${client.jar.get('cowbell_csrf')}`,
        'x-csrf-token': client.jar.get('cowbell_csrf')! },
    });
    // Over HTTPS the cookies take the __Host- prefix (Secure, this host only, path /).
    const secureCookies = https.headers.getSetCookie();
    expect(secureCookies.find((c) => c.startsWith('__Host-cowbell_session='))).toMatch(/Secure.*|.*Secure/);
    expect(secureCookies.find((c) => c.startsWith('__Host-cowbell_session='))).toMatch(/Path=\//);
    expect(secureCookies.some((c) => c.startsWith('cowbell_session='))).toBe(false);
  });

  it('records the UI login in sasl_log as mailcow does', async () => {
    const w = await seedWorld(ctx);
    await createTestClient(ctx, { ip: '198.51.100.7' }).signIn(w.user);
    const rows = await ctx.deps.db.select().from(saslLog).where(eq(saslLog.username, w.user));
    expect(rows).toMatchObject([{ service: 'MAILCOWUI', realRip: '198.51.100.7', appPassword: 0 }]);
  });

  it('refuses a wrong password and an unknown account alike', async () => {
    const w = await seedWorld(ctx);
    const wrong = await createTestClient(ctx).signIn(w.user, 'not-it');
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).code).toBe('invalid_credentials');
    const unknown = await createTestClient(ctx).signIn(`nobody@${w.domain}`);
    expect(await errorOf(unknown)).toEqual(await errorOf(await createTestClient(ctx).signIn(w.user, 'nope')));
  });

  it.each([
    [{ mailboxActive: 0 as const }, 'account_disabled'],
    [{ mailboxActive: 2 as const }, 'login_disallowed'],
    [{ domainActive: 0 }, 'domain_inactive'],
  ])('refuses %o with %s, but only once the password is right', async (opts, code) => {
    const w = await seedWorld(ctx, opts);
    const res = await createTestClient(ctx).signIn(w.user);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe(code);
    expect((await errorOf(await createTestClient(ctx).signIn(w.user, 'wrong'))).code).toBe('invalid_credentials');
  });

  it('refuses an inactive admin', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.db.update(admin).set({ active: 0 }).where(eq(admin.username, w.admin));
    expect((await errorOf(await createTestClient(ctx).signIn(w.admin))).code).toBe('account_disabled');
  });

  it('answers bad input with validation_failed and the issues', async () => {
    const client = createTestClient(ctx);
    await client.api.session.$get();
    const res = await client.api.session.$post({ json: { username: '', password: '' } });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'username' }), expect.objectContaining({ path: 'password' })]));
    const garbage = await ctx.app.request('/api/session', { method: 'POST', body: '{not json', headers: {
      'content-type': 'application/json', cookie: `cowbell_csrf=${client.jar.get('cowbell_csrf')}`, 'x-csrf-token': client.jar.get('cowbell_csrf')! } });
    expect(garbage.status).toBe(400);
  });

  it('never writes the password to a log: console and mailcow logs get "*"', async () => {
    const w = await seedWorld(ctx);
    const secret = `Sekrit-${uid()}`;
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    await createTestClient(ctx, { ip: '203.0.113.9' }).signIn(w.user, secret);
    const printed = spies.flatMap((s) => s.mock.calls.flat()).map(String).join('\n');
    expect(printed).not.toContain(secret);
    const rows = await ctx.deps.db.select().from(logs).where(and(eq(logs.remote, '203.0.113.9'), like(logs.call, `%${w.user}%`)));
    expect(rows.map((r) => JSON.parse(r.call!))).toEqual([['check_login', w.user, '*']]);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });
});

describe('second factor', () => {
  it('leaves a user with TFA in a pending state that opens nothing', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.db.insert(tfa).values({ keyId: 'phone', username: w.user, authmech: 'totp', secret: 'JBSWY3DPEHPK3PXP', active: 1 });
    const client = createTestClient(ctx);
    const res = await client.signIn(w.user);
    const { session } = await res.json();
    expect(session).toMatchObject({ state: 'tfa_pending', tfaMethods: [{ keyId: 'phone', authmech: 'totp' }] });
    expect((await client.api.me.$get()).status).toBe(401);
  });

  it("lets one sign-in through when an admin switched the user's TFA off, then switches it back on", async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.db.insert(tfa).values({ keyId: 'phone', username: w.user, authmech: 'totp', secret: 'JBSWY3DPEHPK3PXP', active: 0 });
    const res = await createTestClient(ctx).signIn(w.user);
    expect((await res.json()).session.state).toBe('active');
    const rows = await ctx.deps.db.select().from(tfa).where(eq(tfa.username, w.user));
    expect(rows.map((r) => r.active)).toEqual([1]);
  });
});

describe('sign-out', () => {
  it('deletes the session: the old cookie no longer works', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx);
    await client.signIn(w.user);
    const stolen = new Map(client.jar);
    expect((await client.api.session.$delete()).status).toBe(204);
    expect((await (await client.api.session.$get()).json()).session).toBeNull();
    const replay = await ctx.app.request('/api/me', { headers: { cookie: `cowbell_session=${stolen.get('cowbell_session')}` } });
    expect(replay.status).toBe(401);
    expect(await ctx.deps.redis.keys('cowbell:session:*')).not.toContain(stolen.get('cowbell_session'));
  });
});
