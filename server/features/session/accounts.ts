// Finds the account behind a sign-in name the way mailcow's check_login() does: admin and domain
// admin names never contain "@", mailbox users always sign in with their full address. The database
// compares names by its collation ("Óscar" = "oscar"), so everything after the look-up uses the name
// as stored, never as typed.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { admin } from '../../../db/schema/access.ts';
import { domain, mailbox } from '../../../db/schema/mail.ts';
import type { ErrorCode } from '../../lib/error-codes.ts';
import { attrFlag, parseAttributes } from '../../lib/mailcow/attributes.ts';
import type { Role } from '../../lib/roles.ts';

export interface Account {
  /** As stored in mailbox.username / admin.username. */
  username: string;
  role: Role;
  passwordHash: string;
  /** Why a correct password still may not sign in, or null. */
  refusal: { code: ErrorCode; message: string } | null;
  /** mailcow's force_pw_update (mailbox or admin attributes): the UI is for changing the password until that is done. */
  mustChangePassword?: boolean;
  /** mailcow's force_tfa (mailbox or admin attributes): a second factor must be set up, and stays. */
  forceTfa?: boolean;
}

async function findAdmin(db: Db, name: string): Promise<Account | null> {
  const [row] = await db.select({ username: admin.username, password: admin.password, superadmin: admin.superadmin, active: admin.active,
    attributes: admin.attributes })
    .from(admin).where(eq(admin.username, name)).limit(1);
  if (!row) return null;
  return {
    username: row.username,
    role: Number(row.superadmin) === 1 ? 'admin' : 'domain_admin',
    passwordHash: row.password,
    refusal: Number(row.active) === 1 ? null : { code: 'account_disabled', message: 'This administrator account is disabled.' },
    mustChangePassword: attrFlag(parseAttributes(row.attributes), 'force_pw_update', false),
    forceTfa: attrFlag(parseAttributes(row.attributes), 'force_tfa', false),
  };
}

/** Why a mailbox may not act (sign in, use its tokens), from mailbox.active and domain.active, or null. */
export function mailboxRefusal(mailboxActive: number, domainActive: number): Account['refusal'] {
  const active = Number(mailboxActive);
  if (Number(domainActive) !== 1) return { code: 'domain_inactive', message: 'The domain of this mailbox is disabled.' };
  if (active === 2) return { code: 'login_disallowed', message: 'Sign-in is not allowed for this mailbox. Mail is still delivered.' };
  if (active !== 1) return { code: 'account_disabled', message: 'This mailbox is disabled.' };
  return null;
}

async function findMailbox(db: Db, name: string): Promise<Account | null> {
  const [row] = await db.select({ username: mailbox.username, password: mailbox.password, active: mailbox.active, domainActive: domain.active,
    attributes: mailbox.attributes })
    .from(mailbox).innerJoin(domain, eq(domain.domain, mailbox.domain))
    .where(and(eq(mailbox.username, name), eq(mailbox.kind, ''))).limit(1);
  if (!row) return null;
  const attrs = parseAttributes(row.attributes);
  return { username: row.username, role: 'user', passwordHash: row.password, refusal: mailboxRefusal(row.active, row.domainActive),
    mustChangePassword: attrFlag(attrs, 'force_pw_update', false), forceTfa: attrFlag(attrs, 'force_tfa', false) };
}

export function findAccount(db: Db, name: string): Promise<Account | null> {
  return name.includes('@') ? findMailbox(db, name) : findAdmin(db, name);
}

/**
 * The name as the database's collation sees it, for names with no account: the sign-in limiter must
 * count "ｏscar@…" and "oscar@…" as one, exactly when MariaDB would find them to be one.
 */
export async function collationKey(db: Db, name: string): Promise<string> {
  const [rows] = await db.execute(sql`SELECT HEX(WEIGHT_STRING(${name} COLLATE utf8mb4_unicode_ci)) AS k`);
  return `w:${(rows as unknown as { k: string }[])[0].k}`;
}

/**
 * What a session remembers of its account: a change of password, role or standing (disabled,
 * login disallowed, domain off) gives a different stamp and ends the session.
 */
export function accountStamp(a: Account): string {
  return createHash('sha256').update(JSON.stringify([a.username, a.role, a.passwordHash, a.refusal?.code ?? null])).digest('base64url').slice(0, 22);
}
