// The whole path in one process: rspamd's hand-off → ingest → queue → push service, within seconds.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../app.ts';
import { pushText } from '../features/push/push-text.ts';
import { startPushService } from '../test/push-service.ts';
import { createTestClient, fromSocket, seedWorld, uid, useTestApp } from '../test/helpers.ts';
import { enableQuarantine, fixture, quarantineItem } from '../test/quarantine-helpers.ts';
import { createPushQueue } from './push-queue.ts';

const push = await startPushService();
const ctx = useTestApp({ PUSH_LOCAL_SERVICES: push.origin }, 11);
// The real coalescing and back-off, on a shorter clock.
const queue = createPushQueue(ctx.deps, { coalesceMs: 1000, delayMs: 1200, retryDelayMs: 50 });
// Only queues (its jobs run on the workers above): a window far longer than any test, so whatever
// arrives was not waiting for it.
const patient = createPushQueue(ctx.deps, { coalesceMs: 60_000, delayMs: 61_000 });
const queued: Promise<void>[] = [];
const app = createApp(ctx.deps, { onQuarantined: (rcpts) => { queued.push(queue.quarantined(rcpts)); } });
const text = pushText('en');

beforeAll(async () => {
  await enableQuarantine(ctx);
  queue.startWorkers();
});
afterAll(async () => { await Promise.all([queue.close(), patient.close()]); await push.close(); });

async function deviceFor(user: string) {
  const client = createTestClient({ ...ctx, app });
  await client.signIn(user);
  const deviceId = `dev${uid()}`;
  await client.api.push.devices[':deviceId'].$put({ param: { deviceId }, json: { ...push.subscription(deviceId), name: 'Phone', locale: 'en' } });
  return deviceId;
}

function postToIngest(rcpt: string, subject: string) {
  const form = new FormData();
  form.set('metadata', JSON.stringify({ qid: `Q${uid()}`, subject, score: 20, rcpt: [rcpt], from: 'x@example.net', action: 'reject' }));
  form.set('message', new Blob([fixture('ham.eml')]));
  return app.request(new Request('http://cowbell.test/ingest/rspamd', { method: 'POST', body: form }), undefined, fromSocket('127.0.0.1'));
}

async function jobStates() {
  const dump = async (q: typeof queue.queues.notify | typeof queue.queues.send) =>
    (await q.getJobs(['failed', 'completed', 'delayed', 'waiting', 'active'])).map((j) => [j.name, j.failedReason, j.returnvalue]);
  return `${JSON.stringify(await dump(queue.queues.notify))} ${JSON.stringify(await dump(queue.queues.send))}`;
}

/** Polls until `check` finds something; on time-out, shows where the jobs got to. */
async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeout = 15_000): Promise<T> {
  try {
    return await vi.waitFor(async () => (await check()) ?? expect.fail('not yet'), { timeout, interval: 20 });
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : e}; jobs: ${await jobStates()}`);
  }
}

/** Every queued notification has run and every push it made has been answered: nothing more will arrive. */
async function settled() {
  await Promise.all(queued);
  const states = ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'] as const;
  const pending = async () => {
    const counts = await Promise.all([queue.queues.notify.getJobCounts(...states), queue.queues.send.getJobCounts(...states)]);
    return counts.flatMap((c) => Object.values(c)).reduce((a, b) => a + b, 0);
  };
  await eventually(async () => (await pending()) === 0 || undefined);
}

describe('push queue', () => {
  it('tells every device of the recipient within seconds of ingest', async () => {
    const w = await seedWorld(ctx);
    const [phone, tablet] = [await deviceFor(w.user), await deviceFor(w.user)];
    const started = Date.now();
    expect((await postToIngest(w.user, 'hello')).status).toBe(200);
    await eventually(() => push.received.find((r) => r.id === phone) && push.received.find((r) => r.id === tablet));
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('announces the first item of a burst at once and gathers the rest into one notification', async () => {
    const w = await seedWorld(ctx);
    const device = await deviceFor(w.user);
    await quarantineItem(ctx, w.user, { subject: 'first' });
    await patient.quarantined([w.user]);
    const first = await eventually(() => push.received.find((r) => r.id === device));
    expect(first.payload.title).toBe(text.one);
    for (let i = 0; i < 4; i++) {
      await quarantineItem(ctx, w.user, { subject: `then ${i}` });
      await patient.quarantined([w.user]);
    }
    const waiting = (await queue.queues.notify.getDelayed()).filter((j) => j.data.rcpt === w.user);
    expect(waiting).toHaveLength(1);
    // Runs the coalesced notification now instead of in a minute.
    await waiting[0].promote();
    await eventually(() => push.received.filter((r) => r.id === device)[1]);
    await settled();
    expect(push.received.filter((r) => r.id === device).map((r) => r.payload.title)).toEqual([text.one, text.many(4)]);
  });

  it('announces a burst posted all at once in at most two notifications, each item once', async () => {
    const w = await seedWorld(ctx);
    const device = await deviceFor(w.user);
    await Promise.all(Array.from({ length: 5 }, (_, i) => postToIngest(w.user, `burst ${i}`)));
    await eventually(() => push.received.find((r) => r.id === device));
    await settled();
    const got = push.received.filter((r) => r.id === device);
    expect(got.length).toBeLessThanOrEqual(2);
    const announced = got.map((r) => (r.payload.title === text.one ? 1 : Number(/^(\d+) /.exec(String(r.payload.title))?.[1])));
    expect(announced.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('loses nothing while the push service is down: retries until it answers', async () => {
    const w = await seedWorld(ctx);
    const device = await deviceFor(w.user);
    push.script(device, [503, 503]);
    await postToIngest(w.user, 'eventually');
    const got = await eventually(() => push.received.find((r) => r.id === device));
    expect(got.payload.kind).toBe('quarantine');
  });
});
