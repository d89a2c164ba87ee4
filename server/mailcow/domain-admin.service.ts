// mailcow's domain admins (reference 1.15–1.17; domain_admin add/edit/delete in
// functions.domain_admin.inc.php): the one place that writes them. An account is an `admin` row with
// superadmin 0, one `domain_admins` row per domain (edit deletes and re-inserts them, both `active`
// kept equal) and a `da_acl` row with the table's defaults. Sessions follow their account anyway
// (sessionStillValid); given the session store, the ones of a removed, switched-off, renamed or
// re-passworded account end at once.
import { eq, sql } from 'drizzle-orm';
import { admin, daAcl, domainAdmins, fido2, tfa } from '../../db/schema/access.ts';
import { cowbellApiKeys, cowbellTfaRecoveryCodes } from '../../db/schema/cowbell.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import type { SessionStore } from '../lib/auth/session-store.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { withAttributes } from '../lib/mailcow/attributes.ts';
import { parseInput } from '../lib/validate.ts';
import { readDomainAdmins, refuseTakenName, refuseUnknownDomains, requireDomainAdmin } from './domain-admin.rules.ts';
import {
  createDomainAdminInput, editDomainAdminInput, type CreatedDomainAdmin, type CreateDomainAdminInput, type DomainAdminView, type EditDomainAdminInput,
} from './domain-admin.schema.ts';
import { checkNewPassword } from './mailbox-password.service.ts';
import { generatePassword, isPreHashed, readPasswordPolicy } from './password-policy.ts';

export interface DomainAdminDeps extends Deps {
  /** When given, the sessions of an account that may no longer sign in as before end at once. */
  sessions?: SessionStore;
}

const bit = (b: boolean) => (b ? 1 : 0);
/** mailcow logs the request with every password as "*". */
const logged = (input: object) => Object.fromEntries(Object.entries(input).map(([k, v]) => [k, k.startsWith('password') ? '*' : v]));
const audit = (actor: Actor, action: 'add' | 'edit' | 'delete', msg: unknown[], data: unknown) =>
  [{ type: 'success' as const, msg, call: ['domain_admin', action, data], ...auditedBy(actor) }];

export async function listDomainAdmins(deps: Deps, actor: Actor): Promise<DomainAdminView[]> {
  await authorize(deps.db, actor, { do: 'domainAdmin.read' });
  return readDomainAdmins(deps.db);
}

export async function getDomainAdmin(deps: Deps, actor: Actor, username: string): Promise<DomainAdminView> {
  await authorize(deps.db, actor, { do: 'domainAdmin.read' });
  return requireDomainAdmin(deps.db, username);
}

/** The clear password checked against PASSWD_POLICY, or a generated one; what to store for it. */
async function passwordFor(deps: Deps, password: string | undefined, password2: string | undefined, generate = true) {
  // mailcow's password_check refuses an empty password whatever PASSWD_POLICY says.
  if (!password && !generate) throw new AppError('validation_failed', 'Enter a password.', [{ path: 'password', message: 'Required.', code: 'required' }]);
  if (!password) {
    const made = generatePassword(await readPasswordPolicy(deps.redis));
    return { stored: await deps.hasher.hash(made), generated: made };
  }
  await checkNewPassword(deps, password, password2 ?? password);
  return { stored: isPreHashed(password) ? password : await deps.hasher.hash(password), generated: undefined };
}

/**
 * add/domain_admin: admins only; the name is free, every domain exists; da_acl gets its defaults.
 * `generatePassword: false`: an empty password is refused, as mailcow's API does (it cannot hand one back).
 */
export async function createDomainAdmin(deps: Deps, actor: Actor, input: CreateDomainAdminInput, opts: { generatePassword?: boolean } = {}): Promise<CreatedDomainAdmin> {
  await authorize(deps.db, actor, { do: 'domainAdmin.create' });
  const data = parseInput(createDomainAdminInput, input);
  await refuseTakenName(deps.db, data.username);
  await refuseUnknownDomains(deps.db, data.domains);
  const { stored, generated } = await passwordFor(deps, data.password, data.password2, opts.generatePassword !== false);
  const active = bit(data.active ?? true);
  await deps.db.transaction(async (tx) => {
    await refuseTakenName(tx, data.username);
    await tx.insert(domainAdmins).values(data.domains.map((d) => ({ username: data.username, domain: d, active })));
    await tx.insert(admin).values({
      username: data.username, password: stored, superadmin: 0, active,
      attributes: withAttributes(null, { force_tfa: data.forceTfa ?? false, force_pw_update: data.forcePwUpdate ?? false }),
    });
    await tx.insert(daAcl).values({ username: data.username });
    await writeAudit(tx, audit(actor, 'add', ['domain_admin_added', data.username], logged(input)), deps.now());
  });
  return { domainAdmin: await requireDomainAdmin(deps.db, data.username), ...(generated ? { generatedPassword: generated } : {}) };
}

/**
 * edit/domain-admin (an admin's branch): what is sent changes. A new name moves the domains, da_acl
 * and second factors along, as mailcow does; Cowbell moves the passkeys and recovery codes too (mailcow
 * leaves its fido2 rows behind, where a later account of the old name would find them), and with
 * disableTfa it renames the factors as well (mailcow leaves them under the old name).
 */
export async function editDomainAdmin(deps: DomainAdminDeps, actor: Actor, username: string, input: EditDomainAdminInput): Promise<DomainAdminView> {
  await authorize(deps.db, actor, { do: 'domainAdmin.write' });
  const data = parseInput(editDomainAdminInput, input);
  // A new password or its second factor switched off both weaken how the account signs in: step-up.
  if (data.password !== undefined || data.disableTfa) await authorize(deps.db, actor, { do: 'domainAdmin.password' });
  const now = await requireDomainAdmin(deps.db, username);
  const next = data.username ?? username;
  if (next !== username) await refuseTakenName(deps.db, next);
  const domains = data.domains ?? now.domains;
  if (data.domains) await refuseUnknownDomains(deps.db, data.domains);
  const active = bit(data.active ?? now.active);
  const stored = data.password === undefined ? undefined : (await passwordFor(deps, data.password, data.password2)).stored;
  await deps.db.transaction(async (tx) => {
    await tx.delete(domainAdmins).where(eq(domainAdmins.username, username));
    if (domains.length > 0) await tx.insert(domainAdmins).values(domains.map((d) => ({ username: next, domain: d, active })));
    await tx.update(daAcl).set({ username: next }).where(eq(daAcl.username, username));
    const force = { tfa: String(bit(data.forceTfa ?? now.forceTfa)), pw: String(bit(data.forcePwUpdate ?? now.forcePwUpdate)) };
    await tx.update(admin).set({
      username: next, active, ...(stored ? { password: stored } : {}),
      attributes: sql`JSON_SET(COALESCE(${admin.attributes}, '{}'), '$.force_tfa', ${force.tfa}, '$.force_pw_update', ${force.pw})`,
    }).where(eq(admin.username, username));
    if (data.disableTfa) await tx.update(tfa).set({ active: 0 }).where(eq(tfa.username, username));
    if (next !== username) {
      // Rows of Cowbell's under the new name were left by an account deleted outside Cowbell (mailcow
      // does not know them): the renamed account must not inherit that one's keys or recovery codes.
      for (const table of [cowbellTfaRecoveryCodes, cowbellApiKeys]) await tx.delete(table).where(eq(table.username, next));
      // Cowbell's scoped keys act as their owner: they follow the account's new name.
      for (const table of [tfa, fido2, cowbellTfaRecoveryCodes, cowbellApiKeys]) await tx.update(table).set({ username: next }).where(eq(table.username, username));
    }
    await writeAudit(tx, audit(actor, 'edit', ['domain_admin_modified', username], { username: [username], ...logged(input) }), deps.now());
  });
  if (next !== username || stored || active === 0) await deps.sessions?.destroyAllFor(username);
  return requireDomainAdmin(deps.db, next);
}

/** delete/domain-admin: the account with its domains, da_acl, second factors and passkeys (and Cowbell's recovery codes and scoped API keys). */
export async function deleteDomainAdmin(deps: DomainAdminDeps, actor: Actor, username: string): Promise<void> {
  await authorize(deps.db, actor, { do: 'domainAdmin.write' });
  await requireDomainAdmin(deps.db, username);
  await deps.db.transaction(async (tx) => {
    await tx.delete(domainAdmins).where(eq(domainAdmins.username, username));
    await tx.delete(admin).where(eq(admin.username, username));
    for (const table of [daAcl, tfa, fido2, cowbellTfaRecoveryCodes, cowbellApiKeys]) await tx.delete(table).where(eq(table.username, username));
    await writeAudit(tx, audit(actor, 'delete', ['domain_admin_removed', username], { username: [username] }), deps.now());
  });
  await deps.sessions?.destroyAllFor(username);
}
