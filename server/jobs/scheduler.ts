// Background work on Redis through BullMQ: one repeatable job per chore, run once across however many
// Cowbell processes share the Redis. Started by server/index.ts; tests call the chores directly.
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Deps } from '../deps.ts';
import { remindExpiringAliases } from './alias-reminders.ts';
import type { PushQueue } from './push-queue.ts';
import { deleteAged, pruneIndex } from '../features/quarantine/quarantine-index.ts';
import { digestEnabled, sendDigests } from './quarantine-digest.ts';
import { describeError } from '../lib/errors.ts';
import { expireAppPasswords } from '../mailcow/app-passwd.service.ts';
import { cleanUpTimeLimitedAliases } from '../mailcow/spamalias.service.ts';
import { refreshMailboxSort } from '../mailcow/mailbox-sort-copy.ts';
import { pushAnnouncement } from '../features/announcements/announcement-push.ts';

export const QUEUE_PREFIX = 'cowbell:bull';

/** BullMQ brings its own ioredis, so it gets connection options rather than our client. */
export function bullConnection(redisUrl: string): ConnectionOptions {
  const u = new URL(redisUrl);
  return {
    host: u.hostname, port: Number(u.port || 6379), db: Number(u.pathname.slice(1) || 0),
    username: u.username || undefined, password: u.password ? decodeURIComponent(u.password) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined, maxRetriesPerRequest: null,
  };
}

/** What each scheduled job does. Tests pass their own, so no chore runs over other test files' rows. */
export interface Chores {
  digest(deps: Deps): Promise<unknown>;
  housekeeping(deps: Deps): Promise<unknown>;
  aliasCleanup(deps: Deps): Promise<unknown>;
  aliasReminders(deps: Deps): Promise<unknown>;
  appPasswdExpiry(deps: Deps): Promise<unknown>;
  mailboxSort(deps: Deps): Promise<unknown>;
  announcementPush(deps: Deps): Promise<unknown>;
}

/** The real chores; alias reminders go out through the push queue's send jobs. */
export const choresWith = (push: Pick<PushQueue, 'queueSends'>): Chores => ({
  digest: (deps) => sendDigests(deps),
  async housekeeping(deps) {
    const aged = deps.env.COWBELL_DB_MODE === 'standalone' ? await deleteAged(deps.db, deps.redis) : 0;
    return { aged, pruned: await pruneIndex(deps.db) };
  },
  aliasCleanup: (deps) => cleanUpTimeLimitedAliases(deps),
  aliasReminders: (deps) => remindExpiringAliases(deps, push.queueSends),
  appPasswdExpiry: (deps) => expireAppPasswords(deps),
  mailboxSort: (deps) => refreshMailboxSort(deps.db),
  announcementPush: (deps) => pushAnnouncement(deps, push.queueSends),
});

export async function startScheduler(deps: Deps, chores: Chores) {
  const connection = bullConnection(deps.env.REDIS_URL);
  const queue = new Queue('maintenance', { connection, prefix: QUEUE_PREFIX });
  // mailcow's notifier runs every 20 minutes; each mailbox's own interval decides whether it is due.
  if (digestEnabled(deps)) await queue.upsertJobScheduler('quarantine-digest', { every: 20 * 60_000 }, { name: 'quarantine-digest' });
  else await queue.removeJobScheduler('quarantine-digest');
  await queue.upsertJobScheduler('quarantine-housekeeping', { every: 60 * 60_000 }, { name: 'quarantine-housekeeping' });
  // mailcow's clean_spamalias event runs daily; in attach mode both may run, the statement is the same.
  await queue.upsertJobScheduler('spamalias-cleanup', { every: 24 * 60 * 60_000 }, { name: 'spamalias-cleanup' });
  // A reminder goes out within a quarter of an hour of its alias entering the last day.
  await queue.upsertJobScheduler('alias-reminders', { every: 15 * 60_000 }, { name: 'alias-reminders' });
  // An expired app password stops working within five minutes (mailcow's Dovecot reads only `active`).
  await queue.upsertJobScheduler('app-passwd-expiry', { every: 5 * 60_000 }, { name: 'app-passwd-expiry' });
  // The admin list's order by name, quota and use across domains follows mailcow within a minute.
  await queue.upsertJobScheduler('mailbox-sort', { every: 60_000 }, { name: 'mailbox-sort' });
  // An announcement switched on or changed (here or in mailcow's UI) reaches opted-in devices within half a minute.
  await queue.upsertJobScheduler('announcement-push', { every: 30_000 }, { name: 'announcement-push' });
  const worker = new Worker('maintenance', async (job) => {
    if (job.name === 'quarantine-digest') return chores.digest(deps);
    if (job.name === 'quarantine-housekeeping') return chores.housekeeping(deps);
    if (job.name === 'spamalias-cleanup') return chores.aliasCleanup(deps);
    if (job.name === 'alias-reminders') return chores.aliasReminders(deps);
    if (job.name === 'app-passwd-expiry') return chores.appPasswdExpiry(deps);
    if (job.name === 'mailbox-sort') return chores.mailboxSort(deps);
    if (job.name === 'announcement-push') return chores.announcementPush(deps);
    return null;
  }, { connection, prefix: QUEUE_PREFIX, concurrency: 1 });
  worker.on('failed', (job, err) => console.error(`[cowbell] job ${job?.name} failed: ${describeError(err)}`));
  return { queue, close: async () => { await worker.close(); await queue.close(); } };
}
