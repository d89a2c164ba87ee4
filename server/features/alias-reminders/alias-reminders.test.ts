// The reminder before a time-limited alias expires: the opt-in, the round that finds what is due, and
// the pushes the local push service decrypts (server/test/push-service.ts).
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cowbellAliasReminders, cowbellPushSubscriptions } from '../../../db/schema/cowbell.ts';
import { spamalias } from '../../../db/schema/mail.ts';
import { remindExpiringAliases } from '../../jobs/alias-reminders.ts';
import { createPushQueue, type QueuedSend } from '../../jobs/push-queue.ts';
import { optInToReminders, timeLimitedAlias } from '../../test/alias-helpers.ts';
import { createTestClient, seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { startPushService } from '../../test/push-service.ts';
import { deliver } from '../push/deliver.ts';

const push = await startPushService();
// Its own Redis database: the push queue's workers below take only this file's send jobs.
const ctx = useTestApp({ PUBLIC_URL: 'https://cowbell.example.test', PUSH_LOCAL_SERVICES: push.origin }, 1);
afterAll(() => push.close());

const HOUR = 3600;
const DAY = 24 * HOUR;

async function signedIn(user: string) {
  const client = createTestClient(ctx);
  await client.signIn(user);
  return client;
}

async function addDevice(user: string, opts: { showDetails?: boolean; locale?: 'en' | 'de' } = {}) {
  const client = await signedIn(user);
  const deviceId = `dev${uid()}`;
  const res = await client.api.push.devices[':deviceId'].$put({ param: { deviceId }, json: { ...push.subscription(deviceId), name: 'Phone', locale: opts.locale ?? 'en' } });
  expect(res.status).toBe(200);
  if (opts.showDetails) await client.api.push.devices[':deviceId'].$patch({ param: { deviceId }, json: { showDetails: true } });
  const [row] = await ctx.deps.db.select().from(cowbellPushSubscriptions).where(eq(cowbellPushSubscriptions.deviceId, deviceId));
  return { deviceId, subscriptionId: row.id };
}

/** A mailbox user with one device who turned reminders on. */
async function remindedUser(opts: { showDetails?: boolean; locale?: 'en' | 'de' } = {}) {
  const w = await seedWorld(ctx);
  const device = await addDevice(w.user, opts);
  await optInToReminders(ctx, w.user);
  return { w, user: w.user, ...device };
}

/** A round over these mailboxes only, whose pushes are delivered at once (the queue is proven below). */
async function round(only: string[]) {
  const queued: QueuedSend[] = [];
  const result = await remindExpiringAliases(ctx.deps, async (sends) => { queued.push(...sends); }, only);
  for (const send of queued) await deliver(ctx.deps, send.data.subscriptionId, send.data.payload);
  return { ...result, queued };
}

const receivedBy = (deviceId: string) => push.received.filter((r) => r.id === deviceId).map((r) => r.payload);
const bodiesOf = (deviceId: string) => receivedBy(deviceId).map((p) => String(p.body));

describe('the reminder setting', () => {
  it('is off until the user turns it on, and each user changes only their own', async () => {
    const w = await seedWorld(ctx);
    const a = await signedIn(w.user);
    expect(await (await a.api['alias-reminders'].$get()).json()).toEqual({ enabled: false });
    expect(await (await a.api['alias-reminders'].$put({ json: { enabled: true } })).json()).toEqual({ enabled: true });
    const b = await seedWorld(ctx);
    const bClient = await signedIn(b.user);
    expect(await (await bClient.api['alias-reminders'].$get()).json()).toEqual({ enabled: false });
    expect((await bClient.api['alias-reminders'].$put({ json: { enabled: false } })).status).toBe(200);
    expect(await (await a.api['alias-reminders'].$get()).json()).toEqual({ enabled: true });
    expect(await (await a.api['alias-reminders'].$put({ json: { enabled: false } })).json()).toEqual({ enabled: false });
    expect(await (await a.api['alias-reminders'].$get()).json()).toEqual({ enabled: false });
  });

  it('takes only a boolean, and is for mailbox users', async () => {
    const w = await seedWorld(ctx);
    const a = await signedIn(w.user);
    expect((await a.api['alias-reminders'].$put({ json: { enabled: 'yes' as unknown as boolean } })).status).toBe(400);
    expect((await (await signedIn(w.admin)).api['alias-reminders'].$get()).status).toBe(403);
    expect((await createTestClient(ctx).api['alias-reminders'].$get()).status).toBe(401);
  });
});

describe('the reminder round', () => {
  it("announces each non-permanent alias expiring within the day once, to every device of its owner, and nothing else", async () => {
    const a = await remindedUser();
    const tablet = await addDevice(a.user);
    const due = await timeLimitedAlias(ctx, a.user, { expiresIn: 23 * HOUR });
    const later = await timeLimitedAlias(ctx, a.user, { expiresIn: 3 * DAY });
    const permanent = await timeLimitedAlias(ctx, a.user, { expiresIn: 2 * HOUR, permanent: true });
    const expired = await timeLimitedAlias(ctx, a.user, { expiresIn: -60 });
    // Another opted-in user's alias goes to that user's device only.
    const b = await remindedUser();
    const ofB = await timeLimitedAlias(ctx, b.user, { expiresIn: 5 * HOUR });
    // Due, with a device, but never opted in.
    const c = await seedWorld(ctx);
    const cDevice = await addDevice(c.user);
    await timeLimitedAlias(ctx, c.user, { expiresIn: HOUR });

    const first = await round([a.user, b.user, c.user]);
    expect(first).toMatchObject({ aliases: 2, pushes: 3 });
    for (const deviceId of [a.deviceId, tablet.deviceId]) {
      expect(bodiesOf(deviceId), deviceId).toEqual([`\u2068${due.address}\u2069 stops receiving mail in about 23 hours.`]);
    }
    expect(bodiesOf(b.deviceId)).toEqual([`\u2068${ofB.address}\u2069 stops receiving mail in about 5 hours.`]);
    expect(receivedBy(cDevice.deviceId)).toEqual([]);
    const everything = JSON.stringify(push.received.map((r) => r.payload));
    for (const other of [later, permanent, expired]) expect(everything).not.toContain(other.address);

    expect(await round([a.user, b.user, c.user])).toMatchObject({ aliases: 0, pushes: 0 });
    expect(bodiesOf(a.deviceId)).toHaveLength(1);
  });

  it('is private by default; the description shows on devices that show details, isolated and shortened', async () => {
    const a = await remindedUser();
    const detailed = await addDevice(a.user, { showDetails: true, locale: 'de' });
    const description = `Shop \u202Eexe.pdf ${'x'.repeat(200)}`;
    const alias = await timeLimitedAlias(ctx, a.user, { expiresIn: 90 * 60, description });
    await round([a.user]);
    const [plain] = receivedBy(a.deviceId);
    expect(plain).toMatchObject({ kind: 'alias_expiry', title: 'A time-limited alias expires soon', url: '/aliases', badge: -1,
      tag: `cowbell-alias-${alias.address}`, body: `\u2068${alias.address}\u2069 stops receiving mail in about 2 hours.` });
    expect(plain.actions).toEqual([{ action: 'extend', title: 'Extend by a month', token: expect.stringMatching(/^[\w-]{32}$/) }]);
    expect(JSON.stringify(plain)).not.toContain('Shop');
    const [german] = receivedBy(detailed.deviceId);
    expect(german.title).toBe('Ein befristeter Alias läuft bald ab');
    // The override is closed inside the description's isolate, and the description is cut to one line.
    expect(german.body).toBe(`\u2068${alias.address}\u2069 (\u2068Shop \u202Eexe.pdf ${'x'.repeat(65)}…\u202C\u2069) empfängt in etwa 2 Stunden keine Mails mehr.`);
    expect(german.actions).toMatchObject([{ action: 'extend', title: 'Um einen Monat verlängern' }]);
  });

  it('announces an extended alias again before its new expiry, and forgets expiries that passed', async () => {
    const a = await remindedUser();
    const alias = await timeLimitedAlias(ctx, a.user, { expiresIn: 20 * HOUR });
    await round([a.user]);
    // Extended by a month (as "Extend" does), then the month goes by.
    const extended = Math.floor(ctx.clock.now / 1000) + 744 * HOUR;
    await ctx.deps.db.update(spamalias).set({ validity: extended }).where(eq(spamalias.address, alias.address));
    expect(await round([a.user])).toMatchObject({ aliases: 0 });
    ctx.clock.advance((744 - 10) * HOUR * 1000);
    try {
      const again = await round([a.user]);
      expect(again.aliases).toBe(1);
      expect(again.forgotten).toBeGreaterThanOrEqual(1);
      expect(bodiesOf(a.deviceId)).toEqual([expect.stringContaining('about 20 hours'), expect.stringContaining('about 10 hours')]);
      const rows = await ctx.deps.db.select().from(cowbellAliasReminders).where(eq(cowbellAliasReminders.address, alias.address));
      expect(rows.map((r) => r.validity)).toEqual([extended]);
    } finally {
      ctx.clock.advance(-(744 - 10) * HOUR * 1000);
    }
  });

  it('waits for a device: an opted-in user without one is announced once a device is added', async () => {
    const w = await seedWorld(ctx);
    await optInToReminders(ctx, w.user);
    await timeLimitedAlias(ctx, w.user, { expiresIn: 6 * HOUR });
    expect(await round([w.user])).toMatchObject({ aliases: 0 });
    const device = await addDevice(w.user);
    expect(await round([w.user])).toMatchObject({ aliases: 1, pushes: 1 });
    expect(receivedBy(device.deviceId)).toHaveLength(1);
  });

  it('never announces an alias twice when rounds race', async () => {
    const a = await remindedUser();
    await Promise.all(Array.from({ length: 3 }, () => timeLimitedAlias(ctx, a.user, { expiresIn: 4 * HOUR })));
    const rounds = await Promise.all(Array.from({ length: 4 }, () => round([a.user])));
    expect(rounds.reduce((n, r) => n + r.aliases, 0)).toBe(3);
    expect(receivedBy(a.deviceId)).toHaveLength(3);
  });

  it('gives its claims back when the pushes cannot be queued, so the next round announces them', async () => {
    const a = await remindedUser();
    await timeLimitedAlias(ctx, a.user, { expiresIn: 4 * HOUR });
    await expect(remindExpiringAliases(ctx.deps, async () => { throw new Error('Redis is down'); }, [a.user])).rejects.toThrow('Redis is down');
    expect(await round([a.user])).toMatchObject({ aliases: 1, pushes: 1 });
  });

  it("reaches the devices through the push queue's send jobs", async () => {
    const a = await remindedUser();
    const alias = await timeLimitedAlias(ctx, a.user, { expiresIn: 12 * HOUR });
    const queue = createPushQueue(ctx.deps, { retryDelayMs: 50 });
    queue.startWorkers();
    try {
      push.script(a.deviceId, [503]);
      expect(await remindExpiringAliases(ctx.deps, queue.queueSends, [a.user])).toMatchObject({ aliases: 1, pushes: 1 });
      const [got] = await vi.waitFor(() => receivedBy(a.deviceId).length > 0 ? receivedBy(a.deviceId) : expect.fail('not yet'), { timeout: 10_000, interval: 20 });
      expect(got.body).toContain(alias.address);
    } finally {
      await queue.close();
    }
  });
});
