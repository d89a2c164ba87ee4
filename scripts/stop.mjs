// `npm run stop`: stops what `npm start` started, by PID (never by process name).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/setup.mjs';
import { stopServices } from './lib/services.mjs';

const pidFile = join(ROOT, '.data', 'dev', 'server.pid');
try {
  const pid = Number(readFileSync(pidFile, 'utf8'));
  process.kill(pid, 'SIGTERM');
  console.log(`[cowbell] stopped server ${pid}`);
} catch {
  // no server running
}
rmSync(pidFile, { force: true });
if (await stopServices(ROOT, 'dev')) console.log('[cowbell] stopped MariaDB and Redis');
