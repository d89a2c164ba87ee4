import { describe, expect, it } from 'vitest';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp({ TRUST_PROXY: '127.0.0.1', INGEST_ALLOWED_NETWORKS: '', SIGNIN_MAX_FAILURES_PER_ACCOUNT: '3', SIGNIN_MAX_FAILURES_PER_IP: '5', SIGNIN_LOCK_SECONDS: '600' });
let ipCounter = 1;
const freshIp = () => `192.0.2.${ipCounter++}`;

describe('failed sign-in limits', () => {
  it('locks an account after repeated failures, even against the right password, with a retry time', async () => {
    const w = await seedWorld(ctx);
    for (let i = 0; i < 3; i++) {
      expect((await createTestClient(ctx, { ip: freshIp() }).signIn(w.user, 'wrong')).status).toBe(401);
    }
    const locked = await createTestClient(ctx, { ip: freshIp() }).signIn(w.user);
    expect(locked.status).toBe(429);
    const body = (await locked.json()) as unknown as { error: { code: string; retryAfter: number; message: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.retryAfter).toBeGreaterThan(500);
    expect(body.error.retryAfter).toBeLessThanOrEqual(600);
    expect(body.error.message).toMatch(/10 minutes/);
    expect(locked.headers.get('retry-after')).toBe(String(body.error.retryAfter));
  });

  it('forgets the failures after a successful sign-in', async () => {
    const w = await seedWorld(ctx);
    for (let i = 0; i < 2; i++) await createTestClient(ctx, { ip: freshIp() }).signIn(w.user, 'wrong');
    expect((await createTestClient(ctx, { ip: freshIp() }).signIn(w.user)).status).toBe(200);
    for (let i = 0; i < 2; i++) await createTestClient(ctx, { ip: freshIp() }).signIn(w.user, 'wrong');
    expect((await createTestClient(ctx, { ip: freshIp() }).signIn(w.user)).status).toBe(200);
  });

  it('locks an IP that sprays many accounts', async () => {
    const w = await seedWorld(ctx);
    const ip = freshIp();
    for (let i = 0; i < 5; i++) await createTestClient(ctx, { ip }).signIn(`user${i}@${w.domain}`, 'wrong');
    expect((await createTestClient(ctx, { ip }).signIn(w.user)).status).toBe(429);
    expect((await createTestClient(ctx, { ip: freshIp() }).signIn(w.user)).status).toBe(200);
  });
});
