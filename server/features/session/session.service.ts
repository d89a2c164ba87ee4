import { and, eq, sql } from 'drizzle-orm';
import { tfa } from '../../../db/schema/access.ts';
import { saslLog } from '../../../db/schema/audit.ts';
import type { Deps } from '../../deps.ts';
import type { Session, SessionStore } from '../../lib/auth/session-store.ts';
import { AppError } from '../../lib/errors.ts';
import { writeAudit } from '../../lib/mailcow/audit-log.ts';
import { mailcowKeys } from '../../lib/redis-keys.ts';
import { findAccount, normaliseUsername } from './accounts.ts';
import type { SessionView, SignInInput } from './session.schema.ts';
import type { SigninLimiter } from './signin-limiter.ts';

export interface SignInDeps extends Deps {
  sessions: SessionStore;
  limiter: SigninLimiter;
}

export function toView(s: Session): SessionView {
  return { username: s.username, role: s.role, state: s.state, tfaMethods: s.tfaMethods };
}

/** mailcow logs failed UI logins into `logs` (password as "*") and tells netfilter over F2B_CHANNEL. */
async function reportFailure(deps: Deps, username: string, ip: string) {
  await writeAudit(deps.db, [{ type: 'danger', msg: 'login_failed', call: ['user_login', username, '*'],
    user: 'unauthenticated', role: 'unauthenticated', remote: ip }], deps.now());
  await deps.redis.publish(mailcowKeys.f2bChannel, `mailcow UI: Invalid password for ${username} by ${ip}`);
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

export async function signIn(deps: SignInDeps, input: SignInInput, ip: string): Promise<{ id: string; session: Session }> {
  const username = normaliseUsername(input.username);
  await deps.limiter.assertAllowed(username, ip);
  const account = await findAccount(deps.db, username);
  // A missing account is checked against a dummy hash so it takes as long as a wrong password.
  const ok = await deps.hasher.verify(account?.passwordHash ?? '', input.password);
  if (!account || !ok) {
    await deps.limiter.recordFailure(username, ip);
    await reportFailure(deps, username, ip);
    throw new AppError('invalid_credentials', 'The name or password is not correct.');
  }
  // Only a caller who knows the password learns why the account may not sign in.
  if (account.refusal) throw new AppError(account.refusal.code, account.refusal.message);
  await deps.limiter.recordSuccess(username);

  const methods = await secondFactors(deps, username);
  const created = await deps.sessions.create({
    username, role: account.role, state: methods.length > 0 ? 'tfa_pending' : 'active', tfaMethods: methods,
  });
  if (account.role === 'user' && methods.length === 0) {
    // mailcow records UI logins as service MAILCOWUI (one row per service, IP and user).
    await deps.db.insert(saslLog).values({ service: 'MAILCOWUI', appPassword: 0, username, realRip: ip.slice(0, 64) })
      .onDuplicateKeyUpdate({ set: { datetime: sql`CURRENT_TIMESTAMP`, appPassword: 0 } });
  }
  return created;
}
