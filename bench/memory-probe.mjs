// Preloaded into the bench's Cowbell only (`node --import ./bench/memory-probe.mjs`): on SIGUSR2 it
// prints one `[memory] {...}` line saying what holds the process's memory. The server itself has no
// such hook, so nothing of it is reachable over HTTP. Plain JavaScript: worker threads inherit the
// preload, and it must load there before any TypeScript loader does.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getHeapSpaceStatistics } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

/** Packages worth knowing about when they are loaded (CommonJS ones show in require's cache). */
const WATCHED = ['jsdom', 'dompurify', 'mailparser', 'nodemailer', 'web-push', 'mysql2', 'ioredis'];

function report() {
  const m = process.memoryUsage();
  const cached = Object.keys(createRequire(import.meta.url).cache);
  const loaded = WATCHED.filter((name) => cached.some((f) => f.includes(`/node_modules/${name}/`)));
  const code = getHeapSpaceStatistics().filter((s) => s.space_name.startsWith('code'))
    .reduce((n, s) => n + s.space_used_size, 0);
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, code, external: m.external, arrayBuffers: m.arrayBuffers,
    threads: readdirSync('/proc/self/task').length, loaded };
}

// With --expose-gc, also what is live: heapUsed right after a full collection.
if (isMainThread) {
  process.on('SIGUSR2', () => {
    const now = report();
    globalThis.gc?.();
    const live = globalThis.gc ? process.memoryUsage().heapUsed : null;
    process.stdout.write(`[memory] ${JSON.stringify({ ...now, live })}\n`);
  });
}
