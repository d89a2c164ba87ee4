// Production entry: `node --import tsx server/index.ts`. Migrations are applied by scripts/start.mjs.
import { serve } from '@hono/node-server';
import { checkMailcowSchema } from '../db/migrate.ts';
import { createApp } from './app.ts';
import { createDeps } from './deps.ts';
import { loadEnv } from './env.ts';
import { rebuildDomainMap } from './lib/mailcow/domain-map.ts';
import { startScheduler } from './jobs/scheduler.ts';

const env = loadEnv();
const deps = createDeps(env);
if (env.COWBELL_DB_MODE === 'attach') {
  const { version, known } = await checkMailcowSchema(deps.db, env.COWBELL_ALLOW_UNKNOWN_SCHEMA);
  if (!known) console.warn(`[cowbell] WARNING: mailcow schema ${version} is unknown to this Cowbell; running anyway.`);
} else {
  await rebuildDomainMap(deps.db, deps.redis);
}
const scheduler = await startScheduler(deps);
const app = createApp(deps, { staticDir: env.STATIC_DIR });
const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) => {
  console.log(`[cowbell] listening on http://${info.address}:${info.port}`);
});

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`[cowbell] ${signal}: shutting down`);
  server.close();
  await scheduler.close();
  await deps.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
