// Q_HTML is a template any mailcow admin (or rw API key, or mailcow's own UI) can set, and the
// sandbox in digest-template.ts stops it reaching Node but not from working forever: nested loops,
// recursive macros, a string doubled until the heap is gone. mailcow renders it in a short-lived
// Python run; Cowbell's digest job shares the web server's process, so a template runs in a worker
// thread with a deadline and a small heap, and one that overruns either is stopped and replaced by
// mailcow's own template (as for one that does not parse).
import { Piscina } from 'piscina';
import { renderDefaultDigest, type DigestInput } from './digest-template.ts';
import type { DigestRenderTask } from './digest-render.worker.ts';

/** A digest renders in milliseconds; this is for the thread's start (tsx in development) and a slow host. */
export const RENDER_TIMEOUT_MS = 5_000;

type Rendered = { html: string; text: string } | null;
let pool: Piscina<DigestRenderTask, Rendered> | null = null;

// One thread at most, started by the first digest with a Q_HTML and ended after a minute without one.
const renderer = () => (pool ??= new Piscina<DigestRenderTask, Rendered>({
  filename: new URL('./digest-render.worker.mjs', import.meta.url).href,
  minThreads: 0,
  maxThreads: 1,
  idleTimeout: 60_000,
  resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 },
}));

/** The last Q_HTML that overran: every other mailbox's digest would wait out the deadline again. */
let overran: string | null = null;

/** renderDigest's answer, with Q_HTML bounded in time and memory. */
export async function renderDigestBounded(template: string | null, input: DigestInput, timeoutMs = RENDER_TIMEOUT_MS) {
  if (!template || template === overran) return renderDefaultDigest(input);
  let custom: Rendered = null;
  try {
    // An aborted task's thread is terminated: whatever the template was doing stops there.
    custom = await renderer().run({ template, input }, { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    // Stopped for its deadline or its heap (a template that merely fails to parse comes back as null).
    overran = template;
  }
  return custom ? { ...custom, usedDefault: false } : renderDefaultDigest(input);
}
