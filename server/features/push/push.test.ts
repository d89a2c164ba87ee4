import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cowbellPushSubscriptions } from '../../../db/schema/cowbell.ts';
import { startPushService } from '../../test/push-service.ts';
import { createTestClient, seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { enableQuarantine, quarantineItem } from '../../test/quarantine-helpers.ts';
import { deliver, RetryLater } from './deliver.ts';
import { prepareQuarantinePush } from './notify.service.ts';
import { vapidKeys } from './vapid.ts';

const push = await startPushService();
afterAll(() => push.close());
const ctx = useTestApp({ PUBLIC_URL: 'https://cowbell.example.test' }, 10);
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
    expect((got.payload.actions as { action: string }[]).map((a) => a.action)).toEqual(['release', 'delete', 'learn_ham']);
    expect(jobs[0].subscriptionId).toBe(subscriptionId);
    expect(await prepareQuarantinePush(ctx.deps, w.user)).toEqual([]);
  });

  it('name sender and subject only when the user opted in on that device', async () => {
    const { w, deviceId } = await userWithDevice({ showDetails: true });
    await quarantineItem(ctx, w.user, { subject: 'Cheap pills', sender: 'who@example.net' });
    const [job] = await prepareQuarantinePush(ctx.deps, w.user);
    await deliver(ctx.deps, job.subscriptionId, job.payload);
    expect(receivedBy(deviceId)[0].payload.body).toBe('From who@example.net: Cheap pills');
  });

  it('coalesce a burst into one notification without per-item buttons', async () => {
    const { w } = await userWithDevice();
    for (let i = 0; i < 3; i++) await quarantineItem(ctx, w.user);
    const [job] = await prepareQuarantinePush(ctx.deps, w.user);
    expect(job.payload).toMatchObject({ title: '3 messages were quarantined', url: '/quarantine', actions: [], badge: 3 });
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
    expect(row.lastError).toBe('push service answered 503');
  });
});
