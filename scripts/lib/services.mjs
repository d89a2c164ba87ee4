// Private MariaDB and Redis instances for `npm start`, `npm test` and `npm run dev`.
// Plain Node with no dependencies: this runs before `npm install` has happened.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

// COWBELL_PORT_OFFSET moves every profile's ports, so two checkouts on one machine can each run
// their own suite at the same time.
export const OFFSET = Number(process.env.COWBELL_PORT_OFFSET ?? 0) || 0;
export const PROFILES = {
  // Ports away from mailcow's own (13306, 7654) and the usual defaults, so Cowbell can run beside them.
  dev: { dir: '.data/dev', mariadbPort: 33406 + OFFSET, redisPort: 36479 + OFFSET, database: 'cowbell' },
  // Test data is thrown away every run: commits need not wait for the disk (DDL-heavy files ran
  // several times slower with a flush per commit).
  test: { dir: '.data/test', mariadbPort: 33416 + OFFSET, redisPort: 36489 + OFFSET, database: 'cowbell_test',
    mariadbArgs: ['--innodb-flush-log-at-trx-commit=2'] },
  bench: { dir: '.data/bench', mariadbPort: 33426 + OFFSET, redisPort: 36499 + OFFSET, database: 'cowbell_bench' },
};

const DB_USER = 'cowbell';
const DB_PASSWORD = 'cowbell-local';
const NEEDED = [
  { bin: 'mariadbd', paths: ['/usr/sbin/mariadbd', '/usr/bin/mariadbd'], pkg: 'mariadb-server' },
  { bin: 'redis-server', paths: ['/usr/bin/redis-server'], pkg: 'redis-server' },
];

const log = (msg) => process.stderr.write(`[cowbell] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function which(bin, paths) {
  const found = paths.find((p) => existsSync(p));
  if (found) return found;
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Installs the Debian packages for MariaDB and Redis when missing (as root), or explains what to install. */
export function ensurePackages() {
  const missing = NEEDED.filter((n) => !which(n.bin, n.paths)).map((n) => n.pkg);
  if (missing.length === 0) return;
  if (!isRoot() || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `MariaDB and Redis are needed. Install them with: sudo apt-get install ${missing.join(' ')}\n` +
        'or point DATABASE_URL and REDIS_URL at servers you already run.',
    );
  }
  log(`installing ${missing.join(' ')} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-q'], ['install', '-y', '-q', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`apt-get ${args[0]} failed (exit ${r.status})`);
  }
}

const MAILSTACK = [
  { bin: 'rspamd', paths: ['/usr/bin/rspamd'], pkg: 'rspamd' },
  { bin: 'dovecot', paths: ['/usr/sbin/dovecot'], pkg: 'dovecot-imapd' },
  { bin: 'dovecot-lmtp', paths: ['/usr/lib/dovecot/lmtp'], pkg: 'dovecot-lmtpd' },
  { bin: 'dovecot-mysql', paths: ['/usr/lib/dovecot/modules/auth/libdriver_mysql.so', '/usr/lib/dovecot/modules/libdriver_mysql.so'], pkg: 'dovecot-mysql' },
  // Sieve files list mail into folders before new-mail push sees it, as mailcow's LMTP does.
  { bin: 'dovecot-sieve', paths: ['/usr/lib/dovecot/modules/lib90_sieve_plugin.so'], pkg: 'dovecot-sieve' },
  { bin: 'postfix', paths: ['/usr/sbin/postfix'], pkg: 'postfix' },
  // mailcow's Postfix maps (domains, mailboxes, aliases, time-limited aliases) are MariaDB look-ups.
  { bin: 'postfix-mysql', paths: ['/usr/lib/postfix/postfix-mysql.so'], pkg: 'postfix-mysql' },
];

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export function missingMailstackPackages() {
  return MAILSTACK.filter((n) => !which(n.bin, n.paths)).map((n) => n.pkg);
}

/**
 * rspamd, Dovecot and Postfix for the end-to-end mail test and the demo. Installing them must not
 * start the system daemons: a policy-rc.d that denies service starts is put in place (only if none
 * exists) for the duration of the install.
 */
export function ensureMailstackPackages(purpose = 'The mail-stack test') {
  const missing = missingMailstackPackages();
  if (missing.length === 0) return;
  if (!isRoot() || !existsSync('/usr/bin/apt-get')) throw new Error(`${purpose} needs: sudo apt-get install ${missing.join(' ')}`);
  const policy = '/usr/sbin/policy-rc.d';
  const ours = !existsSync(policy);
  if (ours) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    log(`installing ${missing.join(' ')} (apt-get)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const r = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`apt-get install failed (exit ${r.status})`);
  } finally {
    if (ours) rmSync(policy, { force: true });
  }
}

export function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = createConnection({ port, host });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

async function waitFor(check, what, ms = 30_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`${what} did not come up within ${ms / 1000}s`);
}

function readPid(file) {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function mariadbClient(socket, sql) {
  const r = spawnSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot'], { input: sql, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mariadb client failed: ${r.stderr}`);
}

async function startMariadb(root, profile) {
  const dir = join(root, profile.dir, 'mariadb');
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const pidFile = join(dir, 'mysqld.pid');
  mkdirSync(dir, { recursive: true });
  let started = false;
  if (!(await portOpen(profile.mariadbPort))) {
    if (!existsSync(join(data, 'mysql'))) {
      log(`initialising MariaDB data in ${data}`);
      rmSync(data, { recursive: true, force: true });
      const r = spawnSync('mariadb-install-db', ['--no-defaults', '--user=root', `--datadir=${data}`,
        '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`mariadb-install-db failed: ${r.stderr || r.stdout}`);
    }
    // Its temporary tables live in the checkout too: a shared /tmp that something else tidies up
    // took a temporary table from under a running query ("Error on delete of '/tmp/#sql-temptable…'").
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const child = spawn(which('mariadbd', NEEDED[0].paths), ['--no-defaults', '--user=root', `--datadir=${data}`, `--tmpdir=${tmp}`,
      '--bind-address=127.0.0.1', `--port=${profile.mariadbPort}`, `--socket=${socket}`, `--pid-file=${pidFile}`,
      `--log-error=${join(dir, 'error.log')}`, '--skip-name-resolve', '--skip-log-bin',
      '--innodb-buffer-pool-size=128M', '--character-set-server=utf8mb4', '--collation-server=utf8mb4_unicode_ci',
      ...(profile.mariadbArgs ?? [])],
    { detached: true, stdio: 'ignore' });
    child.unref();
    started = true;
    await waitFor(async () => existsSync(socket) && (await portOpen(profile.mariadbPort)), 'MariaDB');
  } else if (!existsSync(socket)) {
    throw new Error(`Port ${profile.mariadbPort} is taken by a MariaDB that is not this checkout's (${dir}). `
      + 'Stop it (for another checkout: npm run stop there), or set DATABASE_URL and REDIS_URL.');
  }
  // Private loopback instance: the app user may create the extra databases tests use.
  mariadbClient(socket, `
    CREATE DATABASE IF NOT EXISTS \`${profile.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS '${DB_USER}'@'127.0.0.1' IDENTIFIED BY '${DB_PASSWORD}';
    GRANT ALL PRIVILEGES ON *.* TO '${DB_USER}'@'127.0.0.1';`);
  return { started, pidFile, url: serviceUrls(profile).DATABASE_URL };
}

async function startRedis(root, profile) {
  const dir = join(root, profile.dir, 'redis');
  const pidFile = join(dir, 'redis.pid');
  mkdirSync(dir, { recursive: true });
  let started = false;
  if (!(await portOpen(profile.redisPort))) {
    const r = spawnSync(which('redis-server', NEEDED[1].paths), ['--bind', '127.0.0.1', '--port', String(profile.redisPort),
      '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'yes', '--pidfile', pidFile,
      '--logfile', join(dir, 'redis.log')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`redis-server failed: ${r.stderr || r.stdout}`);
    started = true;
    await waitFor(() => portOpen(profile.redisPort), 'Redis');
  }
  return { started, pidFile, url: serviceUrls(profile).REDIS_URL };
}

/** Where a profile's servers listen (whether or not they run). */
export function serviceUrls(profile) {
  const p = typeof profile === 'string' ? PROFILES[profile] : profile;
  return { DATABASE_URL: `mysql://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${p.mariadbPort}/${p.database}`,
    REDIS_URL: `redis://127.0.0.1:${p.redisPort}/0` };
}

/** Starts (or reuses) both servers of a profile; returns their URLs and whether this call started them. */
export async function startServices(root, name) {
  const profile = PROFILES[name];
  ensurePackages();
  const [mariadb, redis] = await Promise.all([startMariadb(root, profile), startRedis(root, profile)]);
  return { mariadb, redis, env: { DATABASE_URL: mariadb.url, REDIS_URL: redis.url } };
}

/** Stops a server by the PID in its pid file and waits for the port to close (never by process name). */
export async function stopByPidFile(pidFile, port) {
  const pid = readPid(pidFile);
  if (!pid || !alive(pid)) return false;
  process.kill(pid, 'SIGTERM');
  // PID 1 may reap slowly, so a dead daemon can look alive: the closed port is the real signal.
  await waitFor(async () => !(await portOpen(port)), `process ${pid} to stop`, 60_000);
  return true;
}

export async function stopServices(root, name) {
  const profile = PROFILES[name];
  const dir = join(root, profile.dir);
  const a = await stopByPidFile(join(dir, 'mariadb', 'mysqld.pid'), profile.mariadbPort);
  const b = await stopByPidFile(join(dir, 'redis', 'redis.pid'), profile.redisPort);
  return a || b;
}
