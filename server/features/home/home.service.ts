import { desc, eq } from 'drizzle-orm';
import { saslLog } from '../../../db/schema/audit.ts';
import { mailbox, quota2, quota2replica } from '../../../db/schema/mail.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { AppError } from '../../lib/errors.ts';

export interface HomeView {
  username: string;
  name: string;
  quota: { limitBytes: number; usedBytes: number; messages: number };
  lastLogins: { service: string; ip: string; at: string }[];
}

export async function getHome(deps: Deps, actor: Actor): Promise<HomeView> {
  await authorize(deps.db, actor, { do: 'home.read' });
  const { username } = actor;
  // Dovecot's quota dict writes quota2 on the master node and quota2replica elsewhere (reference 1.22).
  const usage = deps.env.MAILCOW_MASTER ? quota2 : quota2replica;
  const [row] = await deps.db.select({
    name: mailbox.name, quota: mailbox.quota, bytes: usage.bytes, messages: usage.messages,
  }).from(mailbox).leftJoin(usage, eq(usage.username, mailbox.username))
    .where(eq(mailbox.username, username)).limit(1);
  if (!row) throw new AppError('not_found', 'This mailbox no longer exists.');
  const logins = await deps.db.select({ service: saslLog.service, ip: saslLog.realRip, at: saslLog.datetime })
    .from(saslLog).where(eq(saslLog.username, username)).orderBy(desc(saslLog.datetime)).limit(10);
  return {
    username,
    name: row.name || username.split('@')[0],
    quota: { limitBytes: Number(row.quota), usedBytes: Number(row.bytes ?? 0), messages: Number(row.messages ?? 0) },
    lastLogins: logins,
  };
}
