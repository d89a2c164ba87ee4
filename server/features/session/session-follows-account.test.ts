// Sessions end within seconds of a change to their account, whoever made it: here the changes are
// written straight into mailcow's tables, as mailcow's own UI or API would write them.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { admin } from '../../../db/schema/access.ts';
import { domain, mailbox } from '../../../db/schema/mail.ts';
import { createSessionStore } from '../../lib/auth/session-store.ts';
import { ACCOUNT_RECHECK_MS } from '../../lib/auth/middleware.ts';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp();

async function signedIn(who: 'user' | 'admin' | 'domainAdmin' = 'user') {
  const w = await seedWorld(ctx);
  const client = createTestClient(ctx);
  expect((await client.signIn(w[who])).status).toBe(200);
  return { w, client };
}

const afterRecheck = () => ctx.clock.advance(ACCOUNT_RECHECK_MS + 1);

describe('a session follows its account', () => {
  it.each([
    ['the mailbox is disabled', (w: { user: string }) => ctx.deps.db.update(mailbox).set({ active: 0 }).where(eq(mailbox.username, w.user))],
    ['login is disallowed (active = 2)', (w: { user: string }) => ctx.deps.db.update(mailbox).set({ active: 2 }).where(eq(mailbox.username, w.user))],
    ['the password changes', (w: { user: string }) => ctx.deps.db.update(mailbox).set({ password: '{BLF-CRYPT}$2y$04$abcdefghijklmnopqrstuu5Yw0v1zcZ1Qzv8YkJ0kA0xqkQ0kA0xq' }).where(eq(mailbox.username, w.user))],
    ['the domain is disabled', (w: { domain: string }) => ctx.deps.db.update(domain).set({ active: 0 }).where(eq(domain.domain, w.domain))],
    ['the mailbox is deleted', (w: { user: string }) => ctx.deps.db.delete(mailbox).where(eq(mailbox.username, w.user))],
  ])('ends when %s', async (_what, change) => {
    const { w, client } = await signedIn();
    expect((await client.api.me.$get()).status).toBe(200);
    await change(w);
    afterRecheck();
    expect((await client.api.me.$get()).status).toBe(401);
    expect((await (await client.api.session.$get()).json()).session).toBeNull();
  });

  it('ends an admin session when the admin is disabled or demoted', async () => {
    const a = await signedIn('admin');
    await ctx.deps.db.update(admin).set({ superadmin: 0 }).where(eq(admin.username, a.w.admin));
    afterRecheck();
    expect((await a.client.api.admin.overview.$get()).status).toBe(401);

    const d = await signedIn('domainAdmin');
    await ctx.deps.db.update(admin).set({ active: 0 }).where(eq(admin.username, d.w.domainAdmin));
    afterRecheck();
    expect((await d.client.api.admin.overview.$get()).status).toBe(401);
  });

  it('keeps a session whose account did not change, checking at most every few seconds', async () => {
    const { client } = await signedIn();
    for (let i = 0; i < 5; i++) {
      afterRecheck();
      expect((await client.api.me.$get()).status).toBe(200);
    }
  });

  it('can end all of an account\'s sessions but the current one at once (for a password change)', async () => {
    const w = await seedWorld(ctx);
    const [here, there, elsewhere] = [createTestClient(ctx), createTestClient(ctx), createTestClient(ctx)];
    for (const c of [here, there, elsewhere]) await c.signIn(w.user);
    const store = createSessionStore(ctx.deps.redis, { idleMs: 1_800_000, absoluteMs: 43_200_000 }, () => ctx.clock.now);
    expect(await store.destroyAllFor(w.user, here.jar.get('cowbell_session'))).toBe(2);
    expect((await here.api.me.$get()).status).toBe(200);
    expect((await there.api.me.$get()).status).toBe(401);
    expect((await elsewhere.api.me.$get()).status).toBe(401);
  });

  it('ends a session an older Cowbell made (it has no account stamp)', async () => {
    const { w, client } = await signedIn();
    const cookie = client.jar.get('cowbell_session')!;
    const key = `cowbell:session:${createHash('sha256').update(cookie).digest('hex')}`;
    const stored = JSON.parse((await ctx.deps.redis.get(key))!) as Record<string, unknown>;
    delete stored.accountStamp;
    delete stored.checkedAt;
    await ctx.deps.redis.set(key, JSON.stringify(stored), 'PX', 600_000);
    expect(w.user).toBe(stored.username);
    expect((await client.api.me.$get()).status).toBe(401);
  });

  it('cannot be written back by a request that loaded it before the sign-out', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx);
    await client.signIn(w.user);
    const id = client.jar.get('cowbell_session')!;
    const store = createSessionStore(ctx.deps.redis, { idleMs: 1_800_000, absoluteMs: 43_200_000 }, () => ctx.clock.now);
    const inFlight = (await store.load(id))!;
    await client.api.session.$delete();
    ctx.clock.advance(10_000);
    await store.markChecked(id, inFlight);
    expect(await store.load(id)).toBeNull();
    expect((await client.api.me.$get()).status).toBe(401);
  });
});
