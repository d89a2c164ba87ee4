import { afterAll, expect, it, vi } from 'vitest';
import { useTestApp } from '../test/helpers.ts';
import { startScheduler, type Chores } from './scheduler.ts';

// Each app has its own Redis database (so its own queue), and the chores only record that they
// ran: the real ones would work over the whole shared database, under other test files' feet.
const standalone = useTestApp({}, 8);
const attached = useTestApp({ COWBELL_DB_MODE: 'attach' }, 9);
const running: { close(): Promise<void> }[] = [];
afterAll(() => Promise.all(running.map((r) => r.close())));

function recording() {
  const ran: string[] = [];
  const chores: Chores = {
    async digest() { ran.push('digest'); },
    async housekeeping() { ran.push('housekeeping'); },
    async aliasCleanup() { ran.push('aliasCleanup'); },
    async aliasReminders() { ran.push('aliasReminders'); },
    async appPasswdExpiry() { ran.push('appPasswdExpiry'); },
    async mailboxSort() { ran.push('mailboxSort'); },
    async announcementPush() { ran.push('announcementPush'); },
  };
  return { ran, chores };
}

it('schedules the digest in standalone mode and leaves it to mailcow in attach mode', async () => {
  const [first, second] = [recording(), recording()];
  const a = await startScheduler(standalone.deps, first.chores);
  const b = await startScheduler(attached.deps, second.chores);
  running.push(a, b);
  const ids = async (s: typeof a) => (await s.queue.getJobSchedulers()).map((j) => j.key).sort();
  expect(await ids(a)).toEqual(['alias-reminders', 'announcement-push', 'app-passwd-expiry', 'mailbox-sort', 'quarantine-digest', 'quarantine-housekeeping', 'spamalias-cleanup']);
  expect(await ids(b)).toEqual(['alias-reminders', 'announcement-push', 'app-passwd-expiry', 'mailbox-sort', 'quarantine-housekeeping', 'spamalias-cleanup']);
  // A scheduler's first run comes at once, and each job runs its own chore.
  await vi.waitFor(() => {
    expect([...first.ran].sort()).toEqual(['aliasCleanup', 'aliasReminders', 'announcementPush', 'appPasswdExpiry', 'digest', 'housekeeping', 'mailboxSort']);
    expect([...second.ran].sort()).toEqual(['aliasCleanup', 'aliasReminders', 'announcementPush', 'appPasswdExpiry', 'housekeeping', 'mailboxSort']);
  });
});
