import { beforeEach, describe, expect, it } from 'vitest';
import { cowbellPushSubscriptions } from '../../../db/schema/cowbell.ts';
import type { QueuedSend } from '../../jobs/push-queue.ts';
import { createTestClient, seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { makeMailcowKey, makeScopedKey, v1 } from '../../test/v1-harness.ts';
import { pushAnnouncement } from './announcement-push.ts';

// Its own Redis database: the announcement keys are global.
const ctx = useTestApp({}, 8);
const UI_KEYS = ['TITLE_NAME', 'MAIN_NAME', 'APPS_NAME', 'HELP_TEXT', 'UI_FOOTER', 'UI_ANNOUNCEMENT_TEXT', 'UI_ANNOUNCEMENT_TYPE', 'UI_ANNOUNCEMENT_ACTIVE'];
const stored = async () => Object.fromEntries((await ctx.deps.redis.mget(UI_KEYS)).map((v, i) => [UI_KEYS[i], v]));
beforeEach(() => ctx.deps.redis.del(...UI_KEYS, 'cowbell:announcement:seen'));

async function signedIn(who: 'admin' | 'user' | 'domainAdmin') {
  const w = await seedWorld(ctx);
  const client = createTestClient(ctx);
  await client.signIn(w[who]);
  return { w, client };
}

const HOSTILE = '<p>Maintenance <b>tonight</b>.<script>alert(1)</script><img src=x onerror=alert(1)></p><p><a href="https://status.example.test/">Status</a> <a href="javascript:alert(1)">click</a></p>';

describe('announcement', () => {
  it('is set by an admin and shown to anyone as text and safe links, never as HTML', async () => {
    const { client } = await signedIn('admin');
    const res = await client.api.admin.announcement.$put({ json: { text: HOSTILE, type: 'warning', active: true } });
    expect(res.status).toBe(200);
    expect(await stored()).toMatchObject({ UI_ANNOUNCEMENT_TEXT: HOSTILE, UI_ANNOUNCEMENT_TYPE: 'warning', UI_ANNOUNCEMENT_ACTIVE: '1', TITLE_NAME: null });
    const anonymous = createTestClient(ctx);
    const shown = await (await anonymous.api.announcement.$get()).json();
    expect(shown).toMatchObject({ active: true, type: 'warning', id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    if (!shown.active) throw new Error('not shown');
    expect(shown.segments).toEqual([{ text: 'Maintenance tonight.\n\n' }, { text: 'Status', href: 'https://status.example.test/' }, { text: ' ' }, { text: 'click' }]);
    expect(JSON.stringify(shown)).not.toMatch(/script|onerror|javascript/);
    await client.api.admin.announcement.$put({ json: { text: HOSTILE, type: 'info', active: false } });
    expect(await (await anonymous.api.announcement.$get()).json()).toEqual({ active: false });
    expect(await (await client.api.admin.announcement.$get()).json()).toMatchObject({ text: HOSTILE, type: 'info', active: false });
  });

  it('refuses bad input and non-admins', async () => {
    const { client } = await signedIn('admin');
    const bad = await client.api.admin.announcement.$put({ json: { text: 'x', type: 'loud' as 'info', active: 'yes' as unknown as boolean } });
    expect(bad.status).toBe(400);
    expect((await bad.json() as unknown as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path).sort()).toEqual(['active', 'type']);
    for (const who of ['user', 'domainAdmin'] as const) {
      const other = (await signedIn(who)).client;
      expect((await other.api.admin.announcement.$put({ json: { text: 'x', type: 'info', active: true } })).status).toBe(403);
    }
  });

  it('/api/v1 edit/ui_texts writes all eight keys as customize() does', async () => {
    const key = await makeMailcowKey(ctx);
    const res = await v1(ctx, key).post('edit/ui_texts', { items: ['null'], attr: { title_name: 'Mail <b>&</b>', main_name: "Bob's", help_text: '<i>help</i>',
      ui_announcement_text: '<b>Hi</b>', ui_announcement_type: 'purple', ui_announcement_active: '1' } });
    expect(await res.json()).toEqual([{ type: 'success', log: ['customize', 'edit', 'ui_texts', expect.objectContaining({ title_name: 'Mail <b>&</b>' })], msg: 'ui_texts' }]);
    expect(await stored()).toEqual({ TITLE_NAME: 'Mail &lt;b&gt;&amp;&lt;/b&gt;', MAIN_NAME: 'Bob&#039;s', APPS_NAME: '', HELP_TEXT: '<i>help</i>', UI_FOOTER: '',
      UI_ANNOUNCEMENT_TEXT: '<b>Hi</b>', UI_ANNOUNCEMENT_TYPE: '', UI_ANNOUNCEMENT_ACTIVE: '1' });
    // An active one without a valid type shows as info, as mailcow's page would still show it.
    expect(await (await createTestClient(ctx).api.announcement.$get()).json()).toMatchObject({ active: true, type: 'info', segments: [{ text: 'Hi' }] });
    await v1(ctx, key).post('edit/ui_texts', { items: ['null'], attr: { ui_announcement_active: '0' } });
    expect(await ctx.deps.redis.get('UI_ANNOUNCEMENT_ACTIVE')).toBe('0');
    const w = await seedWorld(ctx);
    const scoped = await makeScopedKey(ctx, w.domainAdmin);
    expect(await (await v1(ctx, scoped.key).post('edit/ui_texts', { items: ['null'], attr: { main_name: 'x' } })).json())
      .toEqual([{ type: 'danger', log: ['customize', 'edit', 'ui_texts', { main_name: 'x' }], msg: 'access_denied' }]);
  });
});

describe('announcement push', () => {
  async function device(username: string) {
    const deviceId = `dev${uid()}`;
    const [row] = await ctx.deps.db.insert(cowbellPushSubscriptions).values({ username, deviceId, name: 'Phone', endpoint: 'https://127.0.0.1:9/push', locale: 'de',
      p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' }).$returningId();
    return row.id;
  }

  it('lets a user opt in and out, and pushes a new or changed announcement to opted-in devices once', async () => {
    const { w, client } = await signedIn('user');
    expect(await (await client.api.announcement.push.$get()).json()).toEqual({ push: false });
    expect(await (await client.api.announcement.push.$put({ json: { push: true } })).json()).toEqual({ push: true });
    expect(await (await client.api.announcement.push.$put({ json: { push: true } })).json()).toEqual({ push: true });
    expect(await (await client.api.announcement.push.$get()).json()).toEqual({ push: true });
    expect((await client.api.announcement.push.$put({ json: { push: 'on' as unknown as boolean } })).status).toBe(400);
    const mine = await device(w.user);
    const notOptedIn = await device(w.domainAdmin);
    const sent: QueuedSend[] = [];
    const queue = async (s: QueuedSend[]) => { sent.push(...s); };
    // The first look only learns the state.
    await ctx.deps.redis.mset({ UI_ANNOUNCEMENT_TEXT: '<p>Old news</p>', UI_ANNOUNCEMENT_TYPE: 'info', UI_ANNOUNCEMENT_ACTIVE: '1' });
    expect(await pushAnnouncement(ctx.deps, queue)).toEqual({ pushes: 0 });
    const admin = createTestClient(ctx);
    await admin.signIn(w.admin);
    await admin.api.admin.announcement.$put({ json: { text: '<p>Mail is <b>down</b> at 22:00</p>', type: 'danger', active: true } });
    await pushAnnouncement(ctx.deps, queue);
    const mineSent = sent.filter((s) => s.data.subscriptionId === mine);
    expect(mineSent).toHaveLength(1);
    expect(mineSent[0].data.payload).toMatchObject({ kind: 'announcement', title: 'Dringende Ankündigung', body: 'Mail is down at 22:00', url: '/', actions: [] });
    expect(sent.some((s) => s.data.subscriptionId === notOptedIn)).toBe(false);
    // Unchanged: nothing more; off and on again: pushed again.
    expect((await pushAnnouncement(ctx.deps, queue)).pushes).toBe(0);
    await ctx.deps.redis.set('UI_ANNOUNCEMENT_ACTIVE', '0');
    expect((await pushAnnouncement(ctx.deps, queue)).pushes).toBe(0);
    await ctx.deps.redis.set('UI_ANNOUNCEMENT_ACTIVE', '1');
    await pushAnnouncement(ctx.deps, queue);
    expect(sent.filter((s) => s.data.subscriptionId === mine)).toHaveLength(2);
    await client.api.announcement.push.$put({ json: { push: false } });
    await ctx.deps.redis.set('UI_ANNOUNCEMENT_TEXT', 'Changed');
    await pushAnnouncement(ctx.deps, queue);
    expect(sent.filter((s) => s.data.subscriptionId === mine)).toHaveLength(2);
  });

  it('is for mailbox users only', async () => {
    const { client } = await signedIn('admin');
    expect((await client.api.announcement.push.$get()).status).toBe(403);
    expect((await createTestClient(ctx).api.announcement.push.$get()).status).toBe(401);
  });
});
