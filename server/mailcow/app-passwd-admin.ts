// mailcow's app_passwd() for whoever administers a mailbox (reference 6.1; /api/v1 add, edit, delete
// and get app-passwd): an admin any mailbox, a domain admin those of its domains, with a password the
// caller chooses (mailcow's password_check). The rows are written by app-passwd.service.ts, as the
// user's own are.
import { and, asc, eq } from 'drizzle-orm';
import { appPasswd } from '../../db/schema/access.ts';
import { cowbellAppPasswdExpiry as expiry } from '../../db/schema/cowbell.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import type { AppPasswdProtocol } from './app-passwd.schema.ts';
import { deleteAppPasswd, insertAppPasswd, refuseExpiredActivation, storedName, updateAppPasswd } from './app-passwd.service.ts';
import { targetMailbox } from './mailbox-access.ts';
import { checkNewPassword } from './mailbox-password.service.ts';
import { isPreHashed } from './password-policy.ts';

export interface AdminAppPasswdInput {
  username: string;
  name: string;
  password: string;
  password2: string;
  active: boolean;
  protocols: AppPasswdProtocol[];
}

export interface AdminAppPasswdChange {
  name?: string;
  password?: string;
  password2?: string;
  active?: boolean;
  protocols?: AppPasswdProtocol[];
}

/** A mailbox's app_passwd rows whole, hash included, as mailcow's get/app-passwd/all/<mailbox> answers them. */
export async function appPasswordRowsOf(deps: Deps, actor: Actor, username: string) {
  const ref = await targetMailbox(deps.db, actor, username, 'appPasswords.admin');
  return deps.db.select().from(appPasswd).where(eq(appPasswd.mailbox, ref.username)).orderBy(asc(appPasswd.id));
}

/** mailcow's password_check(): empty is too weak, then both equal, then PASSWD_POLICY. */
async function chosenPasswordHash(deps: Deps, password: string, password2: string): Promise<string> {
  if (password === '' || password2 === '') {
    throw new AppError('validation_failed', 'Enter the password twice.', [{ path: 'password', code: 'required', message: 'Enter the password twice.' }]);
  }
  await checkNewPassword(deps, password, password2);
  // mailcow's hash_password() keeps a password that is already a hash (a migration) as it is.
  return isPreHashed(password) ? password : deps.hasher.hash(password);
}

/** mailcow's add: the mailbox, then the password, then the name (in mailcow's order of refusals). */
export async function addAppPasswordFor(deps: Deps, actor: Actor, input: AdminAppPasswdInput, logData: Record<string, unknown>): Promise<number> {
  const ref = await targetMailbox(deps.db, actor, input.username, 'appPasswords.admin');
  const hash = await chosenPasswordHash(deps, input.password, input.password2);
  const name = input.name.trim();
  if (name === '') throw new AppError('validation_failed', 'Name the app password.', [{ path: 'name', code: 'required', message: 'Name the app password.' }]);
  return insertAppPasswd(deps, actor, {
    mailbox: ref.username, domain: ref.domain, name: storedName(name), hash, active: input.active, protocols: input.protocols,
  }, logData);
}

/** The row behind an id once the actor may act on its mailbox: not_found when there is none, forbidden outside its scope. */
async function reachableRow(deps: Deps, actor: Actor, id: number) {
  const [row] = await deps.db.select({ id: appPasswd.id, mailbox: appPasswd.mailbox, domain: appPasswd.domain, expiresAt: expiry.expiresAt })
    .from(appPasswd)
    .leftJoin(expiry, and(eq(expiry.appPasswdId, appPasswd.id), eq(expiry.username, appPasswd.mailbox)))
    .where(eq(appPasswd.id, id)).limit(1);
  if (!row) throw new AppError('not_found', 'No such app password.');
  await authorize(deps.db, actor, { do: 'appPasswords.admin', mailbox: { username: row.mailbox, domain: row.domain.toLowerCase() } });
  return row;
}

/**
 * mailcow's edit of one id: an empty name keeps the old one, a new password only when given twice.
 * The row stays with its mailbox (mailcow would move it to the `username` sent, or to the caller).
 */
export async function editAppPasswordFor(
  deps: Deps, actor: Actor, id: number, change: AdminAppPasswdChange, logData: Record<string, unknown>, named: string,
): Promise<void> {
  const row = await reachableRow(deps, actor, id);
  const hash = change.password && change.password2 ? await chosenPasswordHash(deps, change.password, change.password2) : undefined;
  const name = change.name?.trim() ? storedName(change.name.trim()) : undefined;
  refuseExpiredActivation(change.active, row.expiresAt, deps.now());
  await updateAppPasswd(deps, actor, row, { name, hash, active: change.active, protocols: change.protocols }, logData, named);
}

export async function deleteAppPasswordFor(deps: Deps, actor: Actor, id: number, logData: Record<string, unknown>): Promise<void> {
  await deleteAppPasswd(deps, actor, await reachableRow(deps, actor, id), logData);
}
