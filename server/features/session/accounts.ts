// Finds the account behind a sign-in name the way mailcow's check_login() does: admin and domain
// admin names never contain "@", mailbox users always sign in with their full address.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { admin } from '../../../db/schema/access.ts';
import { domain, mailbox } from '../../../db/schema/mail.ts';
import type { ErrorCode } from '../../lib/error-codes.ts';
import type { Role } from '../../lib/roles.ts';

export interface Account {
  username: string;
  role: Role;
  passwordHash: string;
  /** Why a correct password still may not sign in, or null. */
  refusal: { code: ErrorCode; message: string } | null;
}

async function findAdmin(db: Db, username: string): Promise<Account | null> {
  const [row] = await db.select({ password: admin.password, superadmin: admin.superadmin, active: admin.active })
    .from(admin).where(eq(admin.username, username)).limit(1);
  if (!row) return null;
  return {
    username,
    role: Number(row.superadmin) === 1 ? 'admin' : 'domain_admin',
    passwordHash: row.password,
    refusal: Number(row.active) === 1 ? null : { code: 'account_disabled', message: 'This administrator account is disabled.' },
  };
}

async function findMailbox(db: Db, username: string): Promise<Account | null> {
  const [row] = await db.select({ password: mailbox.password, active: mailbox.active, domainActive: domain.active })
    .from(mailbox).innerJoin(domain, eq(domain.domain, mailbox.domain))
    .where(and(eq(mailbox.username, username), eq(mailbox.kind, ''))).limit(1);
  if (!row) return null;
  const active = Number(row.active);
  let refusal: Account['refusal'] = null;
  if (Number(row.domainActive) !== 1) refusal = { code: 'domain_inactive', message: 'The domain of this mailbox is disabled.' };
  else if (active === 2) refusal = { code: 'login_disallowed', message: 'Sign-in is not allowed for this mailbox. Mail is still delivered.' };
  else if (active !== 1) refusal = { code: 'account_disabled', message: 'This mailbox is disabled.' };
  return { username, role: 'user', passwordHash: row.password, refusal };
}

export function normaliseUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

export function findAccount(db: Db, username: string): Promise<Account | null> {
  return username.includes('@') ? findMailbox(db, username) : findAdmin(db, username);
}
