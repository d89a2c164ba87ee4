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
function storedName(name: string): string {
  const stored = encodeHtmlText(name);
  if (stored.length > 255) throw invalid('name', 'too_long', 'This name is too long.');
  return stored;
}

// mailcow's log rows: [function, action, data] with the password as "*".
const audit = (actor: Actor, action: 'add' | 'edit' | 'delete', msg: AuditEntry['msg'], data: Record<string, unknown>): AuditEntry[] =>
  [{ type: 'success', msg, call: ['app_passwd', action, data], ...auditedBy(actor) }];

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
  const hash = await deps.hasher.hash(password);
  const id = await deps.db.transaction(async (tx) => {
    const [res] = await tx.insert(appPasswd).values({ name, mailbox: actor.username, domain: owner.domain, password: hash, active: 1, ...flags(data.protocols) });
    if (expiresAt) await tx.insert(expiry).values({ appPasswdId: res.insertId, username: actor.username, expiresAt });
    await writeAudit(tx, audit(actor, 'add', 'app_passwd_added', {
      app_name: name, app_passwd: '*', app_passwd2: '*', active: '1', protocols: data.protocols, username: actor.username,
    }), deps.now());
    return res.insertId;
  });
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
  if (data.active === true && until !== null && until * 1000 <= deps.now()) {
    throw new AppError('conflict', 'This app password has expired. Choose a new expiry date, or none, to turn it on again.');
  }
  await deps.db.transaction(async (tx) => {
    await tx.update(appPasswd).set({
      ...(name === undefined ? {} : { name }),
      ...(data.protocols ? flags(data.protocols) : {}),
      ...(data.active === undefined ? {} : { active: data.active ? 1 : 0 }),
      modified: sql`NOW()`,
    }).where(and(eq(appPasswd.id, row.id), eq(appPasswd.mailbox, actor.username)));
    if (expiresAt === null) await tx.delete(expiry).where(eq(expiry.appPasswdId, row.id));
    if (expiresAt) {
      await tx.insert(expiry).values({ appPasswdId: row.id, username: actor.username, expiresAt }).onDuplicateKeyUpdate({ set: { expiresAt, username: actor.username } });
    }
    await writeAudit(tx, audit(actor, 'edit', ['object_modified', String(row.id)], {
      id: [row.id], ...(name === undefined ? {} : { app_name: name }), ...(data.protocols ? { protocols: data.protocols } : {}),
      ...(data.active === undefined ? {} : { active: data.active ? '1' : '0' }),
    }), deps.now());
  });
  return view(await ownRow(deps, actor, row.id), deps.now());
}

/** mailcow's delete/app-passwd: gone at once, for every protocol. */
export async function revokeAppPassword(deps: Deps, actor: Actor, target: { id: number }): Promise<void> {
  await authorize(deps.db, actor, { do: 'appPasswords.manage' });
  await deps.db.transaction(async (tx) => {
    const [res] = await tx.delete(appPasswd).where(and(eq(appPasswd.id, target.id), eq(appPasswd.mailbox, actor.username)));
    if (res.affectedRows === 0) throw new AppError('not_found', 'No such app password.');
    await tx.delete(expiry).where(eq(expiry.appPasswdId, target.id));
    await writeAudit(tx, audit(actor, 'delete', ['app_passwd_removed', String(target.id)], { id: [target.id] }), deps.now());
  });
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
