// A signed-in account's own security: its password (mailbox users) and its browser sessions.
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import type { Session, SessionStore } from '../../lib/auth/session-store.ts';
import { recordProof } from '../../lib/auth/step-up.ts';
import { AppError } from '../../lib/errors.ts';
import { changeOwnPassword, type PasswordChangeDeps } from '../../mailcow/mailbox-password.service.ts';
import type { ChangeOwnPasswordInput } from '../../mailcow/mailbox-password.schema.ts';
import { accountStamp, findAccount } from '../session/accounts.ts';
import type { AccountSessionView } from './account-security.schema.ts';
import { deviceName } from '../../lib/auth/device-name.ts';

export interface AccountSecurityDeps extends PasswordChangeDeps {
  sessions: SessionStore;
}

/** The session making the request. */
export interface CurrentSession { id: string; session: Session }

/**
 * Changes the password; the asking session carries on (it takes the account's new stamp, and a
 * forced change is done), every other session of the account ends.
 */
export async function changePassword(deps: AccountSecurityDeps, actor: Actor, input: ChangeOwnPasswordInput, current: CurrentSession): Promise<{ endedSessions: number }> {
  await changeOwnPassword(deps, actor, input);
  const account = await findAccount(deps.db, actor.username);
  if (account) {
    current.session.accountStamp = accountStamp(account);
    current.session.mustChangePassword = false;
    // The current password was just given: that is a fresh proof too.
    recordProof(deps, current.session, 'password');
    await deps.sessions.update(current.id, current.session);
  }
  return { endedSessions: await deps.sessions.destroyAllFor(actor.username, current.id) };
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function listSessions(deps: AccountSecurityDeps, actor: Actor, currentId: string): Promise<AccountSessionView[]> {
  await authorize(deps.db, actor, { do: 'account.sessions' });
  return (await deps.sessions.listFor(actor.username, currentId)).map(({ handle, session, current }) => ({
    id: handle, device: deviceName(session.userAgent), ip: session.ip ?? null,
    createdAt: iso(session.createdAt), lastSeenAt: iso(session.lastSeenAt), current,
  }));
}

/** Ends one of the actor's own sessions; any other handle (another account's included) is not_found. */
export async function endSession(deps: AccountSecurityDeps, actor: Actor, handle: string): Promise<void> {
  await authorize(deps.db, actor, { do: 'account.sessions' });
  if (!(await deps.sessions.destroyByHandle(actor.username, handle))) throw new AppError('not_found', 'There is no such session.');
}

/** "Sign out everywhere else". */
export async function endOtherSessions(deps: AccountSecurityDeps, actor: Actor, currentId: string): Promise<{ endedSessions: number }> {
  await authorize(deps.db, actor, { do: 'account.sessions' });
  return { endedSessions: await deps.sessions.destroyAllFor(actor.username, currentId) };
}
