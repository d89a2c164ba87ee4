// Where an account's own password lives, for its own change: a mailbox in `mailbox` (edit/self,
// mailcow's edit_user_account), an admin or domain admin in `admin` (mailcow's admin('edit') /
// domain_admin('edit') on itself, which also clear its attributes.force_pw_update). mailcow skips
// the current password during a forced change; Cowbell asks for it always (the session alone is
// not proof enough to set a new password).
import { and, eq, sql } from 'drizzle-orm';
import { admin } from '../../db/schema/access.ts';
import { mailbox } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { AppError } from '../lib/errors.ts';

export interface OwnPassword {
  hash: string;
  /** mailcow's log call (function, action) and success message for this kind of account. */
  call: string[];
  modified: string;
  /** Stores the new password (clear text; hashed here) and ends a forced change. */
  store(password: string): Promise<void>;
}

const stamp = sql`DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s')`;

async function ofAdmin(deps: Deps, actor: Actor): Promise<OwnPassword> {
  const [row] = await deps.db.select({ password: admin.password }).from(admin).where(eq(admin.username, actor.username)).limit(1);
  if (!row) throw new AppError('not_found', 'There is no such account.');
  const domainAdmin = actor.role === 'domain_admin';
  return {
    hash: row.password,
    call: domainAdmin ? ['domain_admin', 'edit'] : ['admin', 'edit'],
    modified: domainAdmin ? 'domain_admin_modified' : 'admin_modified',
    store: async (password) => {
      const hash = await deps.hasher.hash(password);
      await deps.db.update(admin).set({ password: hash, attributes: sql`JSON_SET(COALESCE(${admin.attributes}, '{}'), '$.force_pw_update', '0')` })
        .where(eq(admin.username, actor.username));
    },
  };
}

/**
 * Stores a checked mailbox password with mailcow's hash and stamps attributes.passwd_update as
 * NOW() ("YYYY-MM-DD HH:MM:SS"). `clearForcedUpdate`: the user's own change also sets
 * force_pw_update "0". Only mailcow-authenticated mailboxes have a password here (`authsource`).
 */
export async function setMailboxPassword(deps: Deps, username: string, password: string, clearForcedUpdate: boolean): Promise<void> {
  const hash = await deps.hasher.hash(password);
  const attributes = clearForcedUpdate
    ? sql`JSON_SET(COALESCE(${mailbox.attributes}, '{}'), '$.force_pw_update', '0', '$.passwd_update', ${stamp})`
    : sql`JSON_SET(COALESCE(${mailbox.attributes}, '{}'), '$.passwd_update', ${stamp})`;
  await deps.db.update(mailbox).set({ password: hash, attributes })
    .where(and(eq(mailbox.username, username), eq(mailbox.kind, ''), eq(mailbox.authsource, 'mailcow')));
}

async function ofMailbox(deps: Deps, actor: Actor): Promise<OwnPassword> {
  const [row] = await deps.db.select({ password: mailbox.password, authsource: mailbox.authsource }).from(mailbox)
    .where(and(eq(mailbox.username, actor.username), eq(mailbox.kind, ''))).limit(1);
  if (!row) throw new AppError('not_found', 'There is no such mailbox.');
  if ((row.authsource ?? 'mailcow') !== 'mailcow') {
    throw new AppError('forbidden', 'This mailbox signs in through an identity provider; change the password there.');
  }
  return { hash: row.password, call: ['edit_user_account'], modified: 'mailbox_modified', store: (password) => setMailboxPassword(deps, actor.username, password, true) };
}

export const ownPassword = (deps: Deps, actor: Actor): Promise<OwnPassword> => (actor.role === 'user' ? ofMailbox(deps, actor) : ofAdmin(deps, actor));
