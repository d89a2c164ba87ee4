// The new-mail settings API and "mute sender" from a notification: who may read and write them,
// refusals at the field, stale saves, concurrent mutes, and what the button may mute.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cowbellPushSubscriptions } from '../../../db/schema/cowbell.ts';
import { mailbox } from '../../../db/schema/mail.ts';
import { createTestClient, seedWorld } from '../../test/helpers.ts';
import { LRI, newMailHarness, PDI } from '../../test/new-mail-harness.ts';
import { muteSender } from './settings.service.ts';
import { MAX_SEEN_FOLDERS, recordFolder, seenFolders } from './settings.store.ts';

const { ctx, userWithDevice, pushesFor } = await newMailHarness();

describe('the settings', () => {
  it('start with sensible defaults and say whether Dovecot is connected', async () => {
    const d = await userWithDevice();
    expect(await (await d.client.api['new-mail'].settings.$get()).json()).toEqual({
      settings: { enabled: true, detail: 'private', folders: ['INBOX'], vip: [], muted: [], quiet: null, cap: { count: 10, minutes: 10 } },
      revision: 0, folders: [], receiving: true });
  });

  it('are saved normalised, and refused whole with the reasons at the fields', async () => {
    const d = await userWithDevice();
    const saved = await d.client.api['new-mail'].settings.$put({ json: { detail: 'sender_subject', folders: ['inbox', 'Lists'],
      vip: ['Boss@Example.org'], muted: [' @News.Example.net '], quiet: { from: '22:00', to: '07:00', timeZone: 'Europe/Berlin' } }, header: {} });
    expect((await saved.json()).settings).toMatchObject({ folders: ['INBOX', 'Lists'], vip: ['boss@example.org'], muted: ['@news.example.net'] });
    const bad = await d.client.api['new-mail'].settings.$put({ json: { vip: ['a@example.org'], muted: ['a@example.org', 'not an address'],
      quiet: { from: '25:00', to: '07:00', timeZone: 'Mars/Olympus' }, folders: [] }, header: {} });
    expect(bad.status).toBe(400);
    const issues = (await bad.json() as unknown as { error: { code: string; issues: { path: string }[] } }).error;
    expect(issues.code).toBe('validation_failed');
    // muted.0 is the VIP also muted; muted.1 not an address.
    expect(issues.issues.map((i) => i.path).sort()).toEqual(['folders', 'muted.0', 'muted.1', 'quiet.from', 'quiet.timeZone']);
    // Nothing of the refused settings was kept.
    expect((await (await d.client.api['new-mail'].settings.$get()).json()).settings.vip).toEqual(['boss@example.org']);
  });

  it('belong to mailbox users only', async () => {
    const w = await seedWorld(ctx);
    const admin = createTestClient(ctx);
    await admin.signIn(w.admin);
    expect((await admin.api['new-mail'].settings.$get()).status).toBe(403);
    expect((await createTestClient(ctx).api['new-mail'].settings.$get()).status).toBe(401);
  });
});

describe('the folders seen', () => {
  it('keep the most recently seen, up to the bound, and tell folders apart by case', async () => {
    const user = (await seedWorld(ctx)).user;
    for (let i = 0; i <= MAX_SEEN_FOLDERS; i++) await recordFolder(ctx.deps.db, user, `F${i}`);
    // All were seen within the same second: the bound holds, whichever goes.
    expect(await seenFolders(ctx.deps.db, user)).toHaveLength(MAX_SEEN_FOLDERS);
    const other = (await seedWorld(ctx)).user;
    for (const f of ['Lists', 'lists', 'Lists']) await recordFolder(ctx.deps.db, other, f);
    expect((await seenFolders(ctx.deps.db, other)).sort()).toEqual(['Lists', 'lists']);
  });
});

describe('"mute sender" on the notification', () => {
  const tap = (p: Record<string, unknown>, action = 'mute_sender') => ctx.app.request('/push-actions', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: (p.actions as { token: string }[])[0].token, action }) });

  it('mutes the sender (taking it off the VIPs), so their next mail does not push', async () => {
    const d = await userWithDevice({ vip: ['juergen@example.org'], detail: 'sender_subject' }, { locale: 'de' });
    const [payload] = await pushesFor(d, [{}]);
    expect((await tap(payload, 'release')).status).toBe(403);
    expect(await (await tap(payload)).json()).toEqual({ address: 'juergen@example.org', ok: true,
      notice: { title: 'Absender stummgeschaltet', body: `E-Mails von ${LRI}juergen@example.org${PDI} melden sich nicht mehr. Rückgängig machen Sie das in den Einstellungen von Cowbell.` } });
    const { settings, revision } = await (await d.client.api['new-mail'].settings.$get()).json();
    expect(settings).toMatchObject({ vip: [], muted: ['juergen@example.org'] });
    expect(revision).toBe(2);
    expect(await pushesFor(d, [{}])).toEqual([]);
    // Spent: the button works once.
    expect((await tap(payload)).status).toBe(404);
  });

  it('does not name the sender on the lock screen when notifications are private', async () => {
    const d = await userWithDevice();
    const [payload] = await pushesFor(d, [{}]);
    const result = await (await tap(payload)).json() as { ok: boolean; notice: { body: string } };
    expect(result.ok).toBe(true);
    expect(result.notice.body).toBe("Mail from this sender no longer notifies you. Undo it in Cowbell's settings.");
  });

  it('is offered only for a whole address: a From of "@domain" cannot mute a domain', async () => {
    const d = await userWithDevice();
    const payloads = await pushesFor(d, [{ from: '<@gmail.com>' }, { from: '"Someone" <@gmail.com>' }, { from: 'undisclosed-recipients:;' }]);
    expect(payloads.map((p) => p.actions)).toEqual([[], [], []]);
  });

  it("works on the newest notification only: a newer one replaced the older one and its button", async () => {
    const d = await userWithDevice();
    const [older, newer] = await pushesFor(d, [{}, {}]);
    expect((await tap(older)).status).toBe(404);
    expect((await tap(newer)).status).toBe(200);
  });

  it('stops working once the mailbox is disabled or the device is gone', async () => {
    const d = await userWithDevice();
    const [payload] = await pushesFor(d, [{}]);
    await ctx.deps.db.update(mailbox).set({ active: 0 }).where(eq(mailbox.username, d.w.user));
    expect((await tap(payload)).status).toBe(403);
    await ctx.deps.db.update(mailbox).set({ active: 1 }).where(eq(mailbox.username, d.w.user));
    await ctx.deps.db.delete(cowbellPushSubscriptions).where(eq(cowbellPushSubscriptions.deviceId, d.deviceId));
    expect((await tap(payload)).status).toBe(403);
  });

  it('is not lost to a save from a copy read before it: that save is refused as stale', async () => {
    const d = await userWithDevice({ detail: 'sender_subject' });
    const before = await (await d.client.api['new-mail'].settings.$get()).json();
    const [payload] = await pushesFor(d, [{}]);
    expect((await tap(payload)).status).toBe(200);
    const stale = await d.client.api['new-mail'].settings.$put({ json: { ...before.settings, vip: ['boss@example.org'] },
      header: { 'if-match': `"${before.revision}"` } });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: 'stale' } });
    const now = await (await d.client.api['new-mail'].settings.$get()).json();
    expect(now.settings).toMatchObject({ vip: [], muted: ['juergen@example.org'] });
    // Read again, the same change goes through, and the mute stays.
    const fresh = await d.client.api['new-mail'].settings.$put({ json: { ...now.settings, vip: ['boss@example.org'] },
      header: { 'if-match': `"${now.revision}"` } });
    expect((await fresh.json()).settings).toMatchObject({ vip: ['boss@example.org'], muted: ['juergen@example.org'] });
    const bad = await d.client.api['new-mail'].settings.$put({ json: now.settings, header: { 'if-match': 'W/"x"' } });
    expect(bad.status).toBe(400);
  });

  it('loses none of several mutes made at the same moment, also before the first save', async () => {
    for (const settings of [null, { detail: 'sender_subject' as const }]) {
      const d = await userWithDevice(settings);
      const actor = { kind: 'push_token' as const, username: d.w.user, role: 'user' as const, ip: '127.0.0.1' };
      const senders = ['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org'];
      await Promise.all(senders.map((s) => muteSender(ctx.deps, actor, s)));
      expect((await (await d.client.api['new-mail'].settings.$get()).json()).settings.muted.sort()).toEqual(senders);
    }
  });
});
