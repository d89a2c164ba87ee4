// Quarantine figures: ingest throughput, ingest-to-push latency, list speed and the index sync round
// at a million rows.
import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.ts';
import { cowbellPushSubscriptions } from '../db/schema/cowbell.ts';
import { followDeletions } from '../server/features/quarantine/index-deletions.ts';
import { pruneIndex, syncQuarantineIndex } from '../server/features/quarantine/quarantine-index.ts';
import { bullConnection, QUEUE_PREFIX } from '../server/jobs/scheduler.ts';
import { startPushService } from '../server/test/push-service.ts';

const MESSAGE = readFileSync(new URL('../server/test/fixtures/mail/ham.eml', import.meta.url));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function post(origin: string, rcpt: string, n: number): Promise<Response> {
  const form = new FormData();
  form.set('metadata', JSON.stringify({ qid: `BENCH${n}`, subject: `bench ${n}`, score: 20, rcpt: [rcpt], from: 'bench@spam.example', action: 'reject' }));
  form.set('message', new Blob([MESSAGE]));
  return fetch(`${origin}/ingest/rspamd`, { method: 'POST', body: form });
}

/** Messages per second through the whole ingest path (parse, resolve, store, index, queue). */
export async function ingestThroughput(origin: string, rcpts: string[], total: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const n = next++;
      const res = await post(origin, rcpts[n % rcpts.length], n);
      if (!res.ok) throw new Error(`ingest answered ${res.status}`);
    }
  }));
  return total / ((performance.now() - started) / 1000);
}

const pushQueues = (redisUrl: string) =>
  ['push-notify', 'push-send'].map((name) => new Queue(name, { connection: bullConnection(redisUrl), prefix: QUEUE_PREFIX }));

/** Push jobs, waiting, retrying (towards a long-gone push service) or done, go. */
export async function forgetPushJobs(redisUrl: string): Promise<void> {
  const queues = pushQueues(redisUrl);
  await Promise.all(queues.map((q) => q.obliterate({ force: true })));
  await Promise.all(queues.map((q) => q.close()));
}

/** Devices and push jobs left by an earlier run go. */
export async function forgetPushes(db: Db, redisUrl: string): Promise<void> {
  await db.delete(cowbellPushSubscriptions);
  await forgetPushJobs(redisUrl);
}

/** Until no push job waits, is delayed or runs: what a figure queued is done with. */
export async function pushQueuesIdle(redisUrl: string): Promise<void> {
  const queues = pushQueues(redisUrl);
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('wait', 'delayed', 'active', 'prioritized')));
      if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
      if (Date.now() > deadline) throw new Error(`push queues still busy: ${JSON.stringify(counts)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

/**
 * Time from posting a message to its push arriving at a (local, decrypting) push service. Each
 * message goes to a different mailbox, so it is the first of its burst; the pushes of earlier figures
 * are done with first, and the window they opened has passed.
 */
export async function ingestToPush(db: Db, redisUrl: string, origin: string, rcpts: string[], perSecond: number, windowMs: number): Promise<{ p50: number; p99: number }> {
  await pushQueuesIdle(redisUrl);
  await new Promise((r) => setTimeout(r, windowMs + 200));
  const push = await startPushService();
  try {
    for (const rcpt of rcpts) {
      const s = push.subscription(rcpt);
      await db.insert(cowbellPushSubscriptions).values({ username: rcpt, deviceId: `bench-${rcpts.indexOf(rcpt)}`, name: 'bench',
        endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth });
    }
    await db.execute(sql`UPDATE cowbell_quarantine_items SET pushed_at = created WHERE pushed_at IS NULL`);
    const sentAt = new Map<string, number>();
    for (const [n, rcpt] of rcpts.entries()) {
      sentAt.set(rcpt, Date.now());
      await post(origin, rcpt, 1_000_000 + n);
      await new Promise((r) => setTimeout(r, 1000 / perSecond));
    }
    // The push service stamps each arrival itself, so the figure does not depend on when we look.
    const deadline = Date.now() + 60_000;
    const arrivals = () => push.received.filter((r) => r.at >= sentAt.get(r.id)!);
    while (new Set(arrivals().map((r) => r.id)).size < rcpts.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const arrivedAt = new Map<string, number>();
    for (const r of arrivals()) if (!arrivedAt.has(r.id)) arrivedAt.set(r.id, r.at);
    const latencies = rcpts.filter((r) => arrivedAt.has(r)).map((r) => arrivedAt.get(r)! - sentAt.get(r)!).sort((a, b) => a - b);
    if (latencies.length < rcpts.length) throw new Error(`only ${latencies.length} of ${rcpts.length} pushes arrived`);
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    await push.close();
  }
}

/**
 * One index sync round as every Cowbell runs it each QUARANTINE_SYNC_MS (new rows, then mailcow's
 * deletions in bounded windows), against the full prune over the whole index that it spares waiting for.
 */
export async function syncRound(db: Db, redis: Redis, rounds: number): Promise<{ p50: number; p99: number; fullPrune: number }> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await syncQuarantineIndex(db);
    await followDeletions(db, redis);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const started = performance.now();
  await pruneIndex(db);
  return { p50: percentile(times, 50), p99: percentile(times, 99), fullPrune: performance.now() - started };
}
