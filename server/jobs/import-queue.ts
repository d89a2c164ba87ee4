// CSV mailbox imports run as BullMQ jobs: the upload is kept in Redis, any Cowbell process may take
// the job, and its progress and result outlive a page reload (and the process that took the upload).
import { randomBytes } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { keys } from '../lib/redis-keys.ts';
import { commitImport, type CommitResult, type ImportMode } from '../features/mailbox-import/commit.ts';
import { parseMailboxCsv } from '../features/mailbox-import/csv-file.ts';
import { bullConnection, QUEUE_PREFIX } from './scheduler.ts';

const QUEUE = 'mailbox-import';
/** Upload, progress and result are kept a day: long enough to come back for the result file. */
export const IMPORT_TTL_S = 24 * 3600;

export interface ImportJob { id: string; actor: Actor; mode: ImportMode }
export interface ImportStatus {
  state: 'waiting' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  counts: CommitResult['counts'] | null;
  rolledBack: boolean;
  fileProblems: CommitResult['fileProblems'];
}

const queues = new WeakMap<Deps, Queue<ImportJob>>();
function queueOf(deps: Deps): Queue<ImportJob> {
  let q = queues.get(deps);
  if (!q) queues.set(deps, q = new Queue<ImportJob>(QUEUE, { connection: bullConnection(deps.env.REDIS_URL), prefix: QUEUE_PREFIX }));
  return q;
}

/** Keeps the file and queues its commit; the id names the import for its owner. */
export async function queueImport(deps: Deps, actor: Actor, file: Uint8Array, mode: ImportMode): Promise<string> {
  const id = randomBytes(12).toString('base64url');
  await deps.redis.multi()
    .set(keys.importFile(id), Buffer.from(file), 'EX', IMPORT_TTL_S)
    .set(keys.importStatus(id), JSON.stringify({ owner: actor.username, status: { state: 'waiting', done: 0, total: 0, counts: null, rolledBack: false, fileProblems: [] } }), 'EX', IMPORT_TTL_S)
    .exec();
  await queueOf(deps).add('commit', { id, actor, mode }, { jobId: id, removeOnComplete: true, removeOnFail: true, attempts: 1 });
  return id;
}

async function setStatus(deps: Deps, id: string, status: ImportStatus) {
  const raw = await deps.redis.get(keys.importStatus(id));
  if (!raw) return;
  await deps.redis.set(keys.importStatus(id), JSON.stringify({ ...JSON.parse(raw), status }), 'EX', IMPORT_TTL_S);
}

/** The import's state, for its owner only (anyone else: null, as if there were none). */
export async function importStatus(deps: Deps, actor: Actor, id: string): Promise<ImportStatus | null> {
  const raw = await deps.redis.get(keys.importStatus(id));
  if (!raw) return null;
  const { owner, status } = JSON.parse(raw) as { owner: string; status: ImportStatus };
  return owner === actor.username ? status : null;
}

/**
 * The result for its owner. Generated passwords are in it once: the first read takes them out of
 * what is kept, so a second download (or someone at the same screen later) no longer sees them.
 */
export async function takeImportResult(deps: Deps, actor: Actor, id: string): Promise<CommitResult | null> {
  if (!(await importStatus(deps, actor, id))) return null;
  const raw = await deps.redis.get(keys.importResult(id));
  if (!raw) return null;
  const result = JSON.parse(raw) as CommitResult;
  if (result.rows.some((r) => r.generatedPassword)) {
    const kept = { ...result, rows: result.rows.map(({ generatedPassword: _p, ...r }) => r) };
    await deps.redis.set(keys.importResult(id), JSON.stringify(kept), 'KEEPTTL');
  }
  return result;
}

async function run(deps: Deps, job: Job<ImportJob>) {
  const { id, actor, mode } = job.data;
  const file = await deps.redis.getBuffer(keys.importFile(id));
  const base: ImportStatus = { state: 'running', done: 0, total: 0, counts: null, rolledBack: false, fileProblems: [] };
  if (!file) return setStatus(deps, id, { ...base, state: 'failed' });
  await setStatus(deps, id, base);
  try {
    const result = await commitImport(deps, actor, parseMailboxCsv(file), mode, (done, total) => setStatus(deps, id, { ...base, done, total }));
    await deps.redis.set(keys.importResult(id), JSON.stringify(result), 'EX', IMPORT_TTL_S);
    const total = result.rows.length;
    await setStatus(deps, id, { state: 'done', done: total, total, counts: result.counts, rolledBack: result.rolledBack, fileProblems: result.fileProblems });
  } catch (e) {
    await setStatus(deps, id, { ...base, state: 'failed' });
    throw e;
  } finally {
    await deps.redis.del(keys.importFile(id));
  }
}

/** The worker (server/index.ts; tests start their own). One import at a time per process: each fills every hashing thread. */
export function startImportWorker(deps: Deps) {
  const worker = new Worker<ImportJob>(QUEUE, (job) => run(deps, job), { connection: bullConnection(deps.env.REDIS_URL), prefix: QUEUE_PREFIX, concurrency: 1 });
  return { close: async () => { await worker.close(); await queues.get(deps)?.close(); } };
}

export async function closeImportQueue(deps: Deps): Promise<void> {
  await queues.get(deps)?.close();
  queues.delete(deps);
}
