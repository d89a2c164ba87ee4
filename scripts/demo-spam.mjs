// `npm run demo:spam [-- bob]`: one fresh spam mail for a demo mailbox (alice unless named), through
// the demo's mail stack when it runs, else through Cowbell's ingest endpoint. Needs `npm start` running.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runTs } from './lib/setup.mjs';
import { serviceUrls } from './lib/services.mjs';

let demo;
try {
  demo = JSON.parse(readFileSync(join(ROOT, '.data', 'dev', 'demo.json'), 'utf8'));
} catch {
  console.error('[cowbell] The demo is not running: start it with `npm start` (in another terminal), then try again.');
  process.exit(1);
}
const env = process.env.DATABASE_URL && process.env.REDIS_URL ? {} : serviceUrls('dev');
try {
  runTs('server/demo/cli.ts', env, ['spam', demo.origin, process.argv[2] ?? 'alice']);
} catch {
  process.exit(1);
}
