// An account's own sessions (list, end one, end all others) and mailcow's force_pw_update.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailbox } from '../../../db/schema/mail.ts';
import { createTestClient, PASSWORD, seedWorld, useTestApp } from '../../test/helpers.ts';
import { deviceName } from '../../lib/auth/device-name.ts';

const ctx = useTestApp();
const PHONE = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const LAPTOP = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

async function browser(username: string, userAgent?: string, ip?: string) {
  const client = createTestClient(ctx, { ip });
  const res = userAgent
    ? (await client.api.session.$get(), await client.api.session.$post({ json: { username, password: PASSWORD } }, { headers: { 'user-agent': userAgent } }))
    : await client.signIn(username);
  expect(res.status).toBe(200);
  return client;
}

const sessionsOf = async (client: Awaited<ReturnType<typeof browser>>) => (await (await client.api.account.sessions.$get()).json()).sessions;

describe('an account\'s sessions', () => {
  it('lists its own, naming device and address, marking the current one', async () => {
    const w = await seedWorld(ctx);
    const phone = await browser(w.user, PHONE);
    await browser(w.user, LAPTOP);
    const someoneElse = await browser((await seedWorld(ctx)).user);
    const list = await sessionsOf(phone);
    expect(list).toHaveLength(2);
    // Sessions made in the same instant (the test's clock stands still) come in either order.
    expect(list.map((s) => s.device).sort()).toEqual(['Chrome on Android', 'Firefox on Linux']);
    expect(list.filter((s) => s.current).map((s) => s.device)).toEqual(['Chrome on Android']);
    expect(list[0].ip).toMatch(/^10\./);
    expect(Date.parse(list[0].lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(list[0].createdAt));
    // B sees only B's.
    expect(await sessionsOf(someoneElse)).toHaveLength(1);
  });

  it('ends one of its own; another account\'s is not found and stays', async () => {
    const w = await seedWorld(ctx);
    const phone = await browser(w.user, PHONE);
    const laptop = await browser(w.user, LAPTOP);
    const b = await browser((await seedWorld(ctx)).user);
    const laptopId = (await sessionsOf(laptop)).find((s) => s.current)!.id;

    expect((await b.api.account.sessions[':handle'].$delete({ param: { handle: laptopId } })).status).toBe(404);
    expect((await laptop.api.me.$get()).status).toBe(200);

    expect((await phone.api.account.sessions[':handle'].$delete({ param: { handle: laptopId } })).status).toBe(204);
    expect((await laptop.api.me.$get()).status).toBe(401);
    expect((await phone.api.me.$get()).status).toBe(200);
    expect((await phone.api.account.sessions[':handle'].$delete({ param: { handle: laptopId } })).status).toBe(404);
  });

  it('signs out everywhere else', async () => {
    const w = await seedWorld(ctx);
    const phone = await browser(w.user);
    const others = [await browser(w.user), await browser(w.user)];
    const b = await browser((await seedWorld(ctx)).user);
    expect(await (await phone.api.account.sessions.$delete()).json()).toEqual({ endedSessions: 2 });
    for (const o of others) expect((await o.api.me.$get()).status).toBe(401);
    expect((await phone.api.me.$get()).status).toBe(200);
    expect((await b.api.me.$get()).status).toBe(200);
    expect(await sessionsOf(phone)).toHaveLength(1);
  });

  it('names devices briefly', () => {
    expect(deviceName('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe('Safari on iOS');
    expect(deviceName('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')).toBe('Edge on Windows');
    expect(deviceName('curl/8.5.0')).toBeNull();
    expect(deviceName(undefined)).toBeNull();
  });
});

describe('a forced password change (force_pw_update)', () => {
  it('leaves the session nothing but the change, then everything', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.db.update(mailbox).set({ attributes: '{"force_pw_update":"1"}' }).where(eq(mailbox.username, w.user));
    const client = await browser(w.user);
    expect((await (await client.api.session.$get()).json()).session).toMatchObject({ state: 'active', mustChangePassword: true });
    const me = await client.api.me.$get();
    expect(me.status).toBe(403);
    expect((await me.json() as unknown as { error: { code: string } }).error.code).toBe('password_change_required');
    expect((await client.api.account.sessions.$get()).status).toBe(403);

    const res = await client.api.account.password.$put({ json: { currentPassword: PASSWORD, password: 'Fresh-Pass-42', password2: 'Fresh-Pass-42' } });
    expect(res.status).toBe(200);
    expect((await (await client.api.session.$get()).json()).session).toMatchObject({ mustChangePassword: false });
    expect((await client.api.me.$get()).status).toBe(200);
    const [row] = await ctx.deps.db.select({ attributes: mailbox.attributes }).from(mailbox).where(eq(mailbox.username, w.user));
    expect(JSON.parse(row.attributes!)).toMatchObject({ force_pw_update: '0' });
    // A new sign-in is not held any more.
    const again = createTestClient(ctx);
    expect((await again.signIn(w.user, 'Fresh-Pass-42')).status).toBe(200);
    expect((await again.api.me.$get()).status).toBe(200);
  });

  it('still lets the user sign out', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.db.update(mailbox).set({ attributes: '{"force_pw_update":"1"}' }).where(eq(mailbox.username, w.user));
    const client = await browser(w.user);
    expect((await client.api.session.$delete()).status).toBe(204);
    expect((await (await client.api.session.$get()).json()).session).toBeNull();
  });
});
