// Web push through BullMQ: a "notify" job per mailbox fans out into one "send" job per device, each
// retried with backoff while the push service is unavailable (alias reminders queue send jobs too). The first item of a burst is announced
// at once; what follows within the window is coalesced into one delayed notification. The queues live
// in Redis, so any Cowbell process may take any job; rows are claimed, so none is told twice.
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import type { Deps } from '../deps.ts';
import { deliver } from '../features/push/deliver.ts';
import { prepareQuarantinePush, type SendJob } from '../features/push/notify.service.ts';
import { bullConnection, QUEUE_PREFIX } from './scheduler.ts';
import { describeError } from '../lib/errors.ts';
import { keys } from '../lib/redis-keys.ts';

export interface PushTiming {
  /**
   * After a notification is queued at once, items within this long join one coalesced notification;
   * each coalesced notification also gathers what arrives within this long of its first item.
   */
  coalesceMs: number;
  /** When a coalesced notification runs; longer than `coalesceMs`, so everything it gathers is in the database by then. */
  delayMs: number;
  /** The first retry waits this long, each further one twice as long as the one before (BullMQ's exponential back-off). */
  retryDelayMs: number;
}

/** A send job with its BullMQ id: an id already queued is not queued twice (a retried notify job, say). */
export interface QueuedSend {
  id: string;
  data: SendJob;
  /** Tries in all; unset: 12 (about 2.5 hours at the default timing). */
  attempts?: number;
}

interface NotifyJob {
  rcpt: string;
  /** Marks the rows this job announces (see prepareQuarantinePush). */
  claim?: string;
}

export const PUSH_TIMING: PushTiming = { coalesceMs: 800, delayMs: 1000, retryDelayMs: 2000 };
/** Send jobs per addBulk call (one Redis transaction each). */
const SEND_BATCH = 500;

/** `timing` is for tests, which cannot wait for a real back-off. */
export function createPushQueue(deps: Deps, timing: Partial<PushTiming> = {}) {
  const { coalesceMs, delayMs, retryDelayMs } = { ...PUSH_TIMING, ...timing };
  if (delayMs <= coalesceMs) throw new Error('push timing: delayMs must be longer than coalesceMs');
  const backoff = { type: 'exponential', delay: retryDelayMs };
  const connection = bullConnection(deps.env.REDIS_URL);
  const notify = new Queue<NotifyJob>('push-notify', { connection, prefix: QUEUE_PREFIX });
  const send = new Queue<SendJob>('push-send', { connection, prefix: QUEUE_PREFIX });
  const workers: Worker[] = [];

  const jobOptions = { removeOnComplete: 1000, removeOnFail: 5000, attempts: 5, backoff };

  /**
   * The first item since the mailbox's last notification is announced now (SET NX: one Cowbell wins,
   * however many see the burst). Later ones join a delayed notification, and the mark lasts until it
   * has run, so a storm gets one notification per window rather than one per item.
   */
  async function queueFor(rcpt: string): Promise<void> {
    const recent = keys.pushRecentlyNotified(rcpt);
    if (await deps.redis.set(recent, '1', 'PX', coalesceMs, 'NX') === 'OK') {
      await notify.add('notify', { rcpt, claim: randomUUID() }, jobOptions);
      return;
    }
    await deps.redis.pexpire(recent, delayMs);
    await notify.add('notify', { rcpt, claim: randomUUID() }, { ...jobOptions, delay: delayMs, deduplication: { id: `rcpt:${rcpt}`, ttl: coalesceMs } });
  }

  async function queueSends(sends: QueuedSend[]): Promise<void> {
    for (let i = 0; i < sends.length; i += SEND_BATCH) {
      await send.addBulk(sends.slice(i, i + SEND_BATCH).map(({ id, data, attempts }) => ({ name: 'send', data, opts: { jobId: id,
        // About 2.5 hours of retries in all (at the default timing): a push service that is down for a while loses nothing.
        attempts: attempts ?? 12, backoff, removeOnComplete: 1000, removeOnFail: 5000,
      } })));
    }
  }

  return {
    async quarantined(rcpts: string[]): Promise<void> {
      await Promise.all([...new Set(rcpts)].map(queueFor));
    },
    queueSends,
    startWorkers(): void {
      const report = (name: string) => (job: { id?: string } | undefined, err: Error) =>
        console.error(`[cowbell] ${name} job ${job?.id ?? ''} failed: ${describeError(err)}`);
      workers.push(new Worker<NotifyJob>('push-notify', async (job) => {
        // Jobs queued by an older Cowbell during a rolling update carry no claim.
        const claim = job.data.claim ?? `job-${job.id}`;
        const jobs = await prepareQuarantinePush(deps, job.data.rcpt, claim);
        // A retried notify job finds the rows it claimed before; fixed ids keep it from queueing their sends twice.
        await queueSends(jobs.map((data) => ({ id: `${claim}-${data.subscriptionId}`, data })));
        return jobs.length;
      }, { connection, prefix: QUEUE_PREFIX, concurrency: 4 }));
      workers[0].on('failed', report('push-notify'));
      workers.push(new Worker<SendJob>('push-send', async (job) => deliver(deps, job.data.subscriptionId, job.data.payload, job.data.delivery),
        { connection, prefix: QUEUE_PREFIX, concurrency: 8 }));
      // A send that will be retried is normal while a push service is down; only the last failure is worth a line.
      workers[1].on('failed', (job, err) => { if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) report('push-send')(job, err); });
    },
    async close(): Promise<void> {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([notify.close(), send.close()]);
    },
    queues: { notify, send },
  };
}

export type PushQueue = ReturnType<typeof createPushQueue>;
