// mailcow's mailboxes (reference 1.1, 1.2, 10.1; add/edit/delete mailbox in functions.mailbox.inc.php):
// the one place that creates, changes and removes them with every side row, for the admin routes,
// the /api/v1 adapter and the CSV import alike. Creation is two steps so an import can check a row
// without writing it: checkNewMailbox() (everything mailcow checks) and writeMailbox().
import { and, eq, sql } from 'drizzle-orm';
import { userAcl } from '../../db/schema/access.ts';
import { alias, mailbox, quota2, quota2replica } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize, can, gateAllows } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { mailcowKeys } from '../lib/redis-keys.ts';
import { parseInput } from '../lib/validate.ts';
import { addressTaken } from './alias.rules.ts';
import { isDuplicateKey } from './spamalias-address.ts';
import { checkMailboxEdit, writeMailboxEdit } from './mailbox-edit.ts';
import { readTags, removeMailboxRows, writeTags } from './mailbox-rows.ts';
import { aclNeeds, checkNewMailboxLimits, domainLimits, mailboxAttributes, NOTHING_PLANNED, TEMPLATE_DEFAULTS, type PlannedUse } from './mailbox.rules.ts';
import {
  createMailboxInput, editMailboxInput, type CreatedMailbox, type CreateMailboxInput, type EditMailboxInput, type MailboxView, type NewMailboxRequest,
} from './mailbox.schema.ts';
import { toMailboxView } from './mailbox-view.ts';
import { checkNewPassword } from './mailbox-password.service.ts';
import { generatePassword, isPreHashed, readPasswordPolicy } from './password-policy.ts';
import { syncSogoStaticView } from './sogo-static-view.service.ts';

/** A row that passed every check: what writeMailbox() stores. `password` is clear text or a `{SCHEME}` hash. */
export interface MailboxPlan {
  request: NewMailboxRequest;
  username: string;
  name: string;
  quotaMiB: number;
  password: string;
  generated: boolean;
}

const conflict = (message: string, path: string) => new AppError('conflict', message, [{ path, message, code: 'invalid' }]);

/**
 * Everything add/mailbox checks, in an order that names the first thing to fix: the domain is one
 * the actor administers (with the da_acl flags the settings need), it exists, the address is free
 * (mailbox, alias, time-limited alias), the password meets PASSWD_POLICY, then the domain's mailbox
 * count and quotas, counting `planned` (rows of the same import above this one). Writes nothing.
 */
export async function checkNewMailbox(deps: Deps, actor: Actor, input: CreateMailboxInput, planned: PlannedUse = NOTHING_PLANNED): Promise<MailboxPlan> {
  const request = parseInput(createMailboxInput, input);
  const limits0 = await domainLimits(deps.db, request.domain);
  // mailcow's UI offers the domain's default quota; its API falls back to the template's 0 (unlimited), which Cowbell does not.
  const quotaMiB = request.quota ?? limits0?.defQuota ?? 0;
  await authorize(deps.db, actor, { do: 'mailbox.write', domain: request.domain, needs: aclNeeds({ ...request, quota: quotaMiB }) });
  if (!limits0) throw new AppError('validation_failed', 'There is no such domain.', [{ path: 'domain', message: 'There is no such domain.', code: 'invalid' }]);
  const taken = await addressTaken(deps.db, request.username);
  if (taken) throw conflict(taken, 'localPart');
  const generated = !request.password;
  const password = request.password || generatePassword(await readPasswordPolicy(deps.redis));
  if (!generated) await checkNewPassword(deps, password, request.password2 ?? password);
  checkNewMailboxLimits(request.domain, limits0, quotaMiB, planned);
  // mailcow means local_part when the name is empty (its code overwrites that default, storing '').
  return { request, username: request.username, name: request.name || request.localPart, quotaMiB, password, generated };
}

/** Stores a checked mailbox with every side row mailcow writes, re-checking the domain's limits under its row lock. */
export async function writeMailbox(deps: Deps, actor: Actor, plan: MailboxPlan): Promise<CreatedMailbox> {
  const { request: r, username } = plan;
  const hash = isPreHashed(plan.password) ? plan.password : await deps.hasher.hash(plan.password);
  const active = r.active ?? 1;
  // The address check inside sees only committed rows: a mailbox made at the same moment elsewhere
  // (another admin, another import) surfaces as the primary key's duplicate, and is said the same way.
  await deps.db.transaction(async (tx) => {
    const limits = await domainLimits(tx, r.domain, { lock: true });
    if (!limits) throw new AppError('not_found', 'There is no such domain.');
    checkNewMailboxLimits(r.domain, limits, plan.quotaMiB, NOTHING_PLANNED);
    const taken = await addressTaken(tx, username);
    if (taken) throw conflict(taken, 'localPart');
    const flags = { ...TEMPLATE_DEFAULTS, ...definedOnly(r), protocolAccess: r.protocolAccess ?? {} };
    await tx.insert(mailbox).values({
      username, password: hash, name: plan.name, quota: plan.quotaMiB * 1048576, localPart: r.localPart, domain: r.domain,
      attributes: mailboxAttributes(flags, ''), authsource: 'mailcow', active,
    });
    await tx.update(mailbox).set({ attributes: sql`JSON_SET(${mailbox.attributes}, '$.passwd_update', DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s'))` })
      .where(eq(mailbox.username, username));
    await writeTags(tx, username, r.tags ?? [], false);
    await tx.insert(quota2).values({ username, bytes: 0, messages: 0 }).onDuplicateKeyUpdate({ set: { bytes: 0, messages: 0 } });
    await tx.insert(quota2replica).values({ username, bytes: 0, messages: 0 }).onDuplicateKeyUpdate({ set: { bytes: 0, messages: 0 } });
    // mailcow inserts only address, goto, domain and active: the other columns take their defaults.
    await tx.insert(alias).values({ address: username, goto: username, domain: r.domain, active });
    // The Default template lacks acl_pw_reset, so mailcow writes pw_reset = 0 (reference 1.4).
    await tx.insert(userAcl).values({ username, pwReset: 0 });
    await writeAudit(tx, [{ type: 'success', msg: ['mailbox_added', username], call: ['mailbox', 'add', 'mailbox', callData(r), null], ...auditedBy(actor) }], deps.now());
  }).catch((e: unknown) => {
    if (isDuplicateKey(e)) throw conflict('Already a mailbox.', 'localPart');
    throw e;
  });
  await syncSogoStaticView(deps, [username]);
  return { mailbox: await readMailbox(deps, username), ...(plan.generated ? { generatedPassword: plan.password } : {}) };
}

const definedOnly = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The request as mailcow logs it: passwords as "*". */
const callData = (r: object) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k.startsWith('password') ? '*' : v]));

export async function createMailbox(deps: Deps, actor: Actor, input: CreateMailboxInput): Promise<CreatedMailbox> {
  return writeMailbox(deps, actor, await checkNewMailbox(deps, actor, input));
}

/** The mailbox, if the actor administers its domain; otherwise it does not exist for them (mailcow's hasMailboxObjectAccess). */
async function mailboxInScope(deps: Deps, actor: Actor, username: string, change: Parameters<typeof aclNeeds>[0] = {}) {
  if (actor.role === 'anonymous') throw new AppError('unauthenticated', 'Please sign in.');
  if (!gateAllows(actor, 'mailbox.write')) throw new AppError('forbidden', 'Your account may not manage mailboxes.');
  const [row] = await deps.db.select().from(mailbox).where(and(eq(mailbox.username, username), eq(mailbox.kind, ''))).limit(1);
  if (!row || !(await can(deps.db, actor, { do: 'mailbox.write', domain: row.domain }))) {
    throw new AppError('not_found', 'There is no such mailbox among those you administer.');
  }
  await authorize(deps.db, actor, { do: 'mailbox.write', domain: row.domain, needs: aclNeeds(change, Number(row.quota)) });
  return row;
}

export async function readMailbox(deps: Deps, username: string): Promise<MailboxView> {
  const [row] = await deps.db.select().from(mailbox).where(eq(mailbox.username, username)).limit(1);
  if (!row) throw new AppError('not_found', 'There is no such mailbox.');
  return toMailboxView(row, await readTags(deps.db, username));
}

/** get/mailbox for the edit form: every editable field, if the actor administers its domain. */
export async function getMailbox(deps: Deps, actor: Actor, username: string): Promise<MailboxView> {
  const row = await mailboxInScope(deps, actor, username);
  return toMailboxView(row, await readTags(deps.db, username));
}

/** edit/mailbox (and edit/quarantine_notification, quarantine_category): what is sent changes, the rest stays. */
export async function editMailbox(deps: Deps, actor: Actor, username: string, input: EditMailboxInput): Promise<MailboxView> {
  const change = parseInput(editMailboxInput, input);
  const row = await mailboxInScope(deps, actor, username, change);
  await checkMailboxEdit(deps, row, change);
  await writeMailboxEdit(deps, row, change, (tx) => writeAudit(tx, [{ type: 'success', msg: ['mailbox_modified', username],
    call: ['mailbox', 'edit', 'mailbox', { username: [username], ...callData(change) }, null], ...auditedBy(actor) }], deps.now()));
  await syncSogoStaticView(deps, [username]);
  return readMailbox(deps, username);
}

/** delete/mailbox: the mailbox and every row mailcow removes with it; SOGo's view and Redis follow. */
export async function deleteMailbox(deps: Deps, actor: Actor, username: string): Promise<void> {
  await mailboxInScope(deps, actor, username);
  await deps.db.transaction(async (tx) => {
    await removeMailboxRows(tx, username);
    await writeAudit(tx, [{ type: 'success', msg: ['mailbox_removed', username], call: ['mailbox', 'delete', 'mailbox', { username: [username] }, null], ...auditedBy(actor) }], deps.now());
  });
  await deps.redis.hdel(mailcowKeys.rateLimits, username);
  await syncSogoStaticView(deps, [username]);
}
