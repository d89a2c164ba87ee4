// Two real Cowbell processes on one MariaDB and Redis, as behind a load balancer without sticky
// sessions: a session made on one works on the other, and quarantined mail is pushed once and
// digested once, whichever Cowbell saw it and however it arrived (rspamd posting to either, or
// mailcow's pipe.php writing rows that both index syncs look for); an expiring alias is announced once.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cowbellQuarantineItems as items } from '../db/schema/cowbell.ts';
import { quarantine } from '../db/schema/quarantine.ts';
import { pushText } from './features/push/push-text.ts';
import { bullConnection, QUEUE_PREFIX } from './jobs/scheduler.ts';
import { keys } from './lib/redis-keys.ts';
import { timeLimitedAlias } from './test/alias-helpers.ts';
import { startCowbell, type CowbellProcess } from './test/cowbell-process.ts';
import { startSmtpSink } from './test/fakes.ts';
import { createHttpClient, seedWorld, uid, useTestApp } from './test/helpers.ts';
import { usePrivateDatabase } from './test/private-database.ts';
import { startPushService, type Received } from './test/push-service.ts';
import { enableQuarantine, fixture, mailcowQuarantines } from './test/quarantine-helpers.ts';

// Its own database and Redis database: the processes' chores (sync, digest, housekeeping) act on
// everything they can see.
const ctx = useTestApp({ DATABASE_URL: usePrivateDatabase() }, 15);
const { db, redis } = ctx.deps;
const connection = bullConnection(ctx.deps.env.REDIS_URL);
const queues = ['push-notify', 'push-send', 'maintenance'].map((name) => new Queue(name, { connection, prefix: QUEUE_PREFIX }));
const [notifyQueue, sendQueue, maintenanceQueue] = queues;
let push: Awaited<ReturnType<typeof startPushService>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const cowbells: CowbellProcess[] = [];
let a: CowbellProcess;
let b: CowbellProcess;

beforeAll(async () => {
  await redis.flushdb();
  await enableQuarantine(ctx);
  [push, sink] = await Promise.all([startPushService(), startSmtpSink()]);
  const env = {
    DATABASE_URL: ctx.deps.env.DATABASE_URL, REDIS_URL: ctx.deps.env.REDIS_URL, HASH_THREADS: '1',
    QUARANTINE_SYNC_MS: '200', QUARANTINE_DIGEST: 'on', RELEASE_SMTP_PORT: String(sink.port), PUSH_LOCAL_SERVICES: 'http://127.0.0.1',
    STATIC_DIR: join(tmpdir(), `cowbell-no-client-${uid()}`),
  };
  const started = await Promise.allSettled([startCowbell(env), startCowbell(env)]);
  for (const s of started) if (s.status === 'fulfilled') cowbells.push(s.value);
  for (const s of started) if (s.status === 'rejected') throw s.reason;
  [a, b] = cowbells;
}, 60_000);

afterAll(async () => {
  await Promise.all(cowbells.map((c) => c.stop()));
  await Promise.all([...queues.map((q) => q.close()), push?.close(), sink?.close()]);
});

async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms = 15_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${cowbells.map((c) => c.output.join('')).join('\n---\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A mailbox with a phone: signed in on A, the device registered through B with the same cookies. */
async function userWithPhone() {
  const w = await seedWorld(ctx);
  const onA = createHttpClient(a.origin);
  expect((await onA.signIn(w.user)).status).toBe(200);
  const onB = createHttpClient(b.origin, { jar: onA.jar });
  const deviceId = `dev${uid()}`;
  const res = await onB.api.push.devices[':deviceId'].$put({ param: { deviceId }, json: { ...push.subscription(deviceId), name: 'Phone', locale: 'en' } });
  expect(res.status).toBe(200);
  return { user: w.user, deviceId };
}

async function rspamdPosts(cowbell: CowbellProcess, rcpt: string, subject: string) {
  const form = new FormData();
  form.set('metadata', JSON.stringify({ qid: `Q${uid()}`, subject, score: 20, rcpt: [rcpt], from: 'x@example.net', action: 'reject' }));
  form.set('message', new Blob([fixture('ham.eml')]));
  const res = await fetch(`${cowbell.origin}/ingest/rspamd`, { method: 'POST', body: form });
  expect(await res.json()).toEqual({ stored: 1 });
}

const text = pushText('en');
/** How many items one notification announces. */
const announced = (r: Received) => (r.payload.title === text.one ? 1 : Number(/^(\d+) /.exec(String(r.payload.title))?.[1]));
const stored = async (rcpts: string[]) => (await db.select({ n: count() }).from(quarantine).where(inArray(quarantine.rcpt, rcpts)))[0].n;

/** Every row of these mailboxes indexed and claimed for a push, and no push job waiting or running. */
async function pushesSettled(rcpts: string[]): Promise<boolean> {
  const [{ n: indexed }] = await db.select({ n: count() }).from(items).where(inArray(items.rcpt, rcpts));
  const [{ n: unclaimed }] = await db.select({ n: count() }).from(items).where(and(inArray(items.rcpt, rcpts), isNull(items.pushedAt)));
  const busy = await Promise.all([notifyQueue, sendQueue].map(async (q) =>
    Object.values(await q.getJobCounts('wait', 'delayed', 'active', 'prioritized')).reduce((s, n) => s + n, 0)));
  return indexed === await stored(rcpts) && unclaimed === 0 && busy.every((n) => n === 0);
}

describe('several Cowbells on one database and Redis', () => {
  it('share sessions: signed in on one, known to the other, and signed out everywhere', async () => {
    const w = await seedWorld(ctx);
    const onA = createHttpClient(a.origin);
    expect((await onA.signIn(w.user)).status).toBe(200);
    const cookies = new Map(onA.jar);
    const onB = createHttpClient(b.origin, { jar: onA.jar });
    expect(await (await onB.api.session.$get()).json()).toMatchObject({ session: { username: w.user, role: 'user' } });
    expect((await onB.api.session.$delete()).status).toBe(204);
    expect(await (await createHttpClient(a.origin, { jar: cookies }).api.session.$get()).json()).toEqual({ session: null });
  });

  it('push each quarantined item exactly once, whichever Cowbell saw it and however it arrived', { timeout: 30_000 }, async () => {
    const phones = await Promise.all([userWithPhone(), userWithPhone(), userWithPhone()]);
    // All at once: rspamd posting to A and to B, and mailcow's pipe.php writing rows itself.
    await Promise.all(Array.from({ length: 18 }, (_, i) => {
      const { user } = phones[i % 3];
      const way = Math.floor(i / 3) % 3;
      return way === 2 ? mailcowQuarantines(db, user, `direct ${i}`) : rspamdPosts(way === 0 ? a : b, user, `posted ${i}`);
    }));
    // More notify jobs per mailbox than bursts make, due at once, for the workers of both processes to
    // race over before the coalesced ones run.
    await notifyQueue.addBulk(phones.flatMap(({ user }) => Array.from({ length: 4 }, () => ({ name: 'notify', data: { rcpt: user, claim: randomUUID() } }))));
    await waitFor('every item claimed and every push sent', () => pushesSettled(phones.map((p) => p.user)));
    for (const { user, deviceId } of phones) {
      const got = push.received.filter((r) => r.id === deviceId);
      expect(got.every((r) => r.signatureValid && r.payload.kind === 'quarantine' && announced(r) >= 1)).toBe(true);
      expect(got.reduce((n, r) => n + announced(r), 0)).toBe(await stored([user]));
    }
    expect(await stored(phones.map((p) => p.user))).toBe(18);
  });

  it('send each mailbox one digest when both Cowbells run the digest at the same time', { timeout: 30_000 }, async () => {
    const users = [(await seedWorld(ctx)).user, (await seedWorld(ctx)).user];
    for (const user of users) for (let i = 0; i < 3; i++) await mailcowQuarantines(db, user, `digest ${i}`);
    // A slow relay keeps both runs in flight together; each worker (one per process) takes one job.
    sink.state.delayMs = 300;
    try {
      const jobs = await Promise.all([maintenanceQueue.add('quarantine-digest', {}), maintenanceQueue.add('quarantine-digest', {})]);
      await waitFor('both digest jobs', async () => (await Promise.all(jobs.map((j) => j.getState()))).every((s) => s === 'completed' || s === 'failed'));
      expect(await Promise.all(jobs.map((j) => j.getState()))).toEqual(['completed', 'completed']);
    } finally {
      sink.state.delayMs = 0;
    }
    for (const user of users) {
      const mails = sink.messages.filter((m) => m.to.includes(user));
      expect(mails).toHaveLength(1);
      expect(mails[0].raw).toContain('digest 2');
    }
    const notified = await db.select({ notified: quarantine.notified }).from(quarantine).where(inArray(quarantine.rcpt, users));
    expect(notified.map((r) => r.notified)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('announce each expiring alias once when both Cowbells run the reminder round at the same time', { timeout: 30_000 }, async () => {
    const { user, deviceId } = await userWithPhone();
    const onB = createHttpClient(b.origin);
    expect((await onB.signIn(user)).status).toBe(200);
    expect(await (await onB.api['alias-reminders'].$put({ json: { enabled: true } })).json()).toEqual({ enabled: true });
    const aliases = await Promise.all(Array.from({ length: 5 }, () => timeLimitedAlias(ctx, user, { expiresIn: 6 * 3600 })));
    const jobs = await Promise.all([maintenanceQueue.add('alias-reminders', {}), maintenanceQueue.add('alias-reminders', {})]);
    await waitFor('both reminder rounds', async () => (await Promise.all(jobs.map((j) => j.getState()))).every((s) => s === 'completed' || s === 'failed'));
    expect(await Promise.all(jobs.map((j) => j.getState()))).toEqual(['completed', 'completed']);
    await waitFor('every reminder pushed', () => push.received.filter((r) => r.id === deviceId).length >= aliases.length);
    await waitFor('no push job left', () => pushesSettled([user]));
    const got = push.received.filter((r) => r.id === deviceId);
    expect(got.every((r) => r.signatureValid && r.payload.kind === 'alias_expiry')).toBe(true);
    expect(got.map((r) => r.payload.tag).sort()).toEqual(aliases.map((x) => `cowbell-alias-${x.address}`).sort());
  });

  it('go on with one Cowbell when the other dies, even while the dead one held the sync lock', { timeout: 30_000 }, async () => {
    const { user, deviceId } = await userWithPhone();
    await a.stop('SIGKILL');
    // As if A died mid-round: its lock stays behind until it runs out.
    await redis.set(keys.quarantineSyncLock, 'the-cowbell-that-died', 'PX', 1500);
    const id = await mailcowQuarantines(db, user, 'after the crash');
    await waitFor('the push from the surviving Cowbell', () => push.received.some((r) => r.id === deviceId));
    expect(push.received.filter((r) => r.id === deviceId).map((r) => r.payload.url)).toEqual([`/quarantine/${id}`]);
    const [row] = await db.select({ pushedAt: items.pushedAt }).from(items).where(eq(items.id, id));
    expect(row.pushedAt).not.toBeNull();
  });
});
