// New-mail push figures (issue 12). Latency: a Dovecot delivery event posted to /ingest/dovecot until
// its push arrives at the local decrypting push service, at a steady rate, each event for another
// mailbox; the baseline is the same push sent directly (sendPush from this process) at the same rate,
// so the ratio is what Cowbell's path adds (the ingest's look-ups and rules, the queue, deliver's
// rows). Throughput: events per second taken when a few clients post as fast as they can, pushes per
// second delivered until the queue is empty, and events per second dropped (an unknown address).
import { Agent, request } from 'node:http';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.ts';
import { NEW_MAIL_INGEST_PATH } from '../server/features/new-mail-push/new-mail.schema.ts';
import { NEW_MAIL_TAG } from '../server/features/new-mail-push/notification.ts';
import { defaultSettings } from '../server/features/new-mail-push/settings.store.ts';
import { sendPush, type Target } from '../server/features/push/sender.ts';
import { vapidKeys } from '../server/features/push/vapid.ts';
import { parseLocalServices } from '../server/lib/outbound.ts';
import { keys } from '../server/lib/redis-keys.ts';
import { startPushService } from '../server/test/push-service.ts';
import { paced, percentile } from './measure.ts';
import { ensureMailboxes, forgetNewMail, NEW_MAIL_DOMAIN, rememberInboxes, subscribeDevices, writeSettingsRows, type PushService } from './new-mail-setup.ts';
import { pushQueuesIdle } from './quarantine.ts';

const NEW_MAIL_SECRET = 'new-mail-bench-secret-0123456789';
/** What the bench's server needs for these figures: the secret, and the push service on loopback (on a port the OS picks). */
export const NEW_MAIL_SERVER_ENV = { NEW_MAIL_SECRET, PUSH_LOCAL_SERVICES: 'http://127.0.0.1' };
const MAILBOXES = 200;
export const NEW_MAIL_RATE = 50;
export const NEW_MAIL_CLIENTS = 8;
/** With no settings row (10 pushes in 10 minutes): no mailbox gets more events than that in the latency figure. */
const DEFAULT_CAP = defaultSettings().cap;
/** The throughput figure's settings rows: the highest cap the settings allow, in the shortest window. */
const THROUGHPUT_CAP = { count: 100, minutes: 1 };
const WARM_SECONDS = 1;

interface Spread { p50: number; p99: number }
export interface NewMailFigures {
  mailboxes: number;
  events: number;
  direct: Spread;
  arrival: Spread;
  answer: Spread;
  accepted: { perSecond: number; events: number };
  delivered: { perSecond: number; drainMs: number };
  dropped: { perSecond: number };
}

const spread = (values: number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Dovecot's uidvalidity for the bench's Inbox (the seen-message marks of an earlier run are gone before a run). */
const UIDVALIDITY = 1796095526;
/** Markers (the events' unseen counts, so the pushes' badges) per phase: above any burst's count, so the badge is the marker. */
const MARKERS = { ingest: 1_000, direct: 1_000_000, throughput: 2_000_000 };

/** Dovecot's event for one delivery to the Inbox; `unseen` marks it, and comes back as the push's badge. */
const deliveryEvent = (user: string, uid: number, unseen: number) => JSON.stringify({
  event: 'MessageNew', user, folder: 'INBOX', uid, uidvalidity: UIDVALIDITY, messageId: `<bench-${uid}@example.org>`,
  from: 'Bench Sender <sender@example.org>', subject: 'Bench', flags: [], keywords: [], unseen });

/** Posts events to the ingest as Dovecot does, on kept-alive connections; resolves with the status. */
function ingest(origin: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const url = `${origin}${NEW_MAIL_INGEST_PATH}`;
  const post = (body: string) => new Promise<number>((resolve, reject) => {
    request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
      authorization: `Bearer ${NEW_MAIL_SECRET}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    }).on('error', reject).end(body);
  });
  return { post, close: () => agent.destroy() };
}

/** How long each marked push took from when it was due (Date.now()) to its arrival; throws if some never came. */
async function arrivals(push: PushService, from: number, due: Map<number, number>): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  const firstArrival = () => {
    const at = new Map<number, number>();
    for (const r of push.received.slice(from)) {
      const marker = r.payload.badge as number;
      if (due.has(marker) && !at.has(marker)) at.set(marker, r.at);
    }
    return at;
  };
  while (firstArrival().size < due.size && Date.now() < deadline) await sleep(50);
  const at = firstArrival();
  if (at.size < due.size) throw new Error(`only ${at.size} of ${due.size} pushes arrived`);
  return [...at].map(([marker, t]) => t - due.get(marker)!);
}

/**
 * `total` sends at `perSecond`, each marked; resolves with each push's time to arrival and each
 * send's time to its answer, both counted from when it was due.
 */
async function steady(push: PushService, total: number, perSecond: number, firstMarker: number, send: (marker: number) => Promise<void>) {
  const from = push.received.length;
  const due = new Map<number, number>();
  const answers: number[] = [];
  // The push service stamps arrivals with Date.now(); due times are on performance.now()'s clock.
  const clock = Date.now() - performance.now();
  await paced(total, perSecond, async (n, dueAt) => {
    due.set(firstMarker + n, dueAt + clock);
    await send(firstMarker + n);
    answers.push(performance.now() - dueAt);
  });
  return { arrival: spread(await arrivals(push, from, due)), answer: spread(answers) };
}

/** `clients` post back to back until `seconds` have passed or `limit` events were sent; resolves with the events answered 204 and the seconds taken. */
async function asFastAsPossible(post: (n: number) => Promise<number>, clients: number, seconds: number, limit: number) {
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end && next < limit) {
      const status = await post(next++);
      if (status !== 204) throw new Error(`the ingest answered ${status}`);
      accepted++;
    }
  }));
  return { accepted, seconds: (performance.now() - started) / 1000 };
}

type Post = (body: string) => Promise<number>;

async function latencyFigure(db: Db, push: PushService, devices: Target[], users: string[], post: Post, seconds: number) {
  const total = Math.round(seconds * NEW_MAIL_RATE);
  const warm = WARM_SECONDS * NEW_MAIL_RATE;
  const perMailbox = Math.ceil((warm + total) / users.length);
  if (perMailbox > DEFAULT_CAP.count) throw new Error(`${perMailbox} events a mailbox would meet the cap: more mailboxes, or fewer seconds`);
  const opts = { vapid: await vapidKeys(db), subject: `mailto:postmaster@${NEW_MAIL_DOMAIN}`,
    localServices: parseLocalServices(NEW_MAIL_SERVER_ENV.PUSH_LOCAL_SERVICES) };
  const direct = async (marker: number) => {
    const payload = { kind: 'new_mail', title: 'New mail', body: '', url: '/', badge: marker, tag: NEW_MAIL_TAG,
      actions: [{ action: 'mute_sender', title: 'Mute sender', token: 'x'.repeat(32) }] };
    const { outcome } = await sendPush(devices[marker % devices.length], payload, opts);
    if (outcome !== 'sent') throw new Error(`the direct push was ${outcome}`);
  };
  // Consecutive markers are consecutive mailboxes: a mailbox's next event comes a round of all the mailboxes later.
  const viaCowbell = async (marker: number) => {
    const status = await post(deliveryEvent(users[marker % users.length], marker, marker));
    if (status !== 204) throw new Error(`the ingest answered ${status}`);
  };
  await steady(push, warm, NEW_MAIL_RATE, MARKERS.direct, direct);
  await steady(push, warm, NEW_MAIL_RATE, MARKERS.ingest, viaCowbell);
  const baseline = await steady(push, total, NEW_MAIL_RATE, MARKERS.direct + warm, direct);
  const cowbell = await steady(push, total, NEW_MAIL_RATE, MARKERS.ingest + warm, viaCowbell);
  return { events: total, perMailbox, direct: baseline.arrival, arrival: cowbell.arrival, answer: cowbell.answer };
}

/** Events taken as fast as the clients post, then pushes delivered until the queue is empty. */
async function throughputFigure(db: Db, redisUrl: string, push: PushService, users: string[], post: Post, seconds: number, perMailboxBefore: number) {
  await writeSettingsRows(db, users, { cap: THROUGHPUT_CAP });
  const from = push.received.length;
  const started = Date.now();
  const taken = await asFastAsPossible((n) => post(deliveryEvent(users[n % users.length], MARKERS.throughput + n, MARKERS.throughput + n)),
    NEW_MAIL_CLIENTS, seconds, users.length * (THROUGHPUT_CAP.count - perMailboxBefore));
  const lastTaken = Date.now();
  await pushQueuesIdle(redisUrl);
  const deadline = Date.now() + 60_000;
  while (push.received.length - from < taken.accepted && Date.now() < deadline) await sleep(50);
  const got = push.received.slice(from);
  if (got.length !== taken.accepted) throw new Error(`${taken.accepted} events taken, ${got.length} pushes arrived`);
  const lastArrival = Math.max(...got.map((r) => r.at));
  return { accepted: { perSecond: taken.accepted / taken.seconds, events: taken.accepted },
    delivered: { perSecond: got.length / ((lastArrival - started) / 1000), drainMs: Math.max(0, lastArrival - lastTaken) } };
}

/**
 * Both figures against the bench's server (started with NEW_MAIL_SERVER_ENV), after the push jobs
 * of earlier figures are done; what they made is removed after them, the drop counter set back.
 */
export async function newMailFigures(db: Db, redis: Redis, redisUrl: string, origin: string, seconds: number): Promise<NewMailFigures> {
  const users = await ensureMailboxes(db, MAILBOXES);
  await pushQueuesIdle(redisUrl);
  await forgetNewMail(db, redis, redisUrl);
  const droppedBefore = await redis.hget(keys.newMailDropped, 'unknown_mailbox');
  const push = await startPushService();
  const events = ingest(origin);
  try {
    const devices = await subscribeDevices(db, push, users);
    await rememberInboxes(db, users);
    const latency = await latencyFigure(db, push, devices, users, events.post, seconds);
    const throughput = await throughputFigure(db, redisUrl, push, users, events.post, seconds, latency.perMailbox);
    const drops = await asFastAsPossible((n) => events.post(deliveryEvent(`nobody${n}@${NEW_MAIL_DOMAIN}`, n + 1, 1)),
      NEW_MAIL_CLIENTS, Math.min(seconds, 3), Infinity);
    return { mailboxes: users.length, ...latency, ...throughput, dropped: { perSecond: drops.accepted / drops.seconds } };
  } finally {
    events.close();
    await push.close();
    await forgetNewMail(db, redis, redisUrl);
    if (droppedBefore === null) await redis.hdel(keys.newMailDropped, 'unknown_mailbox');
    else await redis.hset(keys.newMailDropped, 'unknown_mailbox', droppedBefore);
  }
}

const fmt = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d });

export function printNewMailFigures(f: NewMailFigures, seconds: number) {
  const line = (label: string, s: Spread, note: string) => console.log(`${label.padEnd(33)}p50 ${fmt(s.p50)} ms  p99 ${fmt(s.p99)} ms  ${note}`);
  console.log(`\nnew-mail push, Dovecot event → push at the local push service (${f.mailboxes} mailboxes, one device each, default settings)`);
  line('the same push, direct (baseline)', f.direct, `(sendPush from the bench, ${NEW_MAIL_RATE}/s for ${seconds} s)`);
  line('event → push received', f.arrival, `(${NEW_MAIL_RATE} events/s, ${fmt(f.events)} events, each for the next mailbox; `
    + `goal p99 ≤ 100 ms: ${f.arrival.p99 <= 100 ? 'ok' : 'OVER'})`);
  line('  the ingest\'s 204', f.answer, '(Dovecot\'s delivery waits for it)');
  console.log(`${'ratio event → push / direct'.padEnd(33)}${fmt(f.arrival.p50 / Math.max(1, f.direct.p50), 1)}x p50, `
    + `${fmt(f.arrival.p99 / Math.max(1, f.direct.p99), 1)}x p99`);
  console.log(`${`events taken, ${NEW_MAIL_CLIENTS} clients`.padEnd(33)}${fmt(f.accepted.perSecond)} events/s  `
    + `(${fmt(f.accepted.events)} in ${seconds} s at most, each one push; cap ${THROUGHPUT_CAP.count} a minute in settings rows; `
    + `the steady ${NEW_MAIL_RATE}/s above is ${fmt((NEW_MAIL_RATE / f.accepted.perSecond) * 100)}% of it)`);
  console.log(`${'pushes delivered until drained'.padEnd(33)}${fmt(f.delivered.perSecond)} pushes/s  `
    + `(from the first event to the last push; the last came ${fmt(f.delivered.drainMs)} ms after the last event was taken)`);
  console.log(`${'events dropped (unknown address)'.padEnd(33)}${fmt(f.dropped.perSecond)} events/s  (${NEW_MAIL_CLIENTS} clients: what a drop costs)`);
}
