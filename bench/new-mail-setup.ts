// What the new-mail figures need and leave: mailboxes (kept between runs), one device each at the
// local push service with new mail on, settings rows for the throughput figure; and the removal of
// everything the figures made, so each run starts the same.
import { eq, like } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.ts';
import { cowbellNewMailFolders, cowbellNewMailSettings, cowbellPushSubscriptions as subs } from '../db/schema/cowbell.ts';
import { domain, mailbox } from '../db/schema/mail.ts';
import type { TokenGrant } from '../server/features/push/action-tokens.ts';
import type { Target } from '../server/features/push/sender.ts';
import type { NewMailSettingsInput } from '../server/features/new-mail-push/rules.schema.ts';
import { keys } from '../server/lib/redis-keys.ts';
import { insertDomain, insertMailbox } from '../server/lib/mailcow/provision.ts';
import type { startPushService } from '../server/test/push-service.ts';
import { forgetPushJobs } from './quarantine.ts';

export const NEW_MAIL_DOMAIN = 'new-mail-bench.test';
const ours = `%@${NEW_MAIL_DOMAIN}`;
/** Nobody signs in as these mailboxes: Dovecot's events name them, nothing checks a password. */
const NO_PASSWORD = '{BLF-CRYPT}!';

export type PushService = Awaited<ReturnType<typeof startPushService>>;

/** `count` mailboxes in their own domain; the ones an earlier run made are kept. */
export async function ensureMailboxes(db: Db, count: number): Promise<string[]> {
  const users = Array.from({ length: count }, (_, i) => `nm${i}@${NEW_MAIL_DOMAIN}`);
  if ((await db.select().from(domain).where(eq(domain.domain, NEW_MAIL_DOMAIN))).length === 0) await insertDomain(db, NEW_MAIL_DOMAIN);
  const have = new Set((await db.select({ username: mailbox.username }).from(mailbox).where(eq(mailbox.domain, NEW_MAIL_DOMAIN)))
    .map((r) => r.username));
  for (const [i, username] of users.entries()) {
    if (!have.has(username)) await insertMailbox(db, { localPart: `nm${i}`, domain: NEW_MAIL_DOMAIN, passwordHash: NO_PASSWORD });
  }
  return users;
}

/** One device per mailbox at the push service, new mail on; resolves with where each is pushed to, in the users' order. */
export async function subscribeDevices(db: Db, push: PushService, users: string[]): Promise<Target[]> {
  const targets = users.map((_, i) => {
    const s = push.subscription(`nmb-${i}`);
    return { endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth };
  });
  await db.insert(subs).values(users.map((username, i) => ({ username, deviceId: `nmb-${i}`, name: 'bench', ...targets[i], newMail: 1 })));
  return targets;
}

/**
 * Each user's Inbox as the ingest remembers it after their first mail: otherwise every mailbox's first
 * event in a run would take the new-folder path (an insert and a look at the folders kept), which a
 * mailbox in use took long ago.
 */
export async function rememberInboxes(db: Db, users: string[]): Promise<void> {
  await db.insert(cowbellNewMailFolders).values(users.map((username) => ({ username, folder: 'INBOX' })));
}

/** Stored settings for each user, as the settings API would write them (with no row, each has the defaults). */
export async function writeSettingsRows(db: Db, users: string[], settings: NewMailSettingsInput): Promise<void> {
  await db.insert(cowbellNewMailSettings).values(users.map((username) => ({ username, settings: JSON.stringify(settings) })))
    .onDuplicateKeyUpdate({ set: { settings: JSON.stringify(settings) } });
}

/** Deletes the keys matching `pattern` (those whose value `only` accepts, when given). */
async function deleteMatching(redis: Redis, pattern: string, only?: (value: string) => boolean): Promise<void> {
  for await (const batch of redis.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>) {
    const values = only && batch.length > 0 ? await redis.mget(batch) : [];
    const gone = only ? batch.filter((_, i) => values[i] !== null && only(values[i]!)) : batch;
    if (gone.length > 0) await redis.del(...gone);
  }
}

/**
 * Devices, settings and folder rows of the bench's mailboxes; their cap windows, bursts and seen
 * messages in Redis; the mute-sender tokens their pushes carried; and every push job.
 */
export async function forgetNewMail(db: Db, redis: Redis, redisUrl: string): Promise<void> {
  await db.delete(subs).where(like(subs.username, ours));
  await db.delete(cowbellNewMailSettings).where(like(cowbellNewMailSettings.username, ours));
  await db.delete(cowbellNewMailFolders).where(like(cowbellNewMailFolders.username, ours));
  const anyOurs = `*@${NEW_MAIL_DOMAIN}`;
  for (const pattern of [keys.newMailSeen(anyOurs, '*'), keys.newMailPushes(anyOurs), keys.newMailBurst(anyOurs)]) await deleteMatching(redis, pattern);
  // Token keys are hashes: the grant inside says whose it is.
  await deleteMatching(redis, keys.pushActionToken('*'), (v) => (JSON.parse(v) as TokenGrant).username.endsWith(`@${NEW_MAIL_DOMAIN}`));
  await forgetPushJobs(redisUrl);
}
