import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cowbellPushSubscriptions } from '../../../db/schema/cowbell.ts';
import { createDeps } from '../../deps.ts';
import { startPushService } from '../../test/push-service.ts';
import { createTestClient, seedWorld, testEnv, uid, useTestApp } from '../../test/helpers.ts';
import { enableQuarantine, quarantineItem } from '../../test/quarantine-helpers.ts';
import { deliver, RetryLater } from './deliver.ts';
import { prepareQuarantinePush } from './notify.service.ts';
import { vapidKeys } from './vapid.ts';

const push = await startPushService();
// Only the stand-in push service on its own port may be reached over http and on loopback.
const ctx = useTestApp({ PUBLIC_URL: 'https://cowbell.example.test', PUSH_LOCAL_SERVICES: push.origin }, 10);
afterAll(() => push.close());
beforeAll(() => enableQuarantine(ctx));

async function userWithDevice(opts: { showDetails?: boolean; locale?: 'en' | 'de' } = {}) {
  const w = await seedWorld(ctx);
  const client = createTestClient(ctx);
  await client.signIn(w.user);
  const deviceId = `dev${uid()}`;
  const sub = push.subscription(deviceId);
  const res = await client.api.push.devices[':deviceId'].$put({ param: { deviceId }, json: { ...sub, name: 'Pixel', locale: opts.locale ?? 'en' } });
  expect(res.status).toBe(200);
  if (opts.showDetails) await client.api.push.devices[':deviceId'].$patch({ param: { deviceId }, json: { showDetails: true } });
  const [row] = await ctx.deps.db.select().from(cowbellPushSubscriptions).where(eq(cowbellPushSubscriptions.deviceId, deviceId));
  return { w, client, deviceId, subscriptionId: row.id };
}

const receivedBy = (deviceId: string) => push.received.filter((r) => r.id === deviceId);

describe('devices', () => {
  it('subscribes, lists, renames, re-subscribes in place and removes a device', async () => {
    const { client, deviceId } = await userWithDevice();
    const list = async () => (await (await client.api.push.devices.$get()).json()).devices;
    expect(await list()).toMatchObject([{ deviceId, name: 'Pixel', showDetails: false }]);
    await client.api.push.devices[':deviceId'].$patch({ param: { deviceId }, json: { name: 'Work phone' } });
    await client.api.push.devices[':deviceId'].$put({ param: { deviceId }, json: { ...push.subscription(deviceId), name: 'ignored', locale: 'de' } });
    expect(await list()).toMatchObject([{ deviceId, name: 'Work phone' }]);
    expect((await client.api.push.devices[':deviceId'].$delete({ param: { deviceId } })).status).toBe(204);
    expect(await list()).toEqual([]);
  });

  it("keeps devices per account and refuses bad input, other people's devices and non-users", async () => {
    const a = await userWithDevice();
    const b = await userWithDevice();
    expect((await b.client.api.push.devices[':deviceId'].$delete({ param: { deviceId: a.deviceId } })).status).toBe(404);
    expect((await b.client.api.push.devices[':deviceId'].$put({ param: { deviceId: 'x' }, json: { ...push.subscription('y'), name: 'n', locale: 'en' } })).status).toBe(400);
    expect((await b.client.api.push.devices[':deviceId'].$put({ param: { deviceId: b.deviceId }, json: { endpoint: 'javascript:alert(1)', keys: { p256dh: 'a'.repeat(20), auth: 'b'.repeat(10) }, name: 'n', locale: 'en' } })).status).toBe(400);
    expect((await b.client.api.push.devices[':deviceId'].$patch({ param: { deviceId: b.deviceId }, json: {} })).status).toBe(400);
    expect((await b.client.api.push.devices[':deviceId'].$patch({ param: { deviceId: b.deviceId }, json: { name: '' } })).status).toBe(400);
    const admin = createTestClient(ctx);
    await admin.signIn(a.w.admin);
    expect((await admin.api.push.devices.$get()).status).toBe(403);
    expect((await createTestClient(ctx).api.push.config.$get()).status).toBe(401);
  });

  it('makes the VAPID key pair once and keeps it', async () => {
    const first = await vapidKeys(ctx.deps.db);
    expect(await vapidKeys(ctx.deps.db)).toEqual(first);
    const { client } = await userWithDevice();
    expect(await (await client.api.push.config.$get()).json()).toEqual({ publicKey: first.publicKey });
  });

  it('sends a test notification that the push service can verify and decrypt', async () => {
    const { client, deviceId } = await userWithDevice({ locale: 'de' });
    const res = await client.api.push.devices[':deviceId'].test.$post({ param: { deviceId } });
    expect(await res.json()).toEqual({ outcome: 'sent' });
    const [got] = receivedBy(deviceId);
    expect(got.signatureValid).toBe(true);
    expect(got.vapidKey).toBe((await vapidKeys(ctx.deps.db)).publicKey);
    expect(got.claims).toMatchObject({ aud: push.origin, sub: 'https://cowbell.example.test' });
    expect(got.payload).toMatchObject({ kind: 'test', title: 'Cowbell-Testbenachrichtigung' });
    expect(got.headers['content-encoding']).toBe('aes128gcm');
  });
});

describe('quarantine notifications', () => {
  it('are private by default: a count and a category, with action buttons for a single item', async () => {
    const { w, deviceId, subscriptionId } = await userWithDevice();
    const item = await quarantineItem(ctx, w.user, { subject: 'Secret subject', sender: 'who@example.net' });
    const jobs = await prepareQuarantinePush(ctx.deps, w.user);
    expect(jobs).toHaveLength(1);
    await deliver(ctx.deps, jobs[0].subscriptionId, jobs[0].payload);
    const [got] = receivedBy(deviceId);
    expect(got.payload).toMatchObject({ kind: 'quarantine', title: 'A message was quarantined', badge: 1, url: `/quarantine/${item.id}` });
    expect(JSON.stringify(got.payload)).not.toMatch(/Secret subject|who@example/);
    const actions = got.payload.actions as { action: string; token: string }[];
    expect(actions.map((a) => a.action)).toEqual(['release', 'delete', 'learn_ham']);
    // Each button's token works for that button only: "Delete"'s token cannot release.
    const tap = (token: string, action: string) => ctx.app.request('/push-actions', { method: 'POST',
      body: JSON.stringify({ token, action }), headers: { 'content-type': 'application/json' } });
    expect((await tap(actions[1].token, 'release')).status).toBe(403);
    expect(await (await tap(actions[1].token, 'delete')).json()).toEqual({ id: item.id, ok: true });
    expect(jobs[0].subscriptionId).toBe(subscriptionId);
    expect(await prepareQuarantinePush(ctx.deps, w.user)).toEqual([]);
  });

  it('name sender and subject only when the user opted in on that device', async () => {
    const { w, deviceId } = await userWithDevice({ showDetails: true });
    await quarantineItem(ctx, w.user, { subject: 'Cheap pills', sender: 'who@example.net' });
    const [job] = await prepareQuarantinePush(ctx.deps, w.user);
    await deliver(ctx.deps, job.subscriptionId, job.payload);
    expect(receivedBy(deviceId)[0].payload.body).toBe('From \u2068who@example.net\u2069: \u2068Cheap pills\u2069');
  });

  it('isolate sender and subject, so a right-to-left override cannot reorder the text around them', async () => {
    const { w, deviceId } = await userWithDevice({ showDetails: true, locale: 'de' });
    await quarantineItem(ctx, w.user, { subject: 'Invoice \u202Efdp.exe', sender: 'who@example.net' });
    const [job] = await prepareQuarantinePush(ctx.deps, w.user);
    await deliver(ctx.deps, job.subscriptionId, job.payload);
    // The override is closed (PDF) inside the subject's isolate: "Von", the sender and the colon keep their order.
    expect(receivedBy(deviceId)[0].payload.body).toBe('Von \u2068who@example.net\u2069: \u2068Invoice \u202Efdp.exe\u202C\u2069');
  });

  it('coalesce a burst into one notification without per-item buttons', async () => {
    const { w } = await userWithDevice();
    for (let i = 0; i < 3; i++) await quarantineItem(ctx, w.user);
    const [job] = await prepareQuarantinePush(ctx.deps, w.user);
    expect(job.payload).toMatchObject({ title: '3 messages were quarantined', url: '/quarantine', actions: [], badge: 3 });
  });

  it("leave the badge alone on a device that takes new-mail pushes (there it is the Inbox's unseen count)", async () => {
    const { w, client, deviceId } = await userWithDevice();
    await client.api.push.devices[':deviceId'].$patch({ param: { deviceId }, json: { newMail: true } });
    await quarantineItem(ctx, w.user);
    const [job] = await prepareQuarantinePush(ctx.deps, w.user);
    expect(job.payload).toMatchObject({ kind: 'quarantine', badge: -1 });
  });

  it('never announce an item twice when notify jobs race, in one process or several', async () => {
    const { w } = await userWithDevice();
    for (let i = 0; i < 4; i++) await quarantineItem(ctx, w.user);
    const other = createDeps(ctx.deps.env);
    // Open the connections first, so the jobs below really run side by side.
    const warm = (deps: typeof other) => Promise.all(Array.from({ length: 3 }, () => deps.db.execute(sql`SELECT SLEEP(0.05)`)));
    await Promise.all([warm(ctx.deps), warm(other)]);
    try {
      const runs = await Promise.all(Array.from({ length: 6 }, (_, i) => prepareQuarantinePush(i % 2 ? other : ctx.deps, w.user)));
      const announced = runs.filter((jobs) => jobs.length > 0).map(([job]) => /^(\d+) messages/.exec(job.payload.title)?.[1] ?? 1).map(Number);
      expect(announced.every((n) => n > 0)).toBe(true);
      expect(announced.reduce((a, b) => a + b, 0)).toBe(4);
    } finally {
      await other.close();
    }
  });

  it('are announced again to a notify job retried with its claim, and to no one else', async () => {
    const { w } = await userWithDevice();
    const item = await quarantineItem(ctx, w.user);
    const [first] = await prepareQuarantinePush(ctx.deps, w.user, 'claim-of-a-crashed-job');
    const [again] = await prepareQuarantinePush(ctx.deps, w.user, 'claim-of-a-crashed-job');
    expect([first.payload.url, again.payload.url]).toEqual([`/quarantine/${item.id}`, `/quarantine/${item.id}`]);
    expect(await prepareQuarantinePush(ctx.deps, w.user)).toEqual([]);
  });

  it('drop a subscription the push service calls gone, and ask for a retry on 429/5xx', async () => {
    const gone = await userWithDevice();
    push.script(gone.deviceId, [410]);
    expect(await deliver(ctx.deps, gone.subscriptionId, { kind: 'test', title: 't', body: 'b', url: '/', badge: 0, tag: 't', actions: [] })).toBe('gone');
    expect(await ctx.deps.db.select().from(cowbellPushSubscriptions).where(eq(cowbellPushSubscriptions.id, gone.subscriptionId))).toEqual([]);
    const busy = await userWithDevice();
    push.script(busy.deviceId, [503]);
    await expect(deliver(ctx.deps, busy.subscriptionId, { kind: 'test', title: 't', body: 'b', url: '/', badge: 0, tag: 't', actions: [] })).rejects.toBeInstanceOf(RetryLater);
    const [row] = await ctx.deps.db.select().from(cowbellPushSubscriptions).where(eq(cowbellPushSubscriptions.id, busy.subscriptionId));
    expect(row.lastError).toBe('busy');
  });
});

/** A TCP server on an OS-assigned port that only counts who connects to it. */
async function connectionCounter() {
  const server = createServer((socket) => { counter.connections += 1; socket.destroy(); });
  const counter = { connections: 0, port: 0, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  counter.port = (server.address() as AddressInfo).port;
  return counter;
}

describe('push endpoints (no requests into private networks)', () => {
  const keys = { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) };

  it('take local exceptions only as origins, read at start-up', () => {
    expect(testEnv({ PUSH_LOCAL_SERVICES: 'http://127.0.0.1, http://[::1]:8443' }).PUSH_LOCAL_SERVICES).toHaveLength(2);
    expect(testEnv({}).PUSH_LOCAL_SERVICES).toEqual([]);
    expect(() => testEnv({ PUSH_LOCAL_SERVICES: '127.0.0.1:44101' })).toThrow(/PUSH_LOCAL_SERVICES/);
  });

  it('refuses plain http, and IP literals outside public unicast space, when a device subscribes', async () => {
    const { client, deviceId } = await userWithDevice();
    const counter = await connectionCounter();
    const put = (endpoint: string) => client.api.push.devices[':deviceId'].$put({ param: { deviceId }, json: { endpoint, keys, name: 'n', locale: 'en' } });
    for (const endpoint of [`http://127.0.0.1:${counter.port}/push/x`, 'https://10.0.0.1/push/x', 'https://[::1]/push/x',
      'https://169.254.169.254/latest', 'https://[::ffff:192.168.1.1]/x', 'https://0x7f.1/x', 'https://[fd00::1]/x',
      'https://224.0.0.1/x', 'https://100.64.0.1/x', 'http://push.example.com/x', `http://127.0.0.1:${push.port + 1}/push/x`]) {
      const res = await put(endpoint);
      const status: number = res.status;
      expect.soft(status, endpoint).toBe(400);
      if (status === 400) expect(((await res.json()) as unknown as { error: { code: string } }).error.code).toBe('validation_failed');
    }
    expect((await put('https://fcm.googleapis.com/fcm/send/abc:def')).status).toBe(200);
    expect((await put('https://[2a00:1450:4001::200e]/push/x')).status).toBe(200);
    expect(counter.connections).toBe(0);
    await counter.close();
  });

  it('refuses at send time a name that resolves to a private address, without connecting', async () => {
    const { client, deviceId } = await userWithDevice();
    const counter = await connectionCounter();
    // A host name passes the subscribe check; what it resolves to is only known (and checked) when sending.
    expect((await client.api.push.devices[':deviceId'].$put({ param: { deviceId },
      json: { endpoint: `https://localhost:${counter.port}/push/x`, keys: push.subscription(deviceId).keys, name: 'n', locale: 'en' } })).status).toBe(200);
    const res = await client.api.push.devices[':deviceId'].test.$post({ param: { deviceId } });
    expect(await res.json()).toEqual({ outcome: 'not_allowed' });
    const [device] = (await (await client.api.push.devices.$get()).json()).devices;
    expect(device.lastError).toBe('not_allowed');
    expect(counter.connections).toBe(0);
    await counter.close();
  });

  it('refuses at send time an endpoint stored before the rules (plain http to loopback), without connecting', async () => {
    const { deviceId, subscriptionId } = await userWithDevice();
    const counter = await connectionCounter();
    await ctx.deps.db.update(cowbellPushSubscriptions).set({ endpoint: `http://127.0.0.1:${counter.port}/push/${deviceId}` })
      .where(eq(cowbellPushSubscriptions.id, subscriptionId));
    expect(await deliver(ctx.deps, subscriptionId, { kind: 'test', title: 't', body: 'b', url: '/', badge: 0, tag: 't', actions: [] })).toBe('not_allowed');
    expect(counter.connections).toBe(0);
    await counter.close();
  });

  it('tells the user that the push service refused, never its status, address or port', async () => {
    const { client, deviceId } = await userWithDevice();
    push.script(deviceId, [400, 503]);
    const test = async () => (await client.api.push.devices[':deviceId'].test.$post({ param: { deviceId } })).json();
    const device = async () => (await (await client.api.push.devices.$get()).json()).devices[0];
    expect(await test()).toEqual({ outcome: 'failed' });
    expect((await device()).lastError).toBe('refused');
    expect(await test()).toEqual({ outcome: 'retry' });
    const busy = await device();
    expect(busy.lastError).toBe('busy');
    expect(JSON.stringify({ ...busy, deviceId: '', created: '', lastSuccessAt: '' })).not.toMatch(/503|400|44101|127\.0\.0\.1/);
  });
});
