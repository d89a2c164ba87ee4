// `npm run bench`: figures for the foundation, each next to a baseline measured in the same run or a goal.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { desc, eq } from 'drizzle-orm';
import { createDb } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { admin } from '../db/schema/access.ts';
import { cowbellQuarantineItems as items } from '../db/schema/cowbell.ts';
import { domain } from '../db/schema/mail.ts';
import { PUSH_TIMING } from '../server/jobs/push-queue.ts';
import { insertAdmin, insertDomain, insertMailbox } from '../server/lib/mailcow/provision.ts';
import { createPasswordHasher } from '../server/lib/passwords/passwords.ts';
import { bitwardenSimpleLogin, creations, forgetAliases, makeAliasToken, prepareAliasUser } from './alias-api.ts';
import { fixedRate, load, rssMiB } from './measure.ts';
import { forgetPushes, forgetPushJobs, ingestThroughput, ingestToPush, syncRound } from './quarantine.ts';
import { BENCH_ROWS, seedMillion } from './seed-quarantine.ts';
import { tapToClipboard } from './new-alias-tap.ts';
import { importBench } from './mailbox-import.ts';
import { adminMailboxFigures, printAdminFigures, seedAdminMailboxes } from './admin-mailboxes.ts';
import { measureWireBytes, type RouteBytes } from './wire-bytes.ts';
import { apiKeyFigures, printApiKeyFigures } from './api-keys.ts';
import { apiV1Figures, printApiV1Figures, seedApiV1 } from './api-v1.ts';
import { NEW_MAIL_SERVER_ENV, newMailFigures, printNewMailFigures } from './new-mail.ts';

const DOMAIN = 'bench.test';
const ADMIN = 'bench-admin';
const PUSH_USERS = 100;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;
const LIST_RATE = 500;
/** Admins are few: the admin list is measured at the rate of a busy admin team clicking through it. */
const ADMIN_LIST_RATE = 10;
/**
 * BENCH_ONLY=admin-mailboxes: only the admin list's figures (the whole run takes minutes on shared cores); =api-keys: the key
 * check's; =api-v1: mailcow's API's; =new-mail: new-mail push's.
 */
const ONLY = process.env.BENCH_ONLY;
const SIGN_IN_BUDGET = 75 * 1024;
const ROUTE_CHUNK_BUDGET = 30 * 1024;
const ALIAS_CREATIONS = 500;
const ALIAS_CLIENTS = 8;
const TAPS = 20;
const IMPORT_DRY_ROWS = 10_000;
/** Each row costs a bcrypt hash at cost 10 (tens of ms per core): enough rows for a steady rate. */
const IMPORT_COMMIT_ROWS = 300;
const children: ChildProcess[] = [];
/** Node's flags for the server, as `npm run serve` starts it (package.json is where they are written). */
const SERVE_SCRIPT: string = JSON.parse(readFileSync('package.json', 'utf8')).scripts.serve;
const SERVER_FLAGS: string[] = SERVE_SCRIPT.match(/--[\w-]+=\S+/g) ?? [];
/** The environment it sets before `node` (MALLOC_ARENA_MAX). */
const SERVER_ENV = Object.fromEntries([...SERVE_SCRIPT.matchAll(/(?:^|&& )([A-Z_]+)=(\S+) node /g)].map((m) => [m[1], m[2]]));

/** What bench/memory-probe.mjs prints (bytes). */
interface MemoryReport {
  rss: number; heapUsed: number; heapTotal: number; code: number; external: number; arrayBuffers: number;
  threads: number; loaded: string[];
  /** heapUsed after a full collection (the server runs with --expose-gc for this). */
  live: number;
}

interface Server { child: ChildProcess; origin: string; lines: (prefix: string) => Promise<string> }

/** Starts a server on a port the OS picks (TypeScript through tsx, a built .mjs as it is); resolves once it names its address on stdout. */
function start(file: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Server> {
  const child = spawn(process.execPath, [...nodeArgs, ...(file.endsWith('.ts') ? ['--import', 'tsx'] : []), file], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const waiting: { prefix: string; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const i = waiting.findIndex((w) => line.includes(w.prefix));
    if (i >= 0) waiting.splice(i, 1)[0].resolve(line);
  });
  const lines = (prefix: string) => new Promise<string>((resolve) => waiting.push({ prefix, resolve }));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before listening`)));
    void lines('listening on http://').then((line) => resolve({ child, lines, origin: /http:\/\/[\d.]+:\d+/.exec(line)![0] }));
  });
}

/**
 * The bench mailboxes (user0 signs in and may make time-limited aliases), an admin and a million
 * quarantine rows, kept between runs; aliases and tokens an interrupted run left are removed.
 */
async function seed() {
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
  if ((await db.select().from(admin).where(eq(admin.username, ADMIN))).length === 0) await insertAdmin(db, ADMIN, await hasher.hash(password));
  await prepareAliasUser(db, rcpts[0]);
  const started = performance.now();
  await seedMillion(db, DOMAIN);
  console.log(`quarantine table ready with ${BENCH_ROWS.toLocaleString('en')} rows (${Math.round((performance.now() - started) / 1000)} s)`);
  await forgetPushes(db, process.env.REDIS_URL!);
  const [item] = await db.select({ id: items.id }).from(items).where(eq(items.rcpt, rcpts[0])).orderBy(desc(items.id)).limit(1);
  await Promise.all([pool.end(), hasher.close()]);
  return { username: rcpts[0], password, rcpts, itemId: item.id };
}

async function signIn(origin: string, username: string, password: string): Promise<string> {
  const first = await fetch(`${origin}/api/session`);
  const csrf = first.headers.getSetCookie().find((c) => c.startsWith('cowbell_csrf='))!.split(';')[0];
  const res = await fetch(`${origin}/api/session`, { method: 'POST', body: JSON.stringify({ username, password }),
    headers: { 'content-type': 'application/json', cookie: csrf, 'x-csrf-token': csrf.split('=')[1] } });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function memoryOf(server: Server): Promise<MemoryReport> {
  const line = server.lines('[memory] ');
  server.child.kill('SIGUSR2');
  const text = await line;
  return JSON.parse(text.slice(text.indexOf('{'))) as MemoryReport;
}

const fmt = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d });
const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;
const mib = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MiB`;
const within = (value: number, budget: number) => (value <= budget ? 'ok' : 'OVER');
const pad = (s: string, n: number) => s.padEnd(n);

function printWire(perRoute: RouteBytes[], precache: Awaited<ReturnType<typeof measureWireBytes>>['precache']) {
  console.log('\nbytes on the wire, cold load as Chromium receives them (Pixel 7, no service worker; bodies + headers)');
  console.log(`${pad('route', 20)}${pad('requests', 10)}${pad('everything', 12)}${pad('JS+CSS', 12)}${pad('(decoded)', 13)}${pad('own chunk', 12)}encodings`);
  for (const r of perRoute) {
    console.log(`${pad(r.name, 20)}${pad(String(r.requests), 10)}${pad(kib(r.allWire), 12)}${pad(kib(r.jsCssWire), 12)}`
      + `${pad(`(${kib(r.jsCssDecoded)})`, 13)}${pad(kib(r.ownWire), 12)}${Object.entries(r.encodings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  const signInPage = perRoute[0];
  const ownWorst = Math.max(...perRoute.map((r) => r.ownWire));
  console.log(`sign-in JS+CSS on the wire       ${kib(signInPage.jsCssWire)}  (budget 75 KiB: ${fmt((signInPage.jsCssWire / SIGN_IN_BUDGET) * 100)}%, ${within(signInPage.jsCssWire, SIGN_IN_BUDGET)})`);
  console.log(`largest route's own chunk        ${kib(ownWorst)}  (budget 30 KiB each: ${within(ownWorst, ROUTE_CHUNK_BUDGET)})`);
  console.log(`first visit's precache           ${precache.files} files, ${kib(precache.wire)} on the wire; ${precache.encoded} compressed; admin files ${precache.admin}`);
}

/** The admin mailbox list alone: its 100,000 mailboxes, the app and the primary-key baseline. */
async function adminListOnly() {
  const { db, pool } = createDb(process.env.DATABASE_URL!, 2);
  const hasher = createPasswordHasher(1);
  await migrateDatabase(db, 'standalone');
  if ((await db.select().from(admin).where(eq(admin.username, ADMIN))).length === 0) await insertAdmin(db, ADMIN, await hasher.hash('bench-password'));
  const started = performance.now();
  await seedAdminMailboxes(db);
  console.log(`admin bench domain ready (${Math.round((performance.now() - started) / 1000)} s)`);
  await hasher.close();
  const [app, pk] = await Promise.all([
    start('dist-server/index.mjs', { ...SERVER_ENV, STATIC_DIR: 'dist', QUARANTINE_DIGEST: 'off' }, SERVER_FLAGS),
    start('bench/pk-server.ts'),
  ]);
  printAdminFigures(await adminMailboxFigures(db, app.origin, pk.origin, await signIn(app.origin, ADMIN, 'bench-password'), SECONDS, ADMIN_LIST_RATE));
  await pool.end();
}

/** mailcow's /api/v1 alone: its mailboxes, the app, GET /api/health as the baseline. */
async function apiV1Only() {
  const { db, pool } = createDb(process.env.DATABASE_URL!, 2);
  await migrateDatabase(db, 'standalone');
  const started = performance.now();
  await seedApiV1(db);
  console.log(`api/v1 bench domains ready (${Math.round((performance.now() - started) / 1000)} s)`);
  const app = await start('dist-server/index.mjs', { ...SERVER_ENV, STATIC_DIR: 'dist', QUARANTINE_DIGEST: 'off' }, SERVER_FLAGS);
  printApiV1Figures(await apiV1Figures(db, app.origin, SECONDS));
  await pool.end();
}

/** BENCH_ONLY=api-keys: the key check's cost per request, against the health route (seconds, not minutes). */
async function apiKeysOnly() {
  const { db, pool } = createDb(process.env.DATABASE_URL!, 2);
  const hasher = createPasswordHasher(1);
  await migrateDatabase(db, 'standalone');
  const passwordHash = await hasher.hash('bench-password');
  await hasher.close();
  const app = await start('dist-server/index.mjs', { ...SERVER_ENV, STATIC_DIR: 'dist', QUARANTINE_DIGEST: 'off' }, SERVER_FLAGS);
  const redis = new Redis(process.env.REDIS_URL!);
  const seconds = Math.min(SECONDS, 5);
  printApiKeyFigures(await apiKeyFigures(db, redis, app.origin, passwordHash, seconds, CONNECTIONS), seconds, CONNECTIONS);
  await Promise.all([pool.end(), redis.quit()]);
}

/** BENCH_ONLY=new-mail: Dovecot event → push latency and events per second (well under a minute). */
async function newMailOnly() {
  const { db, pool } = createDb(process.env.DATABASE_URL!, 2);
  await migrateDatabase(db, 'standalone');
  // Jobs an interrupted run left would retry towards its long-gone push service; gone before the server's workers start.
  await forgetPushJobs(process.env.REDIS_URL!);
  const app = await start('dist-server/index.mjs', { ...SERVER_ENV, STATIC_DIR: 'dist', QUARANTINE_DIGEST: 'off', ...NEW_MAIL_SERVER_ENV }, SERVER_FLAGS);
  const redis = new Redis(process.env.REDIS_URL!);
  printNewMailFigures(await newMailFigures(db, redis, process.env.REDIS_URL!, app.origin, SECONDS), SECONDS);
  await Promise.all([pool.end(), redis.quit()]);
}

/** One part of the bench on its own: its servers stop after it, and nothing else runs. */
async function alone(part: () => Promise<void>): Promise<never> {
  try {
    await part();
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
  process.exit(0);
}

if (ONLY === 'api-keys') await alone(apiKeysOnly);
if (ONLY === 'admin-mailboxes') await alone(adminListOnly);
if (ONLY === 'api-v1') await alone(apiV1Only);
if (ONLY === 'new-mail') await alone(newMailOnly);

try {
  const user = await seed();
  const redis = new Redis(process.env.REDIS_URL!);
  await redis.mset({ Q_MAX_SIZE: '2', Q_RETENTION_SIZE: '100000' });
  await redis.quit();
  const [app, bare, pk, insert] = await Promise.all([
    // The production bundle, as `npm start` runs it (scripts/bench.mjs built it).
    // New-mail events are taken with a secret only (NEW_MAIL_SERVER_ENV names the same push services).
    start('dist-server/index.mjs', { ...SERVER_ENV, ...NEW_MAIL_SERVER_ENV, STATIC_DIR: 'dist', SIGNIN_MAX_FAILURES_PER_IP: '100000', QUARANTINE_DIGEST: 'off',
      // The bench's push service listens on a port the OS picks, on loopback.
      PUSH_LOCAL_SERVICES: 'http://127.0.0.1',
      // One password-manager token makes every alias of the bench (30 a minute otherwise).
      ALIAS_TOKEN_MAX_PER_MINUTE: '1000000' }, [...SERVER_FLAGS, '--expose-gc', '--import', './bench/memory-probe.mjs']),
    start('bench/bare-server.ts'),
    start('bench/pk-server.ts', { BENCH_MAX_ID: String(BENCH_ROWS) }),
    start('bench/insert-server.ts', { BENCH_ALIAS_GOTO: user.username }),
  ]);
  const origin = app.origin;
  const cookie = await signIn(origin, user.username, user.password);
  const adminCookie = await signIn(origin, ADMIN, user.password);
  const wire = await measureWireBytes(origin, [
    { name: 'sign-in', path: '/sign-in', page: 'SignInPage' },
    { name: 'home', path: '/', cookie, page: 'HomePage' },
    { name: 'quarantine list', path: '/quarantine', cookie, page: 'QuarantineListPage' },
    { name: 'quarantine detail', path: `/quarantine/${user.itemId}`, cookie, page: 'QuarantineDetailPage' },
    { name: 'settings', path: '/settings', cookie, page: 'SettingsPage' },
    { name: 'admin overview', path: '/admin', cookie: adminCookie, page: 'AdminOverviewPage' },
  ]);

  // Warm both servers so JIT and pools are comparable, then measure the baseline first.
  await load(`${bare.origin}/bare`, {}, 2, CONNECTIONS);
  await load(`${origin}/api/session`, { cookie }, 2, CONNECTIONS);
  const bareLoad = await load(`${bare.origin}/bare`, {}, SECONDS, CONNECTIONS);
  const session = await load(`${origin}/api/session`, { cookie }, SECONDS, CONNECTIONS);
  await fixedRate(`${pk.origin}/pk`, {}, 2, LIST_RATE);
  // As a browser asks for it, so the answer is compressed.
  const asBrowser = { cookie, 'accept-encoding': 'gzip, deflate, br, zstd' };
  await fixedRate(`${origin}/api/quarantine?limit=30`, asBrowser, 2, LIST_RATE);
  const pkLoad = await fixedRate(`${pk.origin}/pk`, {}, SECONDS, LIST_RATE);
  const list = await fixedRate(`${origin}/api/quarantine?limit=30`, asBrowser, SECONDS, LIST_RATE);
  const { db: benchDb, pool: benchPool } = createDb(process.env.DATABASE_URL!, 2);
  await seedAdminMailboxes(benchDb);
  const adminList = await adminMailboxFigures(benchDb, origin, pk.origin, adminCookie, SECONDS, ADMIN_LIST_RATE);
  const ingestRate = await ingestThroughput(origin, user.rcpts, 600, 8);
  const latency = await ingestToPush(benchDb, process.env.REDIS_URL!, origin, user.rcpts, 20, PUSH_TIMING.coalesceMs);
  const benchRedis = new Redis(process.env.REDIS_URL!);
  const sync = await syncRound(benchDb, benchRedis, 50);
  const newMail = await newMailFigures(benchDb, benchRedis, process.env.REDIS_URL!, origin, SECONDS);
  // Time-limited aliases (issue 8). The tap first, while the list it goes back to is short.
  const tap = await tapToClipboard(origin, cookie, TAPS);
  // The baseline is the one INSERT every alias needs, taking the same request from the same clients:
  // the ratio is what the token check, mailcow's rules (ACL, domain, a free address), the audit row
  // and the read-back cost on top of the write. The bare route and the pk lookup are reads (and the
  // list figures run at a fixed rate), so a ratio against them would say little about creating.
  const token = await makeAliasToken(origin, cookie);
  const viaInsert = bitwardenSimpleLogin(insert.origin, token);
  const viaApi = bitwardenSimpleLogin(origin, token);
  await creations(viaInsert, 50, ALIAS_CLIENTS);
  await creations(viaApi, 50, ALIAS_CLIENTS);
  const insertRate = await creations(viaInsert, ALIAS_CREATIONS, ALIAS_CLIENTS);
  const apiRate = await creations(viaApi, ALIAS_CREATIONS, ALIAS_CLIENTS);
  // What the figures made goes, so the next run starts from the same table.
  await forgetAliases(benchDb, user.username);
  await Promise.all([benchPool.end(), benchRedis.quit()]);
  const rss = rssMiB(app.child.pid!);
  const memory = await memoryOf(app);
  // V8 gives back what it no longer needs once the load has stopped for a while (its memory reducer).
  await new Promise((r) => setTimeout(r, 10_000));
  const rssLater = rssMiB(app.child.pid!);
  // In this process, after the server's memory is read: it hashes on every core.
  const imports = await importBench(IMPORT_DRY_ROWS, IMPORT_COMMIT_ROWS);

  console.log(`\nCowbell bench (${SECONDS}s per load, loopback)`);
  printWire(wire.perRoute, wire.precache);
  console.log(`\nbare Hono route                  ${fmt(bareLoad.requestsPerSecond)} req/s  p99 ${bareLoad.p99Ms} ms (${CONNECTIONS} connections)`);
  console.log(`GET /api/session (signed in)     ${fmt(session.requestsPerSecond)} req/s  p99 ${session.p99Ms} ms  errors ${session.errors + session.non2xx}`);
  console.log(`ratio session / bare             ${fmt(session.requestsPerSecond / bareLoad.requestsPerSecond, 2)}x throughput, ${fmt(session.p99Ms / Math.max(1, bareLoad.p99Ms), 2)}x p99`);
  console.log(`\nquarantine with ${BENCH_ROWS.toLocaleString('en')} rows, ${LIST_RATE} requests/s each, evenly spaced`);
  console.log(`primary-key lookup (baseline)    p50 ${fmt(pkLoad.p50Ms, 1)} ms  p99 ${fmt(pkLoad.p99Ms, 1)} ms  (${fmt(pkLoad.requestsPerSecond)} req/s)`);
  console.log(`GET /api/quarantine, one user    p50 ${fmt(list.p50Ms, 1)} ms  p99 ${fmt(list.p99Ms, 1)} ms  (${fmt(list.requestsPerSecond)} req/s, errors ${list.errors + list.non2xx}; goal p99 ≤ 20 ms: ${within(list.p99Ms, 20)})`);
  console.log(`ratio list / pk lookup           ${fmt(list.p50Ms / pkLoad.p50Ms, 1)}x p50, ${fmt(list.p99Ms / pkLoad.p99Ms, 1)}x p99`);
  console.log(`ingest throughput                ${fmt(ingestRate)} messages/s (multipart, 8 concurrent)`);
  console.log(`ingest → push received           p50 ${fmt(latency.p50)} ms  p99 ${fmt(latency.p99)} ms (${PUSH_USERS} mailboxes, 20 msg/s, each the first of its burst; goal p99 ≤ 250 ms: ${within(latency.p99, 250)})`);
  console.log(`index sync round (new+deleted)   p50 ${fmt(sync.p50, 1)} ms  p99 ${fmt(sync.p99, 1)} ms; full prune (baseline) ${fmt(sync.fullPrune)} ms: ${fmt(sync.fullPrune / sync.p50)}x`);
  printNewMailFigures(newMail, SECONDS);
  printAdminFigures(adminList);
  console.log(`\ntime-limited aliases, ${fmt(ALIAS_CREATIONS)} creations from ${ALIAS_CLIENTS} concurrent clients`);
  console.log(`INSERT of the row (baseline)     ${fmt(insertRate.perSecond)} /s  p50 ${fmt(insertRate.p50, 1)} ms  p99 ${fmt(insertRate.p99, 1)} ms  (the same request, a bare route)`);
  console.log(`Bitwarden's SimpleLogin call     ${fmt(apiRate.perSecond)} aliases/s  p50 ${fmt(apiRate.p50, 1)} ms  p99 ${fmt(apiRate.p99, 1)} ms  (POST /api/alias/random/new, token)`);
  console.log(`ratio API / INSERT               ${fmt(apiRate.perSecond / insertRate.perSecond, 2)}x throughput, ${fmt(apiRate.p50 / insertRate.p50, 1)}x p50, ${fmt(apiRate.p99 / insertRate.p99, 1)}x p99`);
  console.log(`tap "New alias" → on clipboard   p50 ${fmt(tap.total.p50)} ms  p99 ${fmt(tap.total.p99)} ms  (Pixel 7 Chromium, ${tap.taps} taps)`);
  console.log(`  the POST, as Chromium timed it p50 ${fmt(tap.request.p50, 1)} ms  p99 ${fmt(tap.request.p99, 1)} ms  (${fmt((tap.request.p50 / tap.total.p50) * 100)}% of the tap at p50)`);
  console.log(`  the server's own time          p50 ${fmt(tap.server.p50, 1)} ms  p99 ${fmt(tap.server.p99, 1)} ms  (Server-Timing)`);
  console.log(`\nserver RSS after the load        ${rss} MiB (goal ≤ 150 MB = ${fmt(150e6 / 2 ** 20)} MiB: ${within(rss, 150e6 / 2 ** 20)})`);
  console.log(`  V8 heap (main thread)          ${mib(memory.heapTotal)}: ${mib(memory.heapUsed)} in use, ${mib(memory.live)} live after a full collection; code ${mib(memory.code)}`);
  console.log(`  outside the heap               ${mib(memory.external)} external (${mib(memory.arrayBuffers)} array buffers)`);
  console.log(`  the rest                       ${mib(memory.rss - memory.heapTotal - memory.external)}: native code, worker threads' heaps, allocator slack`);
  console.log(`  threads ${memory.threads}; packages loaded: ${memory.loaded.join(', ') || 'none watched'}`);
  console.log(`server RSS 10 s later            ${rssLater} MiB`);
  console.log(`\nCSV mailbox import (in process, ${imports.threads} hashing threads, bcrypt cost 10)`);
  console.log(`dry run                          ${fmt(imports.dryPerS)} rows/s  (${fmt(imports.dryRows)} rows, every check of a creation)`);
  console.log(`raw bcrypt (baseline)            ${fmt(imports.rawHashesPerS, 1)} hashes/s  (${fmt(imports.commitRows)} hashes on all threads)`);
  console.log(`commit, passwords made by Cowbell ${fmt(imports.commitPerS, 1)} rows/s  (${fmt(imports.commitRows)} rows)`);
  console.log(`ratio commit / raw bcrypt        ${fmt(imports.commitPerS / imports.rawHashesPerS, 2)}x  (goal ≥ 0.85: ${imports.commitPerS / imports.rawHashesPerS >= 0.85 ? 'ok' : 'UNDER'})`);
} finally {
  for (const c of children) c.kill('SIGTERM');
}
