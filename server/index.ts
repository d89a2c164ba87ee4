// Production entry, run as a bundle (scripts/lib/build-server.mjs) by `npm run serve` and `npm start`,
// with the memory flags in package.json's serve script. Migrations are applied by scripts/start.mjs.
import { serve } from '@hono/node-server';
import { checkMailcowSchema } from '../db/migrate.ts';
import { createApp } from './app.ts';
import { createDeps } from './deps.ts';
import { loadEnv } from './env.ts';
import { rebuildDomainMap } from './lib/mailcow/domain-map.ts';
import { choresWith, startScheduler } from './jobs/scheduler.ts';
import { createPushQueue } from './jobs/push-queue.ts';
import { startImportWorker } from './jobs/import-queue.ts';
import { createIndexSyncer } from './features/quarantine/quarantine-index.ts';
import { describeError } from './lib/errors.ts';

const env = loadEnv();
const deps = createDeps(env);
if (env.COWBELL_DB_MODE === 'attach') {
  const { version, known } = await checkMailcowSchema(deps.db, env.COWBELL_ALLOW_UNKNOWN_SCHEMA);
  if (!known) console.warn(`[cowbell] WARNING: mailcow schema ${version} is unknown to this Cowbell; running anyway.`);
} else {
  await rebuildDomainMap(deps.db, deps.redis);
}
const push = createPushQueue(deps);
push.startWorkers();
const scheduler = await startScheduler(deps, choresWith(push));
const imports = startImportWorker(deps);
const onQuarantined = (rcpts: string[]) => {
  push.quarantined(rcpts).catch((e: Error) => console.error(`[cowbell] could not queue push: ${describeError(e)}`));
};
// Rows mailcow's own pipe.php writes (attach mode) are found by polling the index sync.
const syncer = createIndexSyncer(deps.db, deps.redis, env.QUARANTINE_SYNC_MS, (rows) => onQuarantined(rows.map((r) => r.rcpt)));
syncer.start((e) => console.error(`[cowbell] quarantine sync failed: ${describeError(e)}`));
const app = createApp(deps, { staticDir: env.STATIC_DIR, onQuarantined, syncer, queueSends: push.queueSends });
const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) => {
  console.log(`[cowbell] listening on http://${info.address}:${info.port}`);
});

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`[cowbell] ${signal}: shutting down`);
  server.close();
  await Promise.all([syncer.stop(), scheduler.close(), push.close(), imports.close()]);
  await deps.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
