// mailcow's app passwords (reference 1.9 and 6; functions.app_passwd.inc.php): the one place app_passwd
// rows are written. Cowbell makes the password itself (shown once, stored as mailcow's hash only),
// stores the name HTML-escaped as mailcow does, and keeps an optional expiry in its own table, which
// expireAppPasswords() turns into `active = 0` so mailcow's Dovecot refuses the password too.
import { and, asc, count, eq, inArray, lte, sql } from 'drizzle-orm';
import { appPasswd } from '../../db/schema/access.ts';
import { cowbellAppPasswdExpiry as expiry } from '../../db/schema/cowbell.ts';
import { mailbox } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit, type AuditEntry } from '../lib/mailcow/audit-log.ts';
import { decodeHtmlText, encodeHtmlText } from '../lib/mailcow/html-text.ts';
import { parseInput } from '../lib/validate.ts';
import {
  APP_PASSWD_PROTOCOLS, MAX_EXPIRY_DAYS, createAppPasswdInput, editAppPasswdInput, type AppPasswdProtocol, type AppPasswdView,
  type CreateAppPasswdInput, type CreatedAppPasswd, type EditAppPasswdInput,
} from './app-passwd.schema.ts';
import { generateAppPassword } from './app-passwd.secret.ts';
import { readPasswordPolicy } from './password-policy.ts';

/** mailcow sets no limit; a few dozen devices is plenty, and a limit keeps a runaway script in check. */
export const MAX_APP_PASSWORDS = 50;

/** Drizzle's property for each of mailcow's protocol columns. */
const COLUMN = {
  imap_access: 'imapAccess', smtp_access: 'smtpAccess', dav_access: 'davAccess',
  eas_access: 'easAccess', pop3_access: 'pop3Access', sieve_access: 'sieveAccess',
} as const satisfies Record<AppPasswdProtocol, keyof typeof appPasswd.$inferSelect>;

const flags = (on: readonly AppPasswdProtocol[]) =>
  Object.fromEntries(APP_PASSWD_PROTOCOLS.map((p) => [COLUMN[p], on.includes(p) ? 1 : 0])) as Record<(typeof COLUMN)[AppPasswdProtocol], number>;

const listed = {
  id: appPasswd.id, name: appPasswd.name, created: appPasswd.created, modified: appPasswd.modified, active: appPasswd.active,
  imapAccess: appPasswd.imapAccess, smtpAccess: appPasswd.smtpAccess, davAccess: appPasswd.davAccess,
  easAccess: appPasswd.easAccess, pop3Access: appPasswd.pop3Access, sieveAccess: appPasswd.sieveAccess,
  expiresAt: expiry.expiresAt,
};
type Listed = Awaited<ReturnType<typeof selectOwn>>[number];

const view = (r: Listed, now: number): AppPasswdView => ({
  id: r.id, name: decodeHtmlText(r.name), created: r.created, modified: r.modified ?? null,
  protocols: APP_PASSWD_PROTOCOLS.filter((p) => Number(r[COLUMN[p]]) === 1),
  active: Number(r.active) === 1,
  expiresAt: r.expiresAt === null ? null : new Date(r.expiresAt * 1000).toISOString(),
  expired: r.expiresAt !== null && r.expiresAt * 1000 <= now,
});

function selectOwn(deps: Deps, username: string, id?: number) {
  return deps.db.select(listed).from(appPasswd)
    .leftJoin(expiry, and(eq(expiry.appPasswdId, appPasswd.id), eq(expiry.username, appPasswd.mailbox)))
    .where(and(eq(appPasswd.mailbox, username), id === undefined ? undefined : eq(appPasswd.id, id)))
    .orderBy(asc(appPasswd.id));
}

async function ownRow(deps: Deps, actor: Actor, id: number): Promise<Listed> {
  const [row] = await selectOwn(deps, actor.username, id);
  // Someone else's id reads as a missing one: ids must not reveal what exists.
  if (!row) throw new AppError('not_found', 'No such app password.');
  return row;
}

const invalid = (path: string, code: 'too_long' | 'too_short', message: string) =>
  new AppError('validation_failed', message, [{ path, code, message }]);

/** An expiry as UNIX seconds: ahead of now (Cowbell's clock) and at most MAX_EXPIRY_DAYS away. */
function expirySeconds(deps: Deps, iso: string | null | undefined): number | null | undefined {
  if (iso === null || iso === undefined) return iso;
  const at = Math.floor(Date.parse(iso) / 1000);
  const now = Math.floor(deps.now() / 1000);
  if (at <= now) throw invalid('expiresAt', 'too_short', 'The expiry must lie in the future.');
  if (at > now + MAX_EXPIRY_DAYS * 86_400) throw invalid('expiresAt', 'too_long', `The expiry may lie at most ${MAX_EXPIRY_DAYS} days ahead.`);
  return at;
}

/** mailcow keeps the escaped name in VARCHAR(255): a name of quotes and ampersands grows sixfold. */
export function storedName(name: string): string {
  const stored = encodeHtmlText(name);
  if (stored.length > 255) throw invalid('name', 'too_long', 'This name is too long.');
  return stored;
}

// mailcow's log rows: [function, action, data] with the password as "*".
const audit = (actor: Actor, action: 'add' | 'edit' | 'delete', msg: AuditEntry['msg'], data: Record<string, unknown>): AuditEntry[] =>
  [{ type: 'success', msg, call: ['app_passwd', action, data], ...auditedBy(actor) }];

/** A new row as both ways of making one give it: the name already stored-escaped, the password already hashed. */
export interface NewAppPasswd {
  mailbox: string; domain: string; name: string; hash: string; active: boolean;
  protocols: readonly AppPasswdProtocol[]; expiresAt?: number | null;
}

/** The one insert of an app_passwd row (with Cowbell's expiry) and mailcow's log row of it. */
export async function insertAppPasswd(deps: Deps, actor: Actor, row: NewAppPasswd, logData: Record<string, unknown>): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const [res] = await tx.insert(appPasswd).values({
      name: row.name, mailbox: row.mailbox, domain: row.domain, password: row.hash, active: row.active ? 1 : 0, ...flags(row.protocols),
    });
    if (row.expiresAt) await tx.insert(expiry).values({ appPasswdId: res.insertId, username: row.mailbox, expiresAt: row.expiresAt });
    await writeAudit(tx, audit(actor, 'add', 'app_passwd_added', logData), deps.now());
    return res.insertId;
  });
}

/** A change to one row: the name stored-escaped, the password hashed; expiresAt null removes the expiry. */
export interface AppPasswdChange {
  name?: string; protocols?: readonly AppPasswdProtocol[]; active?: boolean; hash?: string; expiresAt?: number | null;
}

/** An expired app password is only switched on again with a new expiry, or none. */
export function refuseExpiredActivation(active: boolean | undefined, until: number | null, now: number): void {
  if (active === true && until !== null && until * 1000 <= now) {
    throw new AppError('conflict', 'This app password has expired. Choose a new expiry date, or none, to turn it on again.');
  }
}

/** The one update of an app_passwd row (mailcow's edit) with its log row. */
export async function updateAppPasswd(
  deps: Deps, actor: Actor, row: { id: number; mailbox: string }, change: AppPasswdChange, logData: Record<string, unknown>, named = String(row.id),
) {
  await deps.db.transaction(async (tx) => {
    await tx.update(appPasswd).set({
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.protocols ? flags(change.protocols) : {}),
      ...(change.active === undefined ? {} : { active: change.active ? 1 : 0 }),
      ...(change.hash === undefined ? {} : { password: change.hash }),
      modified: sql`NOW()`,
    }).where(and(eq(appPasswd.id, row.id), eq(appPasswd.mailbox, row.mailbox)));
    if (change.expiresAt === null) await tx.delete(expiry).where(eq(expiry.appPasswdId, row.id));
    if (change.expiresAt) {
      const expiresAt = change.expiresAt;
      await tx.insert(expiry).values({ appPasswdId: row.id, username: row.mailbox, expiresAt }).onDuplicateKeyUpdate({ set: { expiresAt, username: row.mailbox } });
    }
    await writeAudit(tx, audit(actor, 'edit', ['object_modified', named], logData), deps.now());
  });
}

/** The one delete (mailcow's delete/app-passwd): gone at once, for every protocol. */
export async function deleteAppPasswd(deps: Deps, actor: Actor, row: { id: number; mailbox: string }, logData: Record<string, unknown>): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [res] = await tx.delete(appPasswd).where(and(eq(appPasswd.id, row.id), eq(appPasswd.mailbox, row.mailbox)));
    if (res.affectedRows === 0) throw new AppError('not_found', 'No such app password.');
    await tx.delete(expiry).where(eq(expiry.appPasswdId, row.id));
    await writeAudit(tx, audit(actor, 'delete', ['app_passwd_removed', String(row.id)], logData), deps.now());
  });
}

export async function listAppPasswords(deps: Deps, actor: Actor): Promise<AppPasswdView[]> {
  await authorize(deps.db, actor, { do: 'appPasswords.manage' });
  const now = deps.now();
  return (await selectOwn(deps, actor.username)).map((r) => view(r, now));
}

export async function createAppPassword(deps: Deps, actor: Actor, input: CreateAppPasswdInput): Promise<CreatedAppPasswd> {
  await authorize(deps.db, actor, { do: 'appPasswords.create' });
  const data = parseInput(createAppPasswdInput, input);
  const name = storedName(data.name);
  const expiresAt = expirySeconds(deps, data.expiresAt);
  const [owner] = await deps.db.select({ domain: mailbox.domain }).from(mailbox)
    .where(and(eq(mailbox.username, actor.username), eq(mailbox.kind, ''))).limit(1);
  if (!owner) throw new AppError('not_found', 'No such mailbox.');
  const [{ n }] = await deps.db.select({ n: count() }).from(appPasswd).where(eq(appPasswd.mailbox, actor.username));
  if (n >= MAX_APP_PASSWORDS) throw new AppError('conflict', `You already have ${MAX_APP_PASSWORDS} app passwords. Revoke one you no longer use first.`);
  const password = generateAppPassword(await readPasswordPolicy(deps.redis));
  const id = await insertAppPasswd(deps, actor, {
    mailbox: actor.username, domain: owner.domain, name, hash: await deps.hasher.hash(password), active: true, protocols: data.protocols, expiresAt,
  }, { app_name: name, app_passwd: '*', app_passwd2: '*', active: '1', protocols: data.protocols, username: actor.username });
  return { appPassword: view(await ownRow(deps, actor, id), deps.now()), password };
}

function widens(row: Listed, active: boolean | undefined, protocols: readonly AppPasswdProtocol[] | undefined, expiresAt: number | null | undefined): boolean {
  if (active === true && Number(row.active) !== 1) return true;
  if (protocols?.some((p) => Number(row[COLUMN[p]]) !== 1)) return true;
  return row.expiresAt !== null && (expiresAt === null || (expiresAt !== undefined && expiresAt > row.expiresAt));
}

/** mailcow's edit/app-passwd for one id: name, protocols (all six replaced), active; and Cowbell's expiry. */
export async function editAppPassword(deps: Deps, actor: Actor, target: { id: number }, input: EditAppPasswdInput): Promise<AppPasswdView> {
  await authorize(deps.db, actor, { do: 'appPasswords.manage' });
  const data = parseInput(editAppPasswdInput, input);
  const row = await ownRow(deps, actor, target.id);
  const name = data.name === undefined ? undefined : storedName(data.name);
  const expiresAt = expirySeconds(deps, data.expiresAt);
  const until = expiresAt === undefined ? row.expiresAt : expiresAt;
  // Switching one back on, letting it reach more protocols or live longer gives a credential more
  // power: that needs a fresh proof, as making one does (a stale stolen session cannot revive a leak).
  if (widens(row, data.active, data.protocols, expiresAt)) await authorize(deps.db, actor, { do: 'appPasswords.create' });
  refuseExpiredActivation(data.active, until, deps.now());
  await updateAppPasswd(deps, actor, { id: row.id, mailbox: actor.username }, {
    name, protocols: data.protocols, active: data.active, expiresAt,
  }, {
    id: [row.id], ...(name === undefined ? {} : { app_name: name }), ...(data.protocols ? { protocols: data.protocols } : {}),
    ...(data.active === undefined ? {} : { active: data.active ? '1' : '0' }),
  });
  return view(await ownRow(deps, actor, row.id), deps.now());
}

/** mailcow's delete/app-passwd of one of the user's own. */
export async function revokeAppPassword(deps: Deps, actor: Actor, target: { id: number }): Promise<void> {
  await authorize(deps.db, actor, { do: 'appPasswords.manage' });
  await deleteAppPasswd(deps, actor, { id: target.id, mailbox: actor.username }, { id: [target.id] });
}

/**
 * The periodic job: app passwords past their expiry are switched off (mailcow's own Dovecot reads only
 * `active`), and expiry rows whose app password is gone are dropped. `only` keeps a test to its own mailboxes.
 */
export async function expireAppPasswords(deps: Deps, only?: string[]): Promise<{ expired: number; orphans: number }> {
  const now = Math.floor(deps.now() / 1000);
  const [expired] = await deps.db.update(appPasswd).set({ active: 0, modified: sql`NOW()` }).where(and(
    eq(appPasswd.active, 1),
    inArray(appPasswd.id, deps.db.select({ id: expiry.appPasswdId }).from(expiry)
      .where(and(lte(expiry.expiresAt, now), eq(expiry.username, appPasswd.mailbox), only ? inArray(expiry.username, only) : undefined))),
  ));
  const [orphans] = await deps.db.execute(sql`DELETE e FROM ${expiry} e
    LEFT JOIN ${appPasswd} a ON a.id = e.app_passwd_id AND a.mailbox = e.username WHERE a.id IS NULL`);
  return { expired: expired.affectedRows, orphans: (orphans as unknown as { affectedRows: number }).affectedRows };
}
