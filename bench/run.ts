// `npm run bench`: figures for the foundation, each next to a baseline measured in the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { createDb } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { eq } from 'drizzle-orm';
import { domain } from '../db/schema/mail.ts';
import { insertDomain, insertMailbox } from '../server/lib/mailcow/provision.ts';
import { createPasswordHasher } from '../server/lib/passwords/passwords.ts';
import { load, rssMiB, signInPageBytes } from './measure.ts';
import { ingestThroughput, ingestToPush, syncRound } from './quarantine.ts';
import { BENCH_ROWS, seedMillion } from './seed-quarantine.ts';

const APP_PORT = 8095;
const BARE_PORT = 8096;
const PK_PORT = 8097;
const DOMAIN = 'bench.test';
const PUSH_USERS = 100;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;
const children: ChildProcess[] = [];

function start(file: string, port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

async function waitUp(url: string) {
  for (let i = 0; i < 200; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

/** The bench mailboxes (user0 signs in) and a million quarantine rows, kept between runs. */
async function seed(): Promise<{ username: string; password: string; rcpts: string[] }> {
  const { db, pool } = createDb(process.env.DATABASE_URL!, 2);
  const hasher = createPasswordHasher(1);
  await migrateDatabase(db, 'standalone');
  const password = 'bench-password';
  const rcpts = Array.from({ length: PUSH_USERS }, (_, i) => `user${i}@${DOMAIN}`);
  const [existing] = await db.select().from(domain).where(eq(domain.domain, DOMAIN));
  if (!existing) {
    await insertDomain(db, DOMAIN);
    const hash = await hasher.hash(password);
    for (let i = 0; i < PUSH_USERS; i++) await insertMailbox(db, { localPart: `user${i}`, domain: DOMAIN, passwordHash: hash });
  }
  const started = performance.now();
  await seedMillion(db, DOMAIN);
  console.log(`quarantine table ready with ${BENCH_ROWS.toLocaleString('en')} rows (${Math.round((performance.now() - started) / 1000)} s)`);
  await Promise.all([pool.end(), hasher.close()]);
  return { username: rcpts[0], password, rcpts };
}

async function signIn(origin: string, username: string, password: string): Promise<string> {
  const first = await fetch(`${origin}/api/session`);
  const csrf = first.headers.getSetCookie().find((c) => c.startsWith('cowbell_csrf='))!.split(';')[0];
  const res = await fetch(`${origin}/api/session`, { method: 'POST', body: JSON.stringify({ username, password }),
    headers: { 'content-type': 'application/json', cookie: csrf, 'x-csrf-token': csrf.split('=')[1] } });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

const fmt = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d });

try {
  const user = await seed();
  const redis = new Redis(process.env.REDIS_URL!);
  await redis.mset({ Q_MAX_SIZE: '2', Q_RETENTION_SIZE: '100000' });
  await redis.quit();
  const app = start('server/index.ts', APP_PORT, { STATIC_DIR: 'dist', SIGNIN_MAX_FAILURES_PER_IP: '100000', QUARANTINE_DIGEST: 'off',
    // The bench's push service listens on a port the OS picks, on loopback.
    PUSH_LOCAL_SERVICES: 'http://127.0.0.1' });
  start('bench/bare-server.ts', BARE_PORT);
  start('bench/pk-server.ts', PK_PORT, { BENCH_MAX_ID: String(BENCH_ROWS) });
  const origin = `http://127.0.0.1:${APP_PORT}`;
  await Promise.all([waitUp(`${origin}/api/health`), waitUp(`http://127.0.0.1:${BARE_PORT}/bare`), waitUp(`http://127.0.0.1:${PK_PORT}/pk`)]);

  const bytes = await signInPageBytes(origin);
  const cookie = await signIn(origin, user.username, user.password);
  // Warm both servers so JIT and pools are comparable, then measure the baseline first.
  await load(`http://127.0.0.1:${BARE_PORT}/bare`, {}, 2, CONNECTIONS);
  await load(`${origin}/api/session`, { cookie }, 2, CONNECTIONS);
  const bare = await load(`http://127.0.0.1:${BARE_PORT}/bare`, {}, SECONDS, CONNECTIONS);
  const session = await load(`${origin}/api/session`, { cookie }, SECONDS, CONNECTIONS);
  const rss = rssMiB(app.pid!);
  await load(`http://127.0.0.1:${PK_PORT}/pk`, {}, 2, CONNECTIONS);
  await load(`${origin}/api/quarantine?limit=30`, { cookie }, 2, CONNECTIONS);
  const pk = await load(`http://127.0.0.1:${PK_PORT}/pk`, {}, SECONDS, CONNECTIONS);
  const list = await load(`${origin}/api/quarantine?limit=30`, { cookie }, SECONDS, CONNECTIONS);
  const { db: benchDb, pool: benchPool } = createDb(process.env.DATABASE_URL!, 2);
  const ingestRate = await ingestThroughput(origin, user.rcpts, 600, 8);
  const latency = await ingestToPush(benchDb, origin, user.rcpts, 20);
  const benchRedis = new Redis(process.env.REDIS_URL!);
  const sync = await syncRound(benchDb, benchRedis, 50);
  await Promise.all([benchPool.end(), benchRedis.quit()]);

  console.log(`\nCowbell bench (${SECONDS}s per load, ${CONNECTIONS} connections, loopback)\n`);
  console.log(`sign-in page JS+CSS, gzipped   ${fmt(bytes / 1024, 1)} KiB  (budget 75 KiB: ${fmt((bytes / (75 * 1024)) * 100)}%)`);
  console.log(`bare Hono route                ${fmt(bare.requestsPerSecond)} req/s  p99 ${bare.p99Ms} ms`);
  console.log(`GET /api/session (signed in)   ${fmt(session.requestsPerSecond)} req/s  p99 ${session.p99Ms} ms  errors ${session.errors + session.non2xx}`);
  console.log(`ratio session / bare           ${fmt(session.requestsPerSecond / bare.requestsPerSecond, 2)}x throughput, ${fmt(session.p99Ms / Math.max(1, bare.p99Ms), 2)}x p99`);
  console.log(`server RSS after load          ${rss} MiB`);
  console.log(`\nquarantine with ${BENCH_ROWS.toLocaleString('en')} rows`);
  console.log(`primary-key lookup (baseline)  ${fmt(pk.requestsPerSecond)} req/s  p99 ${pk.p99Ms} ms`);
  console.log(`GET /api/quarantine, one user  ${fmt(list.requestsPerSecond)} req/s  p99 ${list.p99Ms} ms  errors ${list.errors + list.non2xx}`);
  console.log(`ratio list / pk lookup         ${fmt(list.requestsPerSecond / pk.requestsPerSecond, 2)}x throughput, ${fmt(list.p99Ms / Math.max(1, pk.p99Ms), 2)}x p99`);
  console.log(`ingest throughput              ${fmt(ingestRate)} messages/s (multipart, 8 concurrent)`);
  console.log(`ingest → push received         p50 ${fmt(latency.p50)} ms  p99 ${fmt(latency.p99)} ms (${PUSH_USERS} mailboxes, 20 msg/s; includes the 1 s coalescing window)`);
  console.log(`index sync round (new+deleted) p50 ${fmt(sync.p50, 1)} ms  p99 ${fmt(sync.p99, 1)} ms; full prune (baseline) ${fmt(sync.fullPrune)} ms: ${fmt(sync.fullPrune / sync.p50)}x`);
} finally {
  for (const c of children) c.kill('SIGTERM');
}
