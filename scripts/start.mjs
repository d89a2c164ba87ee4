// `npm start`: everything from a fresh machine to a running Cowbell with demo data.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, ROOT, runBin, runTs, startTs } from './lib/setup.mjs';
import { startServices, stopServices } from './lib/services.mjs';

const log = (m) => console.log(`[cowbell] ${m}`);

try {
  ensureDependencies();
  const own = !process.env.DATABASE_URL || !process.env.REDIS_URL;
  const env = own ? (await startServices(ROOT, 'dev')).env : {};
  if (own) log('MariaDB and Redis are running from .data/dev (loopback only)');
  runTs('db/migrate.ts', env);
  const mode = process.env.COWBELL_DB_MODE ?? 'standalone';
  const logins = mode === 'standalone' ? runTs('db/seed.ts', env, [], true) : '';
  if (runBin('vite', ['build', '--logLevel', 'warn']).status !== 0) throw new Error('client build failed');

  const port = process.env.PORT ?? '8080';
  const host = process.env.HOST ?? '127.0.0.1';
  const server = startTs('server/index.ts', { ...env, PORT: port, HOST: host });
  const state = join(ROOT, '.data', 'dev');
  mkdirSync(state, { recursive: true });
  writeFileSync(join(state, 'server.pid'), String(server.pid));

  log(`Cowbell: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/`);
  if (logins) log(`Demo: ${logins.trim()}`);
  log('Ctrl-C stops Cowbell, MariaDB and Redis (or run `npm run stop` from another terminal).');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.kill('SIGTERM');
    if (own) await stopServices(ROOT, 'dev');
    rmSync(join(state, 'server.pid'), { force: true });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => { if (!stopping) { log(`server exited (${code})`); void stop(); } });
} catch (e) {
  console.error(`[cowbell] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
