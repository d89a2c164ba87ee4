// Which mailbox a call is about, and whether the actor may act on it: mailcow's `username` attribute
// (admins and domain admins act for a mailbox; a user only ever for their own).
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mailbox } from '../../db/schema/mail.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize, type MailboxRef } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** The mailbox row's name and domain; for a name with no mailbox (an orphaned alias's goto), its domain part. */
export async function mailboxRef(db: Db, username: string): Promise<MailboxRef & { exists: boolean }> {
  const [row] = await db.select({ username: mailbox.username, domain: mailbox.domain }).from(mailbox).where(eq(mailbox.username, username)).limit(1);
  return row ? { username: row.username, domain: row.domain.toLowerCase(), exists: true } : { username, domain: domainOf(username), exists: false };
}

/**
 * `username` (default: the actor's own mailbox) once the actor may `action` on it. A user naming
 * another mailbox is refused before any look-up; admins have no mailbox of their own and must name one.
 */
export async function targetMailbox(db: Db, actor: Actor, username: string | undefined, action: 'aliases.read' | 'spamalias.write' | 'appPasswords.admin' | 'signIns.admin'): Promise<MailboxRef> {
  if (actor.role === 'anonymous') throw new AppError('unauthenticated', 'Please sign in.');
  if (actor.role === 'user' && username !== undefined && username !== actor.username) {
    throw new AppError('forbidden', 'You may only manage your own mailbox.');
  }
  const name = username ?? (actor.role === 'user' ? actor.username : undefined);
  if (!name) throw new AppError('validation_failed', 'Name the mailbox to act for.', [{ path: 'username', message: 'Required.', code: 'required' }]);
  const ref = await mailboxRef(db, name);
  await authorize(db, actor, { do: action, mailbox: ref });
  if (!ref.exists) throw new AppError('not_found', 'There is no such mailbox.');
  return { username: ref.username, domain: ref.domain };
}
