// One MessageNew event from Dovecot, from trusted input to queued pushes. Every event ends in one
// outcome, so tests and the drop counter can say what happened; none of them is an error the
// caller sees, so Dovecot cannot learn which addresses are mailboxes here. Dovecot's delivery waits
// for the answer, so the path is short: one database round trip and one Redis script before the
// pushes are queued, and the folder is remembered after that. A failure on the way answers 500 and
// the event is lost (the script does not retry); what was taken in Redis expires on its own.
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import type { QueuedSend } from '../../jobs/push-queue.ts';
import { keys } from '../../lib/redis-keys.ts';
import type { NewMailEventInput } from './new-mail.schema.ts';
import { NEW_MAIL_ATTEMPTS, newMailSends } from './notification.ts';
import { admitPush } from './push-state.ts';
import { explainNewMail, type SkipReason } from './rules.ts';
import { findRecipient, type Recipient } from './recipient.ts';
import { canonicalFolder } from './rules.schema.ts';
import { recordFolder } from './settings.store.ts';

export type NewMailOutcome =
  | { outcome: 'pushed'; devices: number }
  | { outcome: 'dropped'; reason: 'unknown_mailbox' }
  | { outcome: 'duplicate' | 'no_device' }
  | { outcome: 'skipped'; reason: SkipReason };

export type QueueSends = (sends: QueuedSend[]) => Promise<void>;

export async function receiveNewMail(deps: Deps, event: NewMailEventInput, queue: QueueSends): Promise<NewMailOutcome> {
  // Only an active mailbox that may sign in has devices to tell; anything else is counted, never answered.
  const recipient = await findRecipient(deps.db, event.user);
  if (!recipient) {
    await deps.redis.hincrby(keys.newMailDropped, 'unknown_mailbox', 1);
    return { outcome: 'dropped', reason: 'unknown_mailbox' };
  }
  if (recipient.devices.length === 0) return { outcome: 'no_device' };
  const folder = canonicalFolder(event.folder);
  const outcome = await decideAndQueue(deps, event, recipient, folder, queue);
  // After the pushes are queued (they wait for nothing here), and only for users who push at all:
  // every other delivery on the server costs no write.
  await recordFolder(deps.db, recipient.username, folder);
  return outcome;
}

async function decideAndQueue(deps: Deps, event: NewMailEventInput, to: Recipient, folder: string, queue: QueueSends): Promise<NewMailOutcome> {
  const { username, devices, settings } = to;
  const now = deps.now();
  const mail = { user: username, folder, from: event.from, subject: event.subject, flags: event.flags, keywords: event.keywords,
    listId: event.listId, precedence: event.precedence, rspamdBulk: event.rspamdBulk, receivedAt: now };
  const decision = explainNewMail(mail, settings, { now });
  if (!decision.push) return { outcome: 'skipped', reason: decision.reason };
  const inboxUnseen = folder === 'INBOX' ? event.unseen : null;
  const admitted = await admitPush(deps.redis, username, { folder, uidvalidity: event.uidvalidity, uid: event.uid }, now, settings.cap, inboxUnseen);
  if (admitted.outcome === 'duplicate') return { outcome: 'duplicate' };
  if (admitted.outcome === 'capped') return { outcome: 'skipped', reason: 'cap' };

  const sends = await newMailSends(deps, devices, { username, folder, uid: event.uid, from: event.from, subject: event.subject, inboxUnseen },
    settings, admitted.count);
  const id = randomUUID();
  await queue(sends.map((data) => ({ id: `new-mail-${id}-${data.subscriptionId}`, data, attempts: NEW_MAIL_ATTEMPTS })));
  return { outcome: 'pushed', devices: devices.length };
}
