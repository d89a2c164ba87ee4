// A mailbox's recent sign-ins for whoever administers it (mailcow's last_login('get'), /api/v1
// get/last-login): the sasl_log groups, and for an admin the previous successful web sign-in that
// mailcow's legacy check_login rows in `logs` record.
import { and, desc, eq, sql } from 'drizzle-orm';
import { logs, saslLog } from '../../../db/schema/audit.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { mailboxRef } from '../../mailcow/mailbox-access.ts';
import { recentSignIns, type SaslSignIn } from './sign-ins.service.ts';

export interface MailboxSignIns {
  sasl: SaslSignIn[];
  /** Admins only (mailcow shows it to an admin or the account itself); null when there is none. */
  ui?: { remote: string; time: number } | null;
}

/** sasl_log keeps 31 days; anything far beyond is all of it. */
const MAX_DAYS = 3650;

/** mailcow's legacy web sign-in rows of this account: `logs` with call ["check_login", username, …]. */
const checkLoginRows = (username: string) => and(
  sql`JSON_VALUE(${logs.call}, '$[0]') = 'check_login'`, sql`JSON_VALUE(${logs.call}, '$[1]') = ${username}`, eq(logs.type, 'success'),
);

export async function mailboxSignIns(deps: Deps, actor: Actor, username: string, days: number): Promise<MailboxSignIns> {
  await authorize(deps.db, actor, { do: 'signIns.admin', mailbox: await mailboxRef(deps.db, username) });
  const sasl = await recentSignIns(deps, username, Math.min(Math.max(1, days), MAX_DAYS));
  if (actor.role !== 'admin') return { sasl };
  // OFFSET 1: the latest is the sign-in looking at this page, mailcow shows the one before.
  const [ui] = await deps.db.select({ remote: logs.remote, time: logs.time }).from(logs)
    .where(checkLoginRows(username))
    .orderBy(desc(logs.time)).limit(1).offset(1);
  return { sasl, ui: ui ?? null };
}

/** mailcow's last_login('reset'): the mailbox's sasl_log rows, and for an admin its check_login rows too. */
export async function forgetSignIns(deps: Deps, actor: Actor, username: string): Promise<void> {
  await authorize(deps.db, actor, { do: 'signIns.admin', mailbox: await mailboxRef(deps.db, username) });
  await deps.db.transaction(async (tx) => {
    await tx.delete(saslLog).where(eq(saslLog.username, username));
    if (actor.role === 'admin') await tx.delete(logs).where(checkLoginRows(username));
  });
}
