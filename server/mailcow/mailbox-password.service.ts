// A mailbox's password (reference 2 and 1.2): mailcow's password_check against PASSWD_POLICY, its
// hash, attributes.passwd_update, and the user's own change (edit_user_account) with its audit rows.
// An admin's edit/mailbox sets a password through setMailboxPassword too.
import { and, eq, sql } from 'drizzle-orm';
import { mailbox } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize } from '../lib/authz/policy.ts';
import type { ErrorIssue } from '../lib/error-codes.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { parseInput } from '../lib/validate.ts';
import type { SigninLimiter } from '../features/session/signin-limiter.ts';
import { changeOwnPasswordInput, type ChangeOwnPasswordInput } from './mailbox-password.schema.ts';
import { passwordPolicyIssues, readPasswordPolicy, type PasswordPolicy } from './password-policy.ts';

export interface PasswordChangeDeps extends Deps {
  /** A wrong current password counts as a failed sign-in of the account. */
  limiter: SigninLimiter;
}

const refused = (issues: ErrorIssue[]) => new AppError('validation_failed', issues[0].message, issues);

/** mailcow's password_check(): both entries equal, then every PASSWD_POLICY rule. Throws validation_failed. */
export async function checkNewPassword(deps: Pick<Deps, 'redis'>, password: string, password2: string): Promise<void> {
  checkPasswordPair(await readPasswordPolicy(deps.redis), password, password2);
}

/** checkNewPassword() with the policy already read (a CSV import reads it once). */
export function checkPasswordPair(policy: PasswordPolicy, password: string, password2: string): void {
  if (password !== password2) throw refused([{ path: 'password2', code: 'mismatch', message: 'The two new passwords differ.' }]);
  const issues = passwordPolicyIssues(policy, password);
  if (issues.length > 0) throw refused(issues);
}

/**
 * Stores a checked password with mailcow's hash and stamps attributes.passwd_update as NOW()
 * ("YYYY-MM-DD HH:MM:SS"). `clearForcedUpdate`: the user's own change also sets force_pw_update "0".
 * Only mailcow-authenticated mailboxes have a password here (mailcow's `authsource = 'mailcow'`).
 */
export async function setMailboxPassword(deps: Deps, username: string, password: string, clearForcedUpdate: boolean): Promise<void> {
  const hash = await deps.hasher.hash(password);
  const stamp = sql`DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s')`;
  const attributes = clearForcedUpdate
    ? sql`JSON_SET(COALESCE(${mailbox.attributes}, '{}'), '$.force_pw_update', '0', '$.passwd_update', ${stamp})`
    : sql`JSON_SET(COALESCE(${mailbox.attributes}, '{}'), '$.passwd_update', ${stamp})`;
  await deps.db.update(mailbox).set({ password: hash, attributes })
    .where(and(eq(mailbox.username, username), eq(mailbox.kind, ''), eq(mailbox.authsource, 'mailcow')));
}

// mailcow logs edit_user_account's request with every password replaced by "*".
const CALL_DATA = { user_old_pass: '*', user_new_pass: '*', user_new_pass2: '*' };

/**
 * The signed-in user's own change (mailcow's edit/self): the current password first (a wrong one
 * counts against the account like a failed sign-in and is logged as access_denied), then the policy.
 * Ending the account's other sessions is the caller's part: it knows which session is asking.
 */
export async function changeOwnPassword(deps: PasswordChangeDeps, actor: Actor, input: ChangeOwnPasswordInput): Promise<void> {
  const data = parseInput(changeOwnPasswordInput, input);
  await authorize(deps.db, actor, { do: 'account.password' });
  const [row] = await deps.db.select({ password: mailbox.password, authsource: mailbox.authsource }).from(mailbox)
    .where(and(eq(mailbox.username, actor.username), eq(mailbox.kind, ''))).limit(1);
  if (!row) throw new AppError('not_found', 'There is no such mailbox.');
  if ((row.authsource ?? 'mailcow') !== 'mailcow') {
    throw new AppError('forbidden', 'This mailbox signs in through an identity provider; change the password there.');
  }
  await deps.limiter.reserve(actor.username, actor.ip);
  if (!(await deps.hasher.verify(row.password, data.currentPassword))) {
    await writeAudit(deps.db, [{ type: 'danger', msg: 'access_denied', call: ['edit_user_account', CALL_DATA], ...auditedBy(actor) }], deps.now());
    throw refused([{ path: 'currentPassword', code: 'invalid', message: 'The current password is not correct.' }]);
  }
  await deps.limiter.release(actor.username, actor.ip);
  await checkNewPassword(deps, data.password, data.password2);
  await setMailboxPassword(deps, actor.username, data.password, true);
  await writeAudit(deps.db, [{ type: 'success', msg: ['mailbox_modified', actor.username], call: ['edit_user_account', CALL_DATA], ...auditedBy(actor) }], deps.now());
}
