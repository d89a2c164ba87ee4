// Web push through BullMQ: a "notify" job per mailbox (bursts coalesce into one) fans out into one
// "send" job per device, each retried with backoff while the push service is unavailable. The queues
// live in Redis, so any Cowbell process may take any job; rows are claimed, so none is told twice.
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import type { Deps } from '../deps.ts';
import { deliver } from '../features/push/deliver.ts';
import { prepareQuarantinePush, type SendJob } from '../features/push/notify.service.ts';
import { bullConnection, QUEUE_PREFIX } from './scheduler.ts';
import { describeError } from '../lib/errors.ts';

// Items arriving within COALESCE_MS of the first share its notification (the job runs after
// DELAY_MS > COALESCE_MS, so everything coalesced is in the database by then).
const DELAY_MS = 1000;
const COALESCE_MS = 800;

interface NotifyJob {
  rcpt: string;
  /** Marks the rows this job announces (see prepareQuarantinePush). */
  claim?: string;
}

export function createPushQueue(deps: Deps) {
  const connection = bullConnection(deps.env.REDIS_URL);
  const notify = new Queue<NotifyJob>('push-notify', { connection, prefix: QUEUE_PREFIX });
  const send = new Queue<SendJob>('push-send', { connection, prefix: QUEUE_PREFIX });
  const workers: Worker[] = [];

  return {
    async quarantined(rcpts: string[]): Promise<void> {
      await Promise.all([...new Set(rcpts)].map((rcpt) => notify.add('notify', { rcpt, claim: randomUUID() }, {
        delay: DELAY_MS, deduplication: { id: `rcpt:${rcpt}`, ttl: COALESCE_MS },
        removeOnComplete: 1000, removeOnFail: 5000, attempts: 5, backoff: { type: 'exponential', delay: 2000 },
      })));
    },
    startWorkers(): void {
      const report = (name: string) => (job: { id?: string } | undefined, err: Error) =>
        console.error(`[cowbell] ${name} job ${job?.id ?? ''} failed: ${describeError(err)}`);
      workers.push(new Worker<NotifyJob>('push-notify', async (job) => {
        // Jobs queued by an older Cowbell during a rolling update carry no claim.
        const claim = job.data.claim ?? `job-${job.id}`;
        const jobs = await prepareQuarantinePush(deps, job.data.rcpt, claim);
        // A retried notify job finds the rows it claimed before; fixed ids keep it from queueing their sends twice.
        await send.addBulk(jobs.map((data) => ({ name: 'send', data, opts: { jobId: `${claim}-${data.subscriptionId}`,
          // About 2.5 hours of retries in all: a push service that is down for a while loses nothing.
          attempts: 12, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 5000,
        } })));
        return jobs.length;
      }, { connection, prefix: QUEUE_PREFIX, concurrency: 4 }));
      workers[0].on('failed', report('push-notify'));
      workers.push(new Worker<SendJob>('push-send', async (job) => deliver(deps, job.data.subscriptionId, job.data.payload),
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
