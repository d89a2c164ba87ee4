// `npm run dev`: the API with reload (tsx watch) on 8081 and Vite's dev server (proxying /api) on 5173.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies, ROOT, runTs } from './lib/setup.mjs';
import { startServices } from './lib/services.mjs';

ensureDependencies();
const env = process.env.DATABASE_URL && process.env.REDIS_URL ? {} : (await startServices(ROOT, 'dev')).env;
runTs('db/migrate-cli.ts', env);
const apiPort = process.env.COWBELL_DEV_API_PORT ?? '8081';
const children = [
  spawn(join(ROOT, 'node_modules/.bin/tsx'), ['watch', 'server/index.ts'], { cwd: ROOT, stdio: 'inherit',
    // Vite serves the app at "/" and sends /api here, so the API is at "/" too, whatever BASE_PATH says.
    env: { ...process.env, ...env, NODE_ENV: 'development', PORT: apiPort, STATIC_DIR: '', BASE_PATH: '/' } }),
  spawn(join(ROOT, 'node_modules/.bin/vite'), ['--host', '127.0.0.1'], { cwd: ROOT, stdio: 'inherit',
    env: { ...process.env, COWBELL_DEV_API_PORT: apiPort } }),
];
const stop = () => { for (const c of children) c.kill('SIGTERM'); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
