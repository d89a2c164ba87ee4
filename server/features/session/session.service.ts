import { and, eq, sql } from 'drizzle-orm';
import { tfa } from '../../../db/schema/access.ts';
import { saslLog } from '../../../db/schema/audit.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import type { Session, SessionStore } from '../../lib/auth/session-store.ts';
import { AppError } from '../../lib/errors.ts';
import { writeAudit } from '../../lib/mailcow/audit-log.ts';
import { mailcowKeys } from '../../lib/redis-keys.ts';
import type { Role } from '../../lib/roles.ts';
import { accountStamp, collationKey, findAccount, type Account } from './accounts.ts';
import type { SessionView, SignInInput } from './session.schema.ts';
import type { SigninLimiter } from './signin-limiter.ts';

export interface SignInDeps extends Deps {
  sessions: SessionStore;
  limiter: SigninLimiter;
}

export function toView(s: Session): SessionView {
  return { username: s.username, role: s.role, state: s.state, tfaMethods: s.tfaMethods, mustChangePassword: s.mustChangePassword === true };
}

/**
 * mailcow's check_login() logs a failed UI login into `logs` (password as "*") and tells netfilter
 * over F2B_CHANNEL. `name` has passed normaliseSigninName and `ip` is a parsed address: neither can
 * hold a line break or a space, so netfilter's regex reads exactly this one line.
 */
async function reportFailure(deps: Deps, name: string, ip: string) {
  await writeAudit(deps.db, [{ type: 'danger', msg: 'login_failed', call: ['check_login', name, '*'],
    user: 'unauthenticated', role: 'unauthenticated', remote: ip }], deps.now());
  await deps.redis.publish(mailcowKeys.f2bChannel, `mailcow UI: Invalid password for ${name} by ${ip}`);
}

const LOGIN_FUNCTION: Record<Role, string> = { user: 'user_login', admin: 'admin_login', domain_admin: 'domainadmin_login' };

/** mailcow's success row: `logged_in_as` by the login function; a pending second factor is not signed in yet. */
async function reportSuccess(deps: Deps, account: Account, ip: string, pending: boolean) {
  const call = [LOGIN_FUNCTION[account.role], account.username, '*', ...(account.role === 'user' ? ['Provider: mailcow'] : [])];
  const who = pending ? { user: 'unauthenticated', role: 'unauthenticated' as const } : { user: account.username, role: account.role };
  const adminPending = pending && account.role !== 'user';
  await writeAudit(deps.db, [{ type: adminPending ? 'info' : 'success', msg: adminPending ? 'awaiting_tfa_confirmation' : ['logged_in_as', account.username],
    call, ...who, remote: ip }], deps.now());
}

/**
 * Second factors on file. As in mailcow, rows switched off by an admin ("disable TFA for next login")
 * let one password-only sign-in through and are switched back on by it.
 */
async function secondFactors(deps: Deps, username: string) {
  const rows = await deps.db.select({ id: tfa.id, keyId: tfa.keyId, authmech: tfa.authmech, active: tfa.active })
    .from(tfa).where(eq(tfa.username, username));
  const active = rows.filter((r) => Number(r.active) === 1);
  if (active.length === 0 && rows.length > 0) {
    await deps.db.update(tfa).set({ active: 1 }).where(and(eq(tfa.username, username), eq(tfa.active, 0)));
  }
  return active.map((r) => ({ id: r.id, keyId: r.keyId, authmech: r.authmech ?? 'unknown' }));
}

/** `userAgent`: kept with the session so the account's list of sessions can name the device. */
export async function signIn(deps: SignInDeps, actor: Actor, input: SignInInput, userAgent?: string): Promise<{ id: string; session: Session }> {
  const account = await findAccount(deps.db, input.username);
  // One account, one counter, however its name was typed.
  const limiterKey = account ? account.username : await collationKey(deps.db, input.username);
  await deps.limiter.reserve(limiterKey, actor.ip);
  // A missing account is checked against a dummy hash so it takes as long as a wrong password.
  const ok = await deps.hasher.verify(account?.passwordHash ?? '', input.password);
  if (!account || !ok) {
    await reportFailure(deps, account?.username ?? input.username, actor.ip);
    throw new AppError('invalid_credentials', 'The name or password is not correct.');
  }
  await deps.limiter.release(limiterKey, actor.ip);
  // Only a caller who knows the password learns why the account may not sign in.
  if (account.refusal) throw new AppError(account.refusal.code, account.refusal.message);

  const methods = await secondFactors(deps, account.username);
  const pending = methods.length > 0;
  const created = await deps.sessions.create({
    username: account.username, role: account.role, state: pending ? 'tfa_pending' : 'active', tfaMethods: methods,
    accountStamp: accountStamp(account), userAgent: userAgent?.slice(0, 512), ip: actor.ip,
    ...(account.mustChangePassword ? { mustChangePassword: true } : {}),
    ...(pending ? {} : { provedAt: deps.now(), provedBy: 'password' as const }),
  });
  await reportSuccess(deps, account, actor.ip, pending);
  if (account.role === 'user' && !pending) {
    // mailcow records UI logins as service MAILCOWUI (one row per service, IP and user).
    await deps.db.insert(saslLog).values({ service: 'MAILCOWUI', appPassword: 0, username: account.username, realRip: actor.ip.slice(0, 64) })
      .onDuplicateKeyUpdate({ set: { datetime: sql`CURRENT_TIMESTAMP`, appPassword: 0 } });
  }
  return created;
}

/**
 * Sessions follow their account: disabled, login disallowed, domain switched off, password or role
 * changed — by Cowbell or by mailcow writing the same tables — and the session ends at its next
 * request after the check interval.
 */
export async function sessionStillValid(deps: Deps, session: Session): Promise<boolean> {
  if (!session.accountStamp) return false; // made before sessions remembered their account
  const account = await findAccount(deps.db, session.username);
  return account !== null && account.refusal === null && accountStamp(account) === session.accountStamp;
}
