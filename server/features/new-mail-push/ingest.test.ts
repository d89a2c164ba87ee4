// New-mail push from the Dovecot event to the decrypted payload at a local push service, through
// the real routes, MariaDB and Redis: who may post events, what the notification says, and what each
// rule does to a real delivery (coalescing and the cap included).
import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createDeps } from '../../deps.ts';
import { keys } from '../../lib/redis-keys.ts';
import { seedWorld, testEnv, uid } from '../../test/helpers.ts';
import { event, LRI, newMailHarness, PDI, SECRET } from '../../test/new-mail-harness.ts';
import { BULK_KEYWORD } from './new-mail.schema.ts';
import { fitPayload, MAX_PAYLOAD_BYTES } from './notification.ts';

const { push, ctx, post, userWithDevice, pushesFor } = await newMailHarness();

describe('who may post events', () => {
  it('takes events from a trusted peer with the secret, and refuses everything else', async () => {
    const d = await userWithDevice();
    const ok = await post(event(d.w.user));
    expect(ok.status).toBe(204);
    const refused = await post(event(d.w.user), { secret: null });
    expect(refused.status).toBe(403);
    // Dovecot reuses connections after "Expect: 100-continue": every answer closes its own.
    expect([ok.headers.get('connection'), refused.headers.get('connection')]).toEqual(['close', 'close']);
    expect((await post(event(d.w.user), { secret: `${SECRET}x` })).status).toBe(403);
    expect((await post(event(d.w.user), { secret: 'short' })).status).toBe(403);
    expect((await post(event(d.w.user), { ip: '192.0.2.10' })).status).toBe(403);
    // A proxy's own address would pass the network check for the whole internet.
    expect((await post(event(d.w.user), { headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(403);
    expect((await post(event(d.w.user), { headers: { 'x-real-ip': '127.0.0.1' } })).status).toBe(403);
    // Only the first, trusted post pushed.
    expect(d.received()).toHaveLength(1);
  });

  it('refuses every event when no secret is configured', async () => {
    const deps = createDeps(testEnv({ INGEST_ALLOWED_NETWORKS: '127.0.0.0/8' }));
    try {
      const res = await post(event('someone@example.test'), { app: createApp(deps) });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    } finally {
      await deps.close();
    }
  });

  it('answers bad bodies with validation errors, and over-long ones with 413', async () => {
    const d = await userWithDevice();
    const bad = await post({ ...event(d.w.user), uid: -1, folder: '' });
    expect(bad.status).toBe(400);
    expect((await bad.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path).sort()).toEqual(['folder', 'uid']);
    expect((await post(null, { raw: '{"event":' })).status).toBe(400);
    expect((await post({ ...event(d.w.user), event: 'MessageRead' })).status).toBe(400);
    expect((await post({ ...event(d.w.user), subject: 'x'.repeat(40_000) })).status).toBe(413);
    expect(d.received()).toHaveLength(0);
  });

  it('takes what Dovecot sends for missing headers (null), and cuts over-long values instead of refusing', async () => {
    const d = await userWithDevice({ detail: 'sender_subject' });
    const [payload] = await pushesFor(d, [{ subject: null, messageId: null, from: null, unseen: null, flags: null, keywords: null }]);
    expect(payload).toMatchObject({ title: 'New mail from an unknown sender', body: '(no subject)', badge: -1, actions: [] });
  });

  it('drops and counts events for addresses that are not active mailboxes, with the answer a real mailbox gets', async () => {
    const counted = async () => Number(await ctx.deps.redis.hget(keys.newMailDropped, 'unknown_mailbox') ?? 0);
    const start = await counted();
    const gone = await post(event(`nobody-${uid()}@example.test`));
    const disabled = await seedWorld(ctx, { mailboxActive: 0 });
    const loginOff = await seedWorld(ctx, { mailboxActive: 2 });
    const domainOff = await seedWorld(ctx, { domainActive: 0 });
    const known = await post(event((await seedWorld(ctx)).user));
    expect([gone.status, known.status]).toEqual([204, 204]);
    expect(await gone.text()).toBe(await known.text());
    for (const w of [disabled, loginOff, domainOff]) expect((await post(event(w.user))).status).toBe(204);
    expect(await counted()).toBe(start + 4);
  });
});

describe('the notification', () => {
  it('is private by default: "New mail", no sender or subject, the Inbox badge and a mute button', async () => {
    const d = await userWithDevice();
    const [payload] = await pushesFor(d, [{ unseen: 7 }]);
    expect(payload).toEqual({ kind: 'new_mail', title: 'New mail', body: '', url: '/', badge: 7, tag: 'cowbell-new-mail',
      actions: [{ action: 'mute_sender', title: 'Mute sender', token: expect.any(String) }] });
    expect(JSON.stringify(payload)).not.toMatch(/Jürgen|juergen|Grüße/);
  });

  it('goes stale at the push service: kept two hours at most, and a newer one replaces an undelivered older one', async () => {
    const d = await userWithDevice();
    await pushesFor(d, [{}]);
    expect(d.received()[0].headers).toMatchObject({ ttl: '7200', topic: 'cowbell-new-mail', urgency: 'high' });
  });

  it('names the decoded sender and the subject when the user allows it, in the device language', async () => {
    const d = await userWithDevice({ detail: 'sender_subject' }, { locale: 'de' });
    const [payload] = await pushesFor(d, [{}]);
    expect(payload).toMatchObject({ title: `Neue E-Mail von ${LRI}Jürgen${PDI}`, body: `${LRI}Grüße aus Köln${PDI}`,
      actions: [{ action: 'mute_sender', title: 'Absender stummschalten' }] });
  });

  it('cuts long names and subjects so the push stays far below the push services\' 4 KB', async () => {
    const d = await userWithDevice({ detail: 'sender_subject' });
    const [payload] = await pushesFor(d, [{ from: `"${'Ü'.repeat(900)}" <long@example.org>`, subject: '😀'.repeat(1999) }]);
    expect(Array.from(payload.title as string)).toHaveLength('New mail from '.length + 2 + 100);
    expect(payload.body).toBe(`${LRI}${'😀'.repeat(199)}…${PDI}`);
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThan(1500);
  });

  it('coalesces a burst: the count grows and names the latest sender; the Inbox unseen count bounds it', async () => {
    const d = await userWithDevice({ detail: 'sender_subject' });
    const payloads = await pushesFor(d, [{ from: 'ann@example.org', unseen: 1 }, { from: '"Bob" <bob@example.org>', unseen: 2 },
      { from: 'carl@example.org', folder: 'INBOX', unseen: 3 }, { from: 'dora@example.org', unseen: 1 }]);
    expect(payload2titles(payloads)).toEqual(['New mail from \u2068ann@example.org\u2069', '2 new messages, the latest from \u2068Bob\u2069',
      '3 new messages, the latest from \u2068carl@example.org\u2069',
      // The user read the rest meanwhile: one unseen mail is one new message.
      'New mail from \u2068dora@example.org\u2069']);
    const priv = await userWithDevice();
    expect(payload2titles(await pushesFor(priv, [{}, {}]))).toEqual(['New mail', '2 new messages']);
  });

  it('stays within what a push may carry: a link too long for it gives way to Cowbell', async () => {
    const deps = createDeps(testEnv({ PUSH_LOCAL_SERVICES: push.origin, NEW_MAIL_SECRET: SECRET, INGEST_ALLOWED_NETWORKS: '127.0.0.0/8',
      WEBMAIL_URL_TEMPLATE: 'https://mail.example.test/SOGo/so/{user}/Mail/view#!/Mail/0/{sogoFolder}/{uid}' }));
    try {
      // Modified UTF-7 and SOGo's triple encoding make each "Ü&" about 19 characters of link.
      const folder = 'Ü&'.repeat(127);
      const d = await userWithDevice({ folders: ['INBOX', folder], detail: 'sender_subject' });
      const before = d.received().length;
      await post(event(d.w.user, { from: `"${'😀'.repeat(100)}" <a@example.org>`, subject: '😀'.repeat(200), folder }), { app: createApp(deps) });
      const [got] = d.received().slice(before).map((r) => r.payload);
      expect(got).toMatchObject({ body: '', url: '/', title: expect.stringContaining('😀') });
      expect(Buffer.byteLength(JSON.stringify(got))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    } finally {
      await deps.close();
    }
  });

  it('gives up the subject first, and the link only when that is not enough', () => {
    const base = { kind: 'new_mail' as const, title: 'New mail', body: 'x'.repeat(2800), url: `https://w.example/${'u'.repeat(500)}`, badge: -1, tag: 't', actions: [] };
    expect(fitPayload(base)).toEqual({ ...base, body: '' });
    expect(fitPayload({ ...base, url: `https://w.example/${'u'.repeat(3000)}` })).toEqual({ ...base, body: '', url: '/' });
    expect(fitPayload({ ...base, body: 'short' })).toEqual({ ...base, body: 'short' });
  });

  it('opens the webmail at the message when a template is configured, with each placeholder encoded', async () => {
    const deps = createDeps(testEnv({ PUSH_LOCAL_SERVICES: push.origin, NEW_MAIL_SECRET: SECRET, INGEST_ALLOWED_NETWORKS: '127.0.0.0/8',
      WEBMAIL_URL_TEMPLATE: 'https://mail.example.test/SOGo/so/{user}/Mail/view#!/Mail/0/{folder}/{uid}' }));
    try {
      const d = await userWithDevice({ folders: ['INBOX', 'Lists/dev & ops'] });
      const before = d.received().length;
      await post(event(d.w.user, { folder: 'Lists/dev & ops', uid: 42 }), { app: createApp(deps) });
      expect(d.received().slice(before).map((r) => r.payload.url))
        .toEqual([`https://mail.example.test/SOGo/so/${encodeURIComponent(d.w.user)}/Mail/view#!/Mail/0/Lists%2Fdev%20%26%20ops/42`]);
    } finally {
      await deps.close();
    }
  });
});

const payload2titles = (payloads: Record<string, unknown>[]) => payloads.map((p) => p.title);

describe('the rules, on real deliveries', () => {
  it('pushes only to devices that chose new mail, and only to the mailbox the mail is for', async () => {
    const off = await userWithDevice(null, { newMail: false });
    const on = await userWithDevice();
    expect(await pushesFor(off, [{}])).toEqual([]);
    expect(on.received()).toHaveLength(0);
    expect(await pushesFor(on, [{}])).toHaveLength(1);
    expect(off.received()).toHaveLength(0);
  });

  it('pushes a message once, however often Dovecot reports it', async () => {
    const d = await userWithDevice();
    const again = event(d.w.user);
    for (let i = 0; i < 3; i++) expect((await post(again)).status).toBe(204);
    expect(d.received()).toHaveLength(1);
    // The same uid in another folder (or a new uidvalidity) is another message.
    await post({ ...again, uidvalidity: again.uidvalidity + 1 });
    expect(d.received()).toHaveLength(2);
  });

  it('pushes chosen folders only, and offers every folder seen on the settings screen', async () => {
    const d = await userWithDevice({ folders: ['INBOX', 'Lists/dev'] });
    const payloads = await pushesFor(d, [{ folder: 'Lists/announce' }, { folder: 'Junk' }, { folder: 'inbox' }, { folder: 'Lists/dev' }]);
    expect(payloads).toHaveLength(2);
    // The badge is the Inbox's: mail in another folder leaves it as it is.
    expect(payloads.map((p) => p.badge)).toEqual([3, -1]);
    const view = await (await d.client.api['new-mail'].settings.$get()).json();
    expect([...view.folders].sort()).toEqual(['INBOX', 'Junk', 'Lists/announce', 'Lists/dev']);
  });

  it('holds back list and bulk mail (the Sieve keyword), mail delivered as read, and muted senders and domains', async () => {
    const d = await userWithDevice({ muted: ['spam@example.org', '@news.example.net'], vip: ['boss@example.org'] });
    expect(await pushesFor(d, [{ keywords: [BULK_KEYWORD] }, { keywords: ['$cowbellbulk'] }, { precedence: 'bulk' }, { listId: '<a.b>' },
      { flags: ['\\Seen'] }, { from: 'SPAM@Example.org' }, { from: 'Daily <daily@news.example.net>' }])).toEqual([]);
    // A VIP's list mail pushes; a subdomain of a muted domain is not muted.
    expect(await pushesFor(d, [{ from: 'boss@example.org', keywords: [BULK_KEYWORD] }, { from: 'x@sub.news.example.net' }])).toHaveLength(2);
  });

  it("keeps quiet in the user's quiet hours, except for a VIP", async () => {
    // Quiet hours that cover the test clock's current minute in the user's zone.
    const at = new Date(ctx.clock.now);
    const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    const quiet = { from: hhmm(new Date(at.getTime() - 60 * 60_000)), to: hhmm(new Date(at.getTime() + 60 * 60_000)), timeZone: 'UTC' };
    const d = await userWithDevice({ quiet, vip: ['boss@example.org'] });
    expect(await pushesFor(d, [{ from: 'someone@example.org' }])).toEqual([]);
    expect(await pushesFor(d, [{ from: 'Boss <BOSS@example.org>' }])).toHaveLength(1);
  });

  it('caps a flood per user, and the next notification after the window counts what came meanwhile', async () => {
    const d = await userWithDevice({ cap: { count: 2, minutes: 1 } });
    const flood = await pushesFor(d, Array.from({ length: 6 }, () => ({ unseen: null })));
    expect(payload2titles(flood)).toEqual(['New mail', '2 new messages']);
    ctx.clock.advance(61_000);
    expect(payload2titles(await pushesFor(d, [{ unseen: null }]))).toEqual(['7 new messages']);
  });
});

