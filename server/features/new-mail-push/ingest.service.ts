// One MessageNew event from Dovecot, from trusted input to queued pushes. Every event ends in one
// outcome, so tests and the drop counter can say what happened; none of them is an error the
// caller sees, so Dovecot cannot learn which addresses are mailboxes here.
import { createHash, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { cowbellPushSubscriptions as subs } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import type { QueuedSend } from '../../jobs/push-queue.ts';
import { keys } from '../../lib/redis-keys.ts';
import { findAccount } from '../session/accounts.ts';
import type { NewMailEventInput } from './new-mail.schema.ts';
import { newMailSends } from './notification.ts';
import { claimPush, joinBurst, previousPushes } from './push-state.ts';
import { explainNewMail, type SkipReason } from './rules.ts';
import { canonicalFolder } from './rules.schema.ts';
import { readSettings, recordFolder } from './settings.store.ts';

export type NewMailOutcome =
  | { outcome: 'pushed'; devices: number }
  | { outcome: 'dropped'; reason: 'unknown_mailbox' }
  | { outcome: 'duplicate' | 'no_device' }
  | { outcome: 'skipped'; reason: SkipReason };

/**
 * How long a delivered message is remembered against a repeated event. The Lua script never retries
 * (max_attempts 1), and a redelivered mail gets a new UID: repeats come from a replayed request, soon.
 */
const SEEN_SECONDS = 3600;

export type QueueSends = (sends: QueuedSend[]) => Promise<void>;

export async function receiveNewMail(deps: Deps, event: NewMailEventInput, queue: QueueSends): Promise<NewMailOutcome> {
  // Only an active mailbox that may sign in has devices to tell; anything else is counted, never answered.
  const account = await findAccount(deps.db, event.user);
  if (!account || account.role !== 'user' || account.refusal) {
    await deps.redis.hincrby(keys.newMailDropped, 'unknown_mailbox', 1);
    return { outcome: 'dropped', reason: 'unknown_mailbox' };
  }
  const username = account.username;
  const folder = canonicalFolder(event.folder);
  await recordFolder(deps.db, username, folder);
  const devices = await deps.db.select().from(subs).where(and(eq(subs.username, username), eq(subs.newMail, 1)));
  if (devices.length === 0) return { outcome: 'no_device' };
  // Remembered only for users with devices: every delivery of a large server would otherwise leave a key.
  const messageKey = createHash('sha256').update(`${folder}\0${event.uidvalidity}\0${event.uid}`).digest('base64url').slice(0, 22);
  if (await deps.redis.set(keys.newMailSeen(username, messageKey), '1', 'EX', SEEN_SECONDS, 'NX') !== 'OK') return { outcome: 'duplicate' };
  const settings = await readSettings(deps.db, username);
  const now = deps.now();
  const mail = { user: username, folder, from: event.from, subject: event.subject, flags: event.flags, keywords: event.keywords,
    listId: event.listId, precedence: event.precedence, rspamdBulk: event.rspamdBulk, receivedAt: now };
  const decision = explainNewMail(mail, settings, { now, previousPushes: await previousPushes(deps.redis, username, now, settings.cap) });
  const inboxUnseen = folder === 'INBOX' ? event.unseen : null;
  // Capped mail still counts into the burst: the next notification that goes out says how much came.
  if (!decision.push && decision.reason !== 'cap') return { outcome: 'skipped', reason: decision.reason };
  const count = await joinBurst(deps.redis, username, inboxUnseen);
  if (!decision.push || !(await claimPush(deps.redis, username, now, settings.cap))) return { outcome: 'skipped', reason: 'cap' };

  const sends = await newMailSends(deps, devices, { username, folder, uid: event.uid, from: event.from, subject: event.subject, inboxUnseen },
    settings, count);
  const id = randomUUID();
  await queue(sends.map((data) => ({ id: `new-mail-${id}-${data.subscriptionId}`, data })));
  return { outcome: 'pushed', devices: devices.length };
}
