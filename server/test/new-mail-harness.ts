// Shared by the new-mail push tests: an app that takes Dovecot's events (trusted loopback, a
// secret), a local push service that decrypts what arrives, and users with a device that takes new mail.
import { afterAll, expect } from 'vitest';
import { NEW_MAIL_INGEST_PATH } from '../features/new-mail-push/new-mail.schema.ts';
import type { NewMailSettingsInput } from '../features/new-mail-push/rules.schema.ts';
import { createTestClient, fromSocket, seedWorld, uid, useTestApp } from './helpers.ts';
import { startPushService } from './push-service.ts';

export const SECRET = 'dovecot-test-secret-0123456789';
/** Bidi isolation marks around sender and subject (lib/bidi.ts). */
export const LRI = '\u2068';
export const PDI = '\u2069';

let uidCounter = 1;
/** A MessageNew event as the Lua script posts it, for `user`, with a fresh UID. */
export const event = (user: string, over: Record<string, unknown> = {}) => ({
  event: 'MessageNew', user, folder: 'INBOX', uid: uidCounter++, uidvalidity: 1796095526, messageId: `<m${uid()}@example.org>`,
  from: '=?UTF-8?B?SsO8cmdlbg==?= <juergen@example.org>', subject: 'Grüße aus Köln', flags: [], keywords: [], unseen: 3, ...over,
});

/** Call at a test file's top level. */
export async function newMailHarness() {
  const push = await startPushService();
  const ctx = useTestApp({ PUBLIC_URL: 'https://cowbell.example.test', PUSH_LOCAL_SERVICES: push.origin, NEW_MAIL_SECRET: SECRET,
    INGEST_ALLOWED_NETWORKS: '127.0.0.0/8' });
  afterAll(() => push.close());

  function post(body: unknown, opts: { ip?: string; secret?: string | null; headers?: Record<string, string>; raw?: string; app?: typeof ctx.app } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...opts.headers };
    if (opts.secret !== null) headers.authorization = `Bearer ${opts.secret ?? SECRET}`;
    return (opts.app ?? ctx.app).request(NEW_MAIL_INGEST_PATH, { method: 'POST', headers, body: opts.raw ?? JSON.stringify(body) },
      fromSocket(opts.ip ?? '127.0.0.1'));
  }

  /** A mailbox user with one device that takes new-mail pushes (unless `newMail: false`), and these settings. */
  async function userWithDevice(settings: NewMailSettingsInput | null = null, opts: { newMail?: boolean; locale?: 'en' | 'de' } = {}) {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx);
    await client.signIn(w.user);
    const deviceId = `dev${uid()}`;
    expect((await client.api.push.devices[':deviceId'].$put({ param: { deviceId },
      json: { ...push.subscription(deviceId), name: 'Phone', locale: opts.locale ?? 'en' } })).status).toBe(200);
    if (opts.newMail !== false) {
      const patched = await client.api.push.devices[':deviceId'].$patch({ param: { deviceId }, json: { newMail: true } });
      expect(await patched.json()).toMatchObject({ deviceId, newMail: true });
    }
    if (settings) expect((await client.api['new-mail'].settings.$put({ json: settings, header: {} })).status).toBe(200);
    const received = () => push.received.filter((r) => r.id === deviceId);
    return { w, client, deviceId, received };
  }

  /** Posts the events in order and returns the payloads that arrived: a request's pushes arrive before it is answered (no queue in tests). */
  async function pushesFor(d: Awaited<ReturnType<typeof userWithDevice>>, events: Record<string, unknown>[]) {
    const before = d.received().length;
    for (const e of events) expect((await post(event(d.w.user, e))).status).toBe(204);
    return d.received().slice(before).map((r) => r.payload);
  }

  return { push, ctx, post, userWithDevice, pushesFor };
}
