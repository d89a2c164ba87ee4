// `npm start`: everything from a fresh machine to a running Cowbell with demo data. In the demo
// (standalone mode) the quarantine is on and holds a few mails, put there through the real ingest
// path; with the mail packages (or as root, which installs them) a private rspamd + Postfix +
// Dovecot runs too, so the mails go through rspamd and release and learn work for real.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildServer } from './lib/build-server.mjs';
import { buildClientIfStale, ensureDependencies, ROOT, runTs, startServer } from './lib/setup.mjs';
import { ensureMailstackPackages, isRoot, missingMailstackPackages, OFFSET, startServices, stopServices } from './lib/services.mjs';

const log = (m) => console.log(`[cowbell] ${m}`);
const DEMO_CLI = 'server/demo/cli.ts';
const state = join(ROOT, '.data', 'dev');
const run = { own: false, env: {}, server: null, stack: false };

/** Why the demo runs without its mail stack, or null when it can run it. */
function mailstackRefusal() {
  if (process.env.COWBELL_DEMO_MAILSTACK === '0') return 'COWBELL_DEMO_MAILSTACK=0';
  const missing = missingMailstackPackages();
  if (!isRoot()) {
    return missing.length > 0 ? `it needs root and the packages ${missing.join(' ')}` : 'its daemons run as root only';
  }
  try {
    ensureMailstackPackages('The demo mail stack');
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Starts the demo mail stack in the background (rspamd's first start takes ~15 s). Its settings for
 * Cowbell (ports) come at once, so Cowbell starts meanwhile; `ready` says whether the stack came up.
 */
function startMailstack(env, url) {
  const child = spawn(process.execPath, ['--import', 'tsx', DEMO_CLI, 'stack-start', url], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise((resolve) => child.on('exit', (code) => resolve(code === 0)));
  const settings = new Promise((resolve) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      try { resolve(JSON.parse(line)); } catch { resolve(null); }
    });
    child.on('exit', () => resolve(null));
  });
  return { settings, ready };
}

async function waitForHealth(url, server) {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode})`);
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within 30 s`);
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  const server = run.server;
  if (server && server.exitCode === null) {
    // It closes its queues against Redis first: stop what it needs only once it is gone.
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  if (run.stack) {
    try { runTs(DEMO_CLI, run.env, ['stack-stop']); } catch (e) { console.error(`[cowbell] ${e.message}`); }
  }
  if (run.own) await stopServices(ROOT, 'dev');
  for (const file of ['server.pid', 'start.pid', 'demo.json']) rmSync(join(state, file), { force: true });
  process.exit(code);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

try {
  mkdirSync(state, { recursive: true });
  writeFileSync(join(state, 'start.pid'), String(process.pid));
  ensureDependencies();
  run.own = !process.env.DATABASE_URL || !process.env.REDIS_URL;
  run.env = run.own ? (await startServices(ROOT, 'dev')).env : {};
  if (run.own) log('MariaDB and Redis are running from .data/dev (loopback only)');
  const demo = (process.env.COWBELL_DB_MODE ?? 'standalone') === 'standalone';
  // The port moves with COWBELL_PORT_OFFSET, like every other port a checkout opens.
  const port = process.env.PORT ?? String(8080 + OFFSET);
  const host = process.env.HOST ?? '127.0.0.1';
  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  // Cowbell's own URL: the origin, plus BASE_PATH when it is served under a path (server/env.ts).
  const app = origin + (process.env.BASE_PATH ?? '').split('/').filter(Boolean).map((s) => `/${s}`).join('');
  const refusal = demo ? mailstackRefusal() : 'not a demo (attach mode)';
  const starting = refusal ? null : startMailstack(run.env, app);
  run.stack = starting !== null;
  if (starting) log('starting the demo mail stack (rspamd, Postfix, Dovecot) meanwhile…');

  runTs('db/migrate-cli.ts', run.env);
  const logins = demo ? runTs('db/seed.ts', run.env, [], true) : '';
  buildClientIfStale(log);
  await buildServer();
  const settings = starting ? await starting.settings : null;

  run.server = startServer({ ...run.env, ...settings?.env, PORT: port, HOST: host, PUBLIC_URL: process.env.PUBLIC_URL ?? origin });
  writeFileSync(join(state, 'server.pid'), String(run.server.pid));
  run.server.on('exit', (code) => { if (!stopping) { log(`server exited (${code})`); void stop(1); } });
  const [, stackUp] = await Promise.all([waitForHealth(app, run.server), starting?.ready ?? false]);
  // Without its stack the demo still answers: release says the mail server is unreachable.
  if (starting && !stackUp) log('the demo mail stack did not start (see above); going on without it');
  const stack = stackUp ? settings : null;
  if (demo) {
    try { runTs(DEMO_CLI, run.env, ['seed', app]); } catch { log('the demo mails could not be put in the quarantine (see above)'); }
  }
  writeFileSync(join(state, 'demo.json'), JSON.stringify({ origin: app, mailstack: stack?.ports ?? null }));

  log(`Cowbell: ${app}/`);
  if (logins) log(`Demo: ${logins.trim()}`);
  if (stack) {
    log(`Demo mail: IMAP on 127.0.0.1:${stack.ports.imap} (no TLS; user alice@cowbell-demo.test, password alice-demo-pw), `
      + `SMTP in on 127.0.0.1:${stack.ports.smtpIn}; released mail lands there.`);
  } else if (demo) {
    log(`Demo mail: no mail stack (${refusal ?? 'it did not start'}), so release answers that the mail server (RELEASE_SMTP_HOST) is unreachable.`);
  }
  if (demo) log('`npm run demo:spam` sends a fresh spam mail (a push arrives on devices with notifications on).');
  log(`Ctrl-C stops Cowbell${run.stack ? ', the mail stack' : ''}${run.own ? ', MariaDB and Redis' : ''} (or run \`npm run stop\` from another terminal).`);
} catch (e) {
  console.error(`[cowbell] ${e instanceof Error ? e.message : e}`);
  await stop(1);
}
