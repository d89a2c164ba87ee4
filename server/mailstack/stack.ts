// Starts and stops the private mail stack. Every process is stopped by its PID file, never by name.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dovecotFiles, postfixFiles, rspamdFiles, type StackConfig } from './config.ts';
import { mailcowSieveFiles, NEW_MAIL_DEPLOY_FILES } from './new-mail-conf.ts';

/** The files README.md tells mailcow admins to copy: the stack reads them from the checkout. */
const DEPLOY_DOVECOT = fileURLToPath(new URL('../../deploy/dovecot/', import.meta.url));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const portOpen = (port: number) => new Promise<boolean>((resolve) => {
  const s = createConnection({ port, host: '127.0.0.1' });
  s.once('connect', () => { s.destroy(); resolve(true); });
  s.once('error', () => resolve(false));
});

async function waitFor(what: string, check: () => Promise<boolean>, ms: number, log?: string) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await sleep(100);
  }
  const tail = log && existsSync(log) ? `\n${readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}` : '';
  throw new Error(`${what} did not come up within ${ms / 1000}s${tail}`);
}

/** Daemons keep the caller's stdout/stderr open, so nothing is piped: failures show in their logs. */
function run(cmd: string, args: string[], log?: string) {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.status !== 0) {
    const tail = log && existsSync(log) ? `\n${readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}` : '';
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})${tail}`);
  }
}

function killPidFile(file: string) {
  try {
    process.kill(Number(readFileSync(file, 'utf8').trim()), 'SIGTERM');
  } catch {
    // not running
  }
}

export function stackPaths(c: StackConfig) {
  return {
    rspamdVars: [`--var=LOCAL_CONFDIR=${c.dir}/rspamd`, `--var=DBDIR=${c.dir}/rspamd/db`, `--var=RUNDIR=${c.dir}/rspamd/run`, `--var=LOGDIR=${c.dir}/log`],
    rspamdPid: `${c.dir}/rspamd/run/rspamd.pid`,
    dovecotPid: `${c.dir}/dovecot/run/master.pid`,
    postfixEtc: `${c.dir}/postfix/etc`,
    postfixPid: `${c.dir}/postfix/spool/pid/master.pid`,
  };
}

export async function stopMailstack(c: StackConfig): Promise<void> {
  const p = stackPaths(c);
  // A PID file left by a stack that is gone may name someone else's process by now: a daemon is
  // only signalled while its port is open.
  const anyOpen = async (...ports: number[]) => (await Promise.all(ports.map(portOpen))).some(Boolean);
  if (existsSync(p.postfixPid) && await anyOpen(c.ports.smtpIn, c.ports.smtpRelease)) {
    spawnSync('postfix', ['-c', p.postfixEtc, 'stop'], { stdio: 'ignore' });
  }
  if (await anyOpen(c.ports.imap, c.ports.lmtp)) killPidFile(p.dovecotPid);
  if (await anyOpen(c.ports.rspamdNormal, c.ports.rspamdController)) killPidFile(p.rspamdPid);
  const ports = Object.values(c.ports).filter((port) => port !== c.ports.deadDns);
  // A dead daemon can linger as a zombie: closed ports are the real sign it is gone.
  await waitFor('mail stack shutdown', async () => !(await anyOpen(...ports)), 30_000);
}

export async function startMailstack(c: StackConfig): Promise<void> {
  await stopMailstack(c); // leftovers of an interrupted run
  for (const sub of ['log', 'rspamd/local.d', 'rspamd/db', 'rspamd/run', 'dovecot/run', 'dovecot/state', 'postfix/etc', 'postfix/spool', 'postfix/data', 'vmail']) {
    mkdirSync(join(c.dir, sub), { recursive: true });
  }
  for (const [file, text] of Object.entries({ ...rspamdFiles(c), ...dovecotFiles(c), ...postfixFiles(c), ...mailcowSieveFiles(c) })) {
    mkdirSync(dirname(join(c.dir, file)), { recursive: true });
    writeFileSync(join(c.dir, file), text);
  }
  if (c.newMail) {
    for (const name of Object.values(NEW_MAIL_DEPLOY_FILES)) copyFileSync(join(DEPLOY_DOVECOT, name), join(c.dir, 'dovecot', name));
  }
  // Debian's own users: mail (uid 8) owns the maildirs, postfix its data directory.
  run('chown', ['-R', 'mail:mail', join(c.dir, 'vmail')]);
  run('chown', ['postfix:postfix', join(c.dir, 'postfix/data')]);
  const p = stackPaths(c);

  // -i lets workers run as root (test machines only). A cold start compiles hyperscan caches (~10 s).
  run('rspamd', ['-c', `${c.dir}/rspamd/rspamd.conf`, ...p.rspamdVars, '-i'], `${c.dir}/log/rspamd.log`);
  await waitFor('rspamd', async () => (await fetch(`http://127.0.0.1:${c.ports.rspamdNormal}/ping`).then((r) => r.ok, () => false)), 120_000, `${c.dir}/log/rspamd.log`);
  await waitFor('rspamd controller', () => portOpen(c.ports.rspamdController), 20_000);
  await waitFor('rspamd milter', async () => existsSync(`${c.dir}/rspamd/run/milter.sock`), 20_000);

  run('dovecot', ['-c', `${c.dir}/dovecot/dovecot.conf`], `${c.dir}/log/dovecot.log`);
  await waitFor('dovecot', async () => (await portOpen(c.ports.imap)) && portOpen(c.ports.lmtp), 20_000, `${c.dir}/log/dovecot.log`);

  // Postfix prints fatal errors only to a terminal or syslog: script(1) gives it a terminal.
  run('script', ['-qec', `postfix -c ${p.postfixEtc} start`, '/dev/null'], `${c.dir}/log/postfix.log`);
  await waitFor('postfix', async () => (await portOpen(c.ports.smtpIn)) && portOpen(c.ports.smtpRelease), 20_000, `${c.dir}/log/postfix.log`);
}
