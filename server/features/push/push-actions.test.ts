import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cowbellPushSubscriptions } from '../../../db/schema/cowbell.ts';
import { mailbox } from '../../../db/schema/mail.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { startSmtpSink } from '../../test/fakes.ts';
import { seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { enableQuarantine, quarantineItem } from '../../test/quarantine-helpers.ts';
import { issueToken, lockToken } from './action-tokens.ts';
import type { QuarantinePushAction } from './push.schema.ts';

const sink = await startSmtpSink();
afterAll(() => sink.close());
const ctx = useTestApp({ RELEASE_SMTP_PORT: String(sink.port) }, 12);
beforeAll(() => enableQuarantine(ctx));

async function setup(action: QuarantinePushAction = 'release') {
  const w = await seedWorld(ctx);
  const [res] = await ctx.deps.db.insert(cowbellPushSubscriptions).values({ username: w.user, deviceId: `d${uid()}`, name: 'Phone',
    endpoint: 'https://push.example.test/x', p256dh: 'p'.repeat(20), auth: 'a'.repeat(10) });
  const item = await quarantineItem(ctx, w.user);
  const token = await issueToken(ctx.deps.redis, { itemId: item.id, subscriptionId: res.insertId, username: w.user, action });
  return { w, item, token, subscriptionId: res.insertId };
}

// The service worker posts without a session or CSRF token: the token alone authorises.
const post = (body: unknown) => ctx.app.request('/push-actions', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const exists = async (id: number) => (await ctx.deps.db.select().from(quarantine).where(eq(quarantine.id, id))).length > 0;

describe('notification buttons', () => {
  it('release the item once; the same token is refused the second time', async () => {
    const { w, item, token } = await setup();
    const res = await post({ token, action: 'release' });
    expect(await res.json()).toEqual({ id: item.id, ok: true });
    expect(sink.messages.some((m) => m.to.includes(w.user))).toBe(true);
    expect(await exists(item.id)).toBe(false);
    expect((await post({ token, action: 'release' })).status).toBe(404);
  });

  it("work only for their own button's action, and a refused mismatch does not spend the token", async () => {
    const { item, token } = await setup('delete');
    for (const action of ['release', 'learn_ham']) {
      const res = await post({ token, action });
      expect(res.status, action).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect(await exists(item.id)).toBe(true);
    expect(await (await post({ token, action: 'delete' })).json()).toEqual({ id: item.id, ok: true });
    expect(await exists(item.id)).toBe(false);
  });

  it('keep working after an action failed (the mail server was down), and are spent once it succeeds', async () => {
    const { w, item, token } = await setup('release');
    sink.state.refuse = true;
    try {
      expect(await (await post({ token, action: 'release' })).json()).toEqual({ id: item.id, ok: false, error: 'release_failed' });
    } finally {
      sink.state.refuse = false;
    }
    expect(await exists(item.id)).toBe(true);
    expect(await (await post({ token, action: 'release' })).json()).toEqual({ id: item.id, ok: true });
    expect(sink.messages.filter((m) => m.to.includes(w.user))).toHaveLength(1);
    expect((await post({ token, action: 'release' })).status).toBe(404);
  });

  it('run the action once when the same button is pressed twice at the same moment', async () => {
    const { w, item, token } = await setup('release');
    const answers = await Promise.all([post({ token, action: 'release' }), post({ token, action: 'release' })]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([404, 409]).toContain(statuses[1]);
    expect(await answers.find((r) => r.status === 200)!.json()).toEqual({ id: item.id, ok: true });
    expect(sink.messages.filter((m) => m.to.includes(w.user))).toHaveLength(1);
  });

  it('refuse a use while another use of the same token holds its lock, without spending it', async () => {
    const { item, token } = await setup('delete');
    const unlock = (await lockToken(ctx.deps.redis, token))!;
    const res = await post({ token, action: 'delete' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'conflict' } });
    expect(await exists(item.id)).toBe(true);
    await unlock();
    expect(await (await post({ token, action: 'delete' })).json()).toEqual({ id: item.id, ok: true });
  });

  it('refuse to act for an account that was disabled since the notification went out', async () => {
    const { w, item, token } = await setup('delete');
    await ctx.deps.db.update(mailbox).set({ active: 0 }).where(eq(mailbox.username, w.user));
    expect((await post({ token, action: 'delete' })).status).toBe(403);
    expect(await exists(item.id)).toBe(true);
    await ctx.deps.db.update(mailbox).set({ active: 1 }).where(eq(mailbox.username, w.user));
    expect((await post({ token, action: 'delete' })).status).toBe(200);
  });

  it('refuse a token whose device was removed, unknown tokens and bad input', async () => {
    const { item, token, subscriptionId } = await setup('delete');
    await ctx.deps.db.delete(cowbellPushSubscriptions).where(eq(cowbellPushSubscriptions.id, subscriptionId));
    expect((await post({ token, action: 'delete' })).status).toBe(403);
    expect(await exists(item.id)).toBe(true);
    expect((await post({ token: 'x'.repeat(32), action: 'delete' })).status).toBe(404);
    expect((await post({ token: 'x'.repeat(32), action: 'explode' })).status).toBe(400);
    expect((await post({})).status).toBe(400);
  });

  it("cannot reach another mailbox's item even with a forged grant", async () => {
    const { subscriptionId, w } = await setup();
    const other = await seedWorld(ctx);
    const theirs = await quarantineItem(ctx, other.user);
    const token = await issueToken(ctx.deps.redis, { itemId: theirs.id, subscriptionId, username: w.user, action: 'delete' });
    expect(await (await post({ token, action: 'delete' })).json()).toEqual({ id: theirs.id, ok: false, error: 'not_found' });
    expect(await exists(theirs.id)).toBe(true);
  });
});
