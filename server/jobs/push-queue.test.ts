// The whole path in one process: rspamd's hand-off → ingest → queue → push service, within seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { startPushService } from '../test/push-service.ts';
import { createTestClient, fromSocket, seedWorld, uid, useTestApp } from '../test/helpers.ts';
import { enableQuarantine, fixture } from '../test/quarantine-helpers.ts';
import { createPushQueue } from './push-queue.ts';

const push = await startPushService();
const ctx = useTestApp({ TRUST_PROXY: '1' }, 11);
const queue = createPushQueue(ctx.deps);
const app = createApp(ctx.deps, { onQuarantined: (rcpts) => void queue.quarantined(rcpts) });

beforeAll(async () => {
  await enableQuarantine(ctx);
  queue.startWorkers();
});
afterAll(async () => { await queue.close(); await push.close(); });

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

const waitFor = async <T>(check: () => T | undefined, ms = 15_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) {
      const dump = async (q: typeof queue.queues.notify | typeof queue.queues.send) =>
        (await q.getJobs(['failed', 'completed', 'delayed', 'waiting', 'active'])).map((j) => [j.name, j.failedReason, j.returnvalue]);
      throw new Error(`timed out: ${JSON.stringify(await dump(queue.queues.notify))} ${JSON.stringify(await dump(queue.queues.send))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('push queue', () => {
  it('tells every device of the recipient within seconds of ingest', async () => {
    const w = await seedWorld(ctx);
    const [phone, tablet] = [await deviceFor(w.user), await deviceFor(w.user)];
    const started = Date.now();
    expect((await postToIngest(w.user, 'hello')).status).toBe(200);
    await waitFor(() => push.received.find((r) => r.id === phone) && push.received.find((r) => r.id === tablet));
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('coalesces a burst into one notification', async () => {
    const w = await seedWorld(ctx);
    const device = await deviceFor(w.user);
    await Promise.all(Array.from({ length: 5 }, (_, i) => postToIngest(w.user, `burst ${i}`)));
    const got = await waitFor(() => push.received.find((r) => r.id === device));
    await new Promise((r) => setTimeout(r, 1500));
    expect(push.received.filter((r) => r.id === device)).toHaveLength(1);
    expect(got.payload.title).toBe('5 messages were quarantined');
  });

  it('loses nothing while the push service is down: retries until it answers', async () => {
    const w = await seedWorld(ctx);
    const device = await deviceFor(w.user);
    push.script(device, [503, 503]);
    await postToIngest(w.user, 'eventually');
    const got = await waitFor(() => push.received.find((r) => r.id === device), 20_000);
    expect(got.payload.kind).toBe('quarantine');
  });
});
