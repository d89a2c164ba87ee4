// `npm run bench`: private MariaDB/Redis (bench ports), a fresh build, then bench/run.ts.
import { buildServer } from './lib/build-server.mjs';
import { ensureDependencies, ROOT, runBin, runTs } from './lib/setup.mjs';
import { startServices, stopServices } from './lib/services.mjs';

ensureDependencies();
const own = !process.env.DATABASE_URL || !process.env.REDIS_URL;
const env = own ? (await startServices(ROOT, 'bench')).env : {};
try {
  if (runBin('vite', ['build', '--logLevel', 'warn']).status !== 0) throw new Error('client build failed');
  await buildServer();
  runTs('bench/run.ts', env);
} finally {
  if (own) await stopServices(ROOT, 'bench');
}
