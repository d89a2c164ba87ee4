// An account's password (reference 2 and 1.2): mailcow's password_check against PASSWD_POLICY, and
// the account's own change (a mailbox's edit_user_account, an admin's or domain admin's own edit)
// with its audit rows. Where each kind keeps its password: own-password.ts.
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize } from '../lib/authz/policy.ts';
import type { ErrorIssue } from '../lib/error-codes.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { parseInput } from '../lib/validate.ts';
import type { SigninLimiter } from '../features/session/signin-limiter.ts';
import { changeOwnPasswordInput, type ChangeOwnPasswordInput } from './mailbox-password.schema.ts';
import { ownPassword } from './own-password.ts';
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

// mailcow logs the request with every password replaced by "*".
const CALL_DATA = { user_old_pass: '*', user_new_pass: '*', user_new_pass2: '*' };

/**
 * The signed-in user's own change (mailcow's edit/self): the current password first (a wrong one
 * counts against the account like a failed sign-in and is logged as access_denied), then the policy.
 * Ending the account's other sessions is the caller's part: it knows which session is asking.
 */
export async function changeOwnPassword(deps: PasswordChangeDeps, actor: Actor, input: ChangeOwnPasswordInput): Promise<void> {
  const data = parseInput(changeOwnPasswordInput, input);
  await authorize(deps.db, actor, { do: 'account.password' });
  const own = await ownPassword(deps, actor);
  await deps.limiter.reserve(actor.username, actor.ip);
  if (!(await deps.hasher.verify(own.hash, data.currentPassword))) {
    await writeAudit(deps.db, [{ type: 'danger', msg: 'access_denied', call: [...own.call, CALL_DATA], ...auditedBy(actor) }], deps.now());
    throw refused([{ path: 'currentPassword', code: 'invalid', message: 'The current password is not correct.' }]);
  }
  await deps.limiter.release(actor.username, actor.ip);
  await checkNewPassword(deps, data.password, data.password2);
  await own.store(data.password);
  await writeAudit(deps.db, [{ type: 'success', msg: [own.modified, actor.username], call: [...own.call, CALL_DATA], ...auditedBy(actor) }], deps.now());
}
