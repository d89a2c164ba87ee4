// "Extend by a month" on an alias reminder, as the service worker posts it: a single-use token that acts
// as the alias's owner through the alias service, for that alias only.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { userAcl } from '../../../db/schema/access.ts';
import { cowbellPushSubscriptions } from '../../../db/schema/cowbell.ts';
import { mailbox, spamalias } from '../../../db/schema/mail.ts';
import { remindExpiringAliases } from '../../jobs/alias-reminders.ts';
import type { QueuedSend } from '../../jobs/push-queue.ts';
import { keys } from '../../lib/redis-keys.ts';
import { optInToReminders, timeLimitedAlias } from '../../test/alias-helpers.ts';
import { seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { issueToken } from '../push/action-tokens.ts';

const ctx = useTestApp();
const HOUR = 3600;
const MONTH = 744 * HOUR;
const now = () => Math.floor(ctx.clock.now / 1000);

async function device(username: string, locale = 'en') {
  const [res] = await ctx.deps.db.insert(cowbellPushSubscriptions).values({ username, deviceId: `d${uid()}`, name: 'Phone',
    endpoint: 'https://push.example.test/x', p256dh: 'p'.repeat(20), auth: 'a'.repeat(10), locale });
  return res.insertId;
}

/** A user, a device and an alias expiring in a few hours, with the Extend token a reminder would carry. */
async function setup(opts: { locale?: string; expiresIn?: number } = {}) {
  const w = await seedWorld(ctx);
  const subscriptionId = await device(w.user, opts.locale);
  const alias = await timeLimitedAlias(ctx, w.user, { expiresIn: opts.expiresIn ?? 5 * HOUR });
  const token = await issueToken(ctx.deps.redis, { address: alias.address, subscriptionId, username: w.user, action: 'extend' });
  return { w, subscriptionId, alias, token };
}

// The service worker posts without a session or CSRF token: the token alone authorises.
const post = (body: unknown) => ctx.app.request('/push-actions', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const stored = async (address: string) => (await ctx.deps.db.select().from(spamalias).where(eq(spamalias.address, address)))[0];
const iso = (address: string) => `\u2068${address}\u2069`;

describe('Extend on an alias reminder', () => {
  it('makes the alias valid for a month from now, once: the same token is refused the second time', async () => {
    const { alias, token } = await setup();
    const res = await post({ token, action: 'extend' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ address: alias.address, ok: true, validity: now() + MONTH,
      notice: { title: 'Alias extended', body: `${iso(alias.address)} receives mail for another month.` } });
    expect(await stored(alias.address)).toMatchObject({ validity: now() + MONTH, permanent: 0 });
    expect((await post({ token, action: 'extend' })).status).toBe(404);
  });

  it('works with the token a reminder round put into the notification', async () => {
    const w = await seedWorld(ctx);
    await device(w.user, 'de');
    await optInToReminders(ctx, w.user);
    const alias = await timeLimitedAlias(ctx, w.user, { expiresIn: 3 * HOUR });
    const queued: QueuedSend[] = [];
    await remindExpiringAliases(ctx.deps, async (sends) => { queued.push(...sends); }, [w.user]);
    const [button] = queued[0].data.payload.actions;
    expect(await (await post({ token: button.token, action: button.action })).json()).toMatchObject({ ok: true,
      notice: { title: 'Alias verlängert', body: `${iso(alias.address)} empfängt einen weiteren Monat lang Mails.` } });
    expect((await stored(alias.address)).validity).toBe(now() + MONTH);
  });

  it('is refused for another action, and a quarantine button cannot extend', async () => {
    const { w, alias, token, subscriptionId } = await setup();
    for (const action of ['release', 'delete', 'learn_ham']) expect((await post({ token, action })).status, action).toBe(403);
    const quarantineToken = await issueToken(ctx.deps.redis, { itemId: 1, subscriptionId, username: w.user, action: 'delete' });
    expect((await post({ token: quarantineToken, action: 'extend' })).status).toBe(403);
    expect((await stored(alias.address)).validity).toBe(alias.validity);
    // The refusals left the token as it was.
    expect(await (await post({ token, action: 'extend' })).json()).toMatchObject({ ok: true });
  });

  it('is refused once the token has expired', async () => {
    const { alias, token } = await setup();
    const key = keys.pushActionToken(createHash('sha256').update(token).digest('hex'));
    expect(await ctx.deps.redis.ttl(key)).toBeGreaterThan(47 * HOUR);
    await ctx.deps.redis.pexpire(key, 1);
    await vi.waitFor(async () => expect(await ctx.deps.redis.exists(key)).toBe(0));
    const res = await post({ token, action: 'extend' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await stored(alias.address)).validity).toBe(alias.validity);
  });

  it('says so, in words, when the alias has expired or was deleted (not a 500), and revives nothing', async () => {
    const expired = await setup({ expiresIn: -60 });
    const res = await post({ token: expired.token, action: 'extend' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ address: expired.alias.address, ok: false, error: 'expired', notice: { title: 'Alias not extended',
      body: `${iso(expired.alias.address)} has expired already. Make a new alias in Cowbell.` } });
    expect((await stored(expired.alias.address)).validity).toBe(expired.alias.validity);

    const deleted = await setup({ locale: 'de' });
    await ctx.deps.db.delete(spamalias).where(eq(spamalias.address, deleted.alias.address));
    expect(await (await post({ token: deleted.token, action: 'extend' })).json()).toEqual({ address: deleted.alias.address, ok: false,
      error: 'not_found', notice: { title: 'Alias nicht verlängert', body: `${iso(deleted.alias.address)} existiert nicht mehr.` } });
    expect(await stored(deleted.alias.address)).toBeUndefined();
  });

  it('leaves an alias that was made permanent in the meantime permanent', async () => {
    const { alias, token } = await setup();
    await ctx.deps.db.update(spamalias).set({ permanent: 1, validity: 0 }).where(eq(spamalias.address, alias.address));
    expect(await (await post({ token, action: 'extend' })).json()).toMatchObject({ ok: true, validity: null, notice: { title: 'Nothing to extend' } });
    expect(await stored(alias.address)).toMatchObject({ permanent: 1, validity: 0 });
  });

  it("cannot reach another mailbox's alias, even with a forged grant", async () => {
    const { w, subscriptionId } = await setup();
    const other = await seedWorld(ctx);
    const theirs = await timeLimitedAlias(ctx, other.user, { expiresIn: 2 * HOUR });
    const forged = await issueToken(ctx.deps.redis, { address: theirs.address, subscriptionId, username: w.user, action: 'extend' });
    expect(await (await post({ token: forged, action: 'extend' })).json()).toMatchObject({ ok: false, error: 'not_found' });
    expect((await stored(theirs.address)).validity).toBe(theirs.validity);
    // Nor with the other user's name on a device that is not theirs.
    const asOther = await issueToken(ctx.deps.redis, { address: theirs.address, subscriptionId, username: other.user, action: 'extend' });
    expect((await post({ token: asOther, action: 'extend' })).status).toBe(403);
    expect((await stored(theirs.address)).validity).toBe(theirs.validity);
  });

  it("follows the owner's rights: no spam_alias ACL or a disabled mailbox extends nothing", async () => {
    const noAcl = await setup();
    await ctx.deps.db.update(userAcl).set({ spamAlias: 0 }).where(eq(userAcl.username, noAcl.w.user));
    expect(await (await post({ token: noAcl.token, action: 'extend' })).json()).toMatchObject({ ok: false, error: 'forbidden',
      notice: { body: 'Your account may not manage time-limited aliases.' } });
    expect((await stored(noAcl.alias.address)).validity).toBe(noAcl.alias.validity);

    const disabled = await setup();
    await ctx.deps.db.update(mailbox).set({ active: 0 }).where(eq(mailbox.username, disabled.w.user));
    expect((await post({ token: disabled.token, action: 'extend' })).status).toBe(403);
    expect((await stored(disabled.alias.address)).validity).toBe(disabled.alias.validity);
  });
});
