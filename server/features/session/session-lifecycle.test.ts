// Session expiry and CSRF: the clock is the app's own, so time moves without sleeping.
import { describe, expect, it } from 'vitest';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp({ SESSION_IDLE_SECONDS: '600', SESSION_ABSOLUTE_SECONDS: '3600' });

describe('session expiry', () => {
  it('ends a session left idle too long', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx);
    await client.signIn(w.user);
    ctx.clock.advance(590_000);
    expect((await client.api.me.$get()).status).toBe(200);
    ctx.clock.advance(590_000); // activity above slid the window
    expect((await client.api.me.$get()).status).toBe(200);
    ctx.clock.advance(601_000);
    expect((await client.api.me.$get()).status).toBe(401);
    expect((await (await client.api.session.$get()).json()).session).toBeNull();
  });

  it('ends even an active session at its absolute limit', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx);
    await client.signIn(w.user);
    for (let i = 0; i < 6; i++) {
      ctx.clock.advance(500_000);
      expect((await client.api.me.$get()).status).toBe(200);
    }
    ctx.clock.advance(601_000);
    expect((await client.api.me.$get()).status).toBe(401);
  });
});

describe('CSRF protection', () => {
  it('refuses a sign-in without the token echoed in the header', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx, { omitCsrf: true });
    await client.api.session.$get();
    const res = await client.api.session.$post({ json: { username: w.user, password: 'x' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as unknown as { error: { code: string } }).error.code).toBe('csrf_failed');
  });

  it('refuses a sign-out with a forged token and keeps the session', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx);
    await client.signIn(w.user);
    const forged = await client.api.session.$delete(undefined, { headers: { 'x-csrf-token': 'A'.repeat(43) } });
    expect(forged.status).toBe(403);
    expect((await client.api.me.$get()).status).toBe(200);
  });

  it("refuses a token from another visitor's cookie once signed in", async () => {
    const w = await seedWorld(ctx);
    const victim = createTestClient(ctx);
    await victim.signIn(w.user);
    const attacker = createTestClient(ctx);
    await attacker.api.session.$get();
    const token = attacker.jar.get('cowbell_csrf')!;
    const res = await ctx.app.request('/api/session', { method: 'DELETE', headers: {
      cookie: `cowbell_session=${victim.jar.get('cowbell_session')}; cowbell_csrf=${token}`, 'x-csrf-token': token } });
    expect(res.status).toBe(403);
  });

  it('refuses cross-site requests outright', async () => {
    const client = createTestClient(ctx);
    await client.api.session.$get();
    const res = await client.api.session.$post({ json: { username: 'a', password: 'b' } }, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
  });

  it('rotates the token at sign-in', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx);
    await client.api.session.$get();
    const before = client.jar.get('cowbell_csrf');
    await client.signIn(w.user);
    expect(client.jar.get('cowbell_csrf')).not.toBe(before);
  });
});
