// `npm run stop`: stops what `npm start` started, by PID (never by process name). The running
// `npm start` is asked first, so it stops things in order; whatever is left is stopped here.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runTs } from './lib/setup.mjs';
import { stopServices } from './lib/services.mjs';

const dev = join(ROOT, '.data', 'dev');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The PID in `file`, if that process is alive and is what the file says it is (a PID file can outlive its process). */
function livePid(file, commandPart) {
  try {
    const pid = Number(readFileSync(join(dev, file), 'utf8'));
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(commandPart) ? pid : null;
  } catch {
    return null;
  }
}

async function stopPid(pid, what, ms = 60_000) {
  process.kill(pid, 'SIGTERM');
  const until = Date.now() + ms;
  while (Date.now() < until && existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z')) await sleep(100);
  console.log(`[cowbell] stopped ${what} ${pid}`);
}

const start = livePid('start.pid', 'scripts/start.mjs');
if (start) await stopPid(start, '`npm start`');
const server = livePid('server.pid', 'dist-server/index.mjs');
if (server) await stopPid(server, 'server', 15_000);
rmSync(join(dev, 'server.pid'), { force: true });
rmSync(join(dev, 'start.pid'), { force: true });
rmSync(join(dev, 'demo.json'), { force: true });

const stackPids = ['rspamd/run/rspamd.pid', 'dovecot/run/master.pid', 'postfix/spool/pid/master.pid'];
if (stackPids.some((p) => existsSync(join(dev, 'mailstack', p)))) {
  runTs('server/demo/cli.ts', {}, ['stack-stop']);
}
if (await stopServices(ROOT, 'dev')) console.log('[cowbell] stopped MariaDB and Redis');
