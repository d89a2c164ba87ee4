// mailcow's `logs` table (reference 1.20): what its logger() writes for every UI/API action.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../../db/client.ts';
import { logs } from '../../../db/schema/audit.ts';
import type { Actor } from '../authz/actor.ts';
import type { Role } from '../roles.ts';

export interface AuditEntry {
  type: 'success' | 'danger' | 'warning' | 'info';
  /** mailcow's `msg`: a message key, or [key, detail…]. */
  msg: string | unknown[];
  /** mailcow's `log`: [function, action, data…] with passwords already replaced by "*". */
  call: unknown[];
  user: string;
  role: Role | 'unauthenticated';
  remote: string;
}

/** user, role and remote of an audit row, from the actor (nobody signed in is mailcow's "unauthenticated"). */
export function auditedBy(actor: Actor): Pick<AuditEntry, 'user' | 'role' | 'remote'> {
  return actor.role === 'anonymous'
    ? { user: 'unauthenticated', role: 'unauthenticated', remote: actor.ip }
    : { user: actor.username, role: actor.role, remote: actor.ip };
}

// mailcow's session roles are spelled "domainadmin"; Cowbell's role names map onto them.
const MAILCOW_ROLE: Record<AuditEntry['role'], string> = { admin: 'admin', domain_admin: 'domainadmin', user: 'user', unauthenticated: 'unauthenticated' };

/** `db` may be a transaction, so the row commits (or not) with the change it records. */
export async function writeAudit(db: Pick<Db, 'insert'>, entries: AuditEntry[], now: number): Promise<void> {
  if (entries.length === 0) return;
  // One task id per request, 6 uppercase hex characters like mailcow's.
  const task = randomBytes(3).toString('hex').toUpperCase();
  await db.insert(logs).values(entries.map((e) => ({
    task, type: e.type, msg: JSON.stringify(e.msg), call: JSON.stringify(e.call), user: e.user.slice(0, 64),
    role: MAILCOW_ROLE[e.role], remote: e.remote.slice(0, 39), time: Math.floor(now / 1000),
  })));
}
