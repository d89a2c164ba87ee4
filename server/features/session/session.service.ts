import { and, eq, sql } from 'drizzle-orm';
import { tfa } from '../../../db/schema/access.ts';
import { saslLog } from '../../../db/schema/audit.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import type { Session, SessionStore } from '../../lib/auth/session-store.ts';
import type { ProofMethod } from '../../lib/auth/step-up.ts';
import { AppError } from '../../lib/errors.ts';
import { writeAudit } from '../../lib/mailcow/audit-log.ts';
import { keys, mailcowKeys } from '../../lib/redis-keys.ts';
import { deviceName } from '../../lib/auth/device-name.ts';
import type { Role } from '../../lib/roles.ts';
import { hasAnyFactor } from '../../mailcow/tfa.service.ts';
import { dropRecoveryCodes } from '../tfa/recovery-codes.service.ts';
import { accountStamp, collationKey, findAccount, type Account } from './accounts.ts';
import type { SessionView, SignInInput } from './session.schema.ts';
import type { SigninLimiter } from './signin-limiter.ts';

export interface SignInDeps extends Deps {
  sessions: SessionStore;
  limiter: SigninLimiter;
}

export function toView(s: Session): SessionView {
  return { username: s.username, role: s.role, state: s.state, tfaMethods: s.tfaMethods, mustChangePassword: s.mustChangePassword === true,
    mustEnrolTfa: s.mustEnrolTfa === true };
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
  return { methods: active.map((r) => ({ id: r.id, keyId: r.keyId, authmech: r.authmech ?? 'unknown' })), anyOnFile: rows.length > 0 };
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

  const { methods, anyOnFile } = await secondFactors(deps, account.username);
  // Recovery codes stand in for factors: with none on file (removed in mailcow, say) they go too, so
  // old codes never come back to life when a factor is set up again.
  if (!anyOnFile) await dropRecoveryCodes(deps, account.username);
  // mailcow's force_tfa forces enrolment only when the account has no tfa row at all.
  if (methods.length === 0) return openSession(deps, account, actor.ip, userAgent, 'password', { mustEnrolTfa: account.forceTfa === true && !anyOnFile });
  const created = await deps.sessions.create({ ...newSessionOf(account, actor.ip, userAgent), state: 'tfa_pending', tfaMethods: methods });
  await reportSuccess(deps, account, actor.ip, true);
  return created;
}

const newSessionOf = (account: Account, ip: string, userAgent: string | undefined) => ({
  username: account.username, role: account.role, accountStamp: accountStamp(account), userAgent: userAgent?.slice(0, 512), ip,
  ...(account.mustChangePassword ? { mustChangePassword: true } : {}),
});

/**
 * A signed-in session for an account that has proved itself completely: a password with no second
 * factor on file, or a passkey (complete by itself). The caller has checked the account's refusal.
 * `mustEnrolTfa`: mailcow's force_tfa with nothing enrolled; only enrolment is open until it is done.
 * `fresh: false`: signed in, but no proof that counts for step-up (a passkey without user verification).
 */
export async function openSession(deps: SignInDeps, account: Account, ip: string, userAgent: string | undefined, provedBy: ProofMethod,
  opts: { mustEnrolTfa?: boolean; fresh?: boolean } = {}): Promise<{ id: string; session: Session }> {
  const created = await deps.sessions.create({ ...newSessionOf(account, ip, userAgent), state: 'active', tfaMethods: [],
    ...(opts.fresh === false ? {} : { provedAt: deps.now(), provedBy }), ...(opts.mustEnrolTfa ? { mustEnrolTfa: true } : {}) });
  await reportSuccess(deps, account, ip, false);
  await recordUiLogin(deps, account, ip, userAgent);
  return created;
}

/** A device is remembered as long as sasl_log keeps the row it explains (31 days). */
const DEVICE_TTL_S = 32 * 24 * 3600;

/**
 * mailcow records UI logins of mailboxes as service MAILCOWUI (one row per service, IP and user).
 * sasl_log has no column for the browser, so Cowbell keeps it beside, for the recent sign-ins list.
 */
async function recordUiLogin(deps: Deps, account: Account, ip: string, userAgent: string | undefined) {
  if (account.role !== 'user') return;
  const realRip = ip.slice(0, 64);
  await deps.db.insert(saslLog).values({ service: 'MAILCOWUI', appPassword: 0, username: account.username, realRip })
    .onDuplicateKeyUpdate({ set: { datetime: sql`CURRENT_TIMESTAMP`, appPassword: 0 } });
  const device = deviceName(userAgent);
  const devices = keys.signinDevices(account.username);
  if (device) await deps.redis.multi().hset(devices, realRip, device).expire(devices, DEVICE_TTL_S).exec();
}

/** The session of a request that owes its second factor, or unauthenticated. */
export function pendingSession(id: string | null, session: Session | null): { id: string; session: Session } {
  if (!id || !session || session.state !== 'tfa_pending') throw new AppError('unauthenticated', 'Sign in with your password first.');
  return { id, session };
}

/**
 * A second factor (or a recovery code) was verified for a pending session: the sign-in is complete.
 * The pending session is replaced by a new one with a new id, so an id seen before the second factor
 * (a fixated or leaked cookie) is worth nothing after it. The caller sets the new cookies.
 */
export async function completeSecondFactor(deps: SignInDeps, pending: { id: string; session: Session }, method: ProofMethod, ip: string): Promise<{ id: string; session: Session }> {
  const account = await findAccount(deps.db, pending.session.username);
  if (!account || account.refusal || accountStamp(account) !== pending.session.accountStamp) {
    await deps.sessions.destroy(pending.id);
    throw new AppError('unauthenticated', 'Sign in again.');
  }
  await deps.sessions.destroy(pending.id);
  const { csrf: _csrf, createdAt: _c, lastSeenAt: _l, checkedAt: _k, tfaAttempts: _t, ...kept } = pending.session;
  const created = await deps.sessions.create({ ...kept, state: 'active', tfaMethods: [], provedAt: deps.now(), provedBy: method });
  await reportSuccess(deps, account, ip, false);
  await recordUiLogin(deps, account, ip, pending.session.userAgent);
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
  if (account === null || account.refusal !== null || accountStamp(account) !== session.accountStamp) return false;
  // Held to enrolment (force_tfa) while the account now has a factor, set up elsewhere: whoever holds
  // this session had only the password, so it ends rather than go on without the factor.
  return !(session.mustEnrolTfa === true && await hasAnyFactor(deps.db, session.username));
}
