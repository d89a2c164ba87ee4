// mailcow's mailboxes (reference 1.1, 1.2, 10.1; add/edit/delete mailbox in functions.mailbox.inc.php):
// the one place that creates, changes and removes them with every side row, for the admin routes,
// the /api/v1 adapter and the CSV import alike. Creation is two steps so an import can check a row
// without writing it: checkNewMailbox() (everything mailcow checks) and writeMailbox().
import { and, eq } from 'drizzle-orm';
import { mailbox } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize, can, gateAllows } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { parseInput } from '../lib/validate.ts';
import { checkMailboxEdit, writeMailboxEdit } from './mailbox-edit.ts';
import { readTags, removeMailboxRows } from './mailbox-rows.ts';
import { aclNeeds, checkNewMailboxLimits, NOTHING_PLANNED, type PlannedUse } from './mailbox.rules.ts';
import { callData, conflict, hashPlan, storeMailboxes } from './mailbox-store.ts';
import {
  createMailboxInput, editMailboxInput, type CreatedMailbox, type CreateMailboxInput, type EditMailboxInput, type MailboxView, type NewMailboxRequest,
} from './mailbox.schema.ts';
import { toMailboxView } from './mailbox-view.ts';
import { checkPasswordPair } from './mailbox-password.service.ts';
import { liveLookups, type NewMailboxLookups } from './mailbox-lookups.ts';
import { generatePassword } from './password-policy.ts';
import { syncSogoStaticView } from './sogo-static-view.service.ts';
import { refreshMailboxSort } from './mailbox-sort-copy.ts';
import { forgetRateLimits, writeRateLimit } from './ratelimit.service.ts';

export interface NewMailboxOptions {
  /**
   * false: an empty password is refused, as mailcow's add/mailbox does (its API has no way to hand a
   * generated one back). Cowbell's own forms and the import leave it on and show the password once.
   */
  generatePassword?: boolean;
}

/** A row that passed every check: what writeMailbox() stores. `password` is clear text or a `{SCHEME}` hash. */
export interface MailboxPlan {
  request: NewMailboxRequest;
  username: string;
  name: string;
  quotaMiB: number;
  password: string;
  generated: boolean;
}

/**
 * Everything add/mailbox checks, in an order that names the first thing to fix: the domain is one
 * the actor administers (with the da_acl flags the settings need), it exists, the address is free
 * (mailbox, alias, time-limited alias), the password meets PASSWD_POLICY, then the domain's mailbox
 * count and quotas, counting `planned` (rows of the same import above this one). Writes nothing.
 */
export async function checkNewMailbox(
  deps: Deps, actor: Actor, input: CreateMailboxInput, planned: PlannedUse = NOTHING_PLANNED, ask: NewMailboxLookups = liveLookups(deps, actor),
  opts: NewMailboxOptions = {},
): Promise<MailboxPlan> {
  const request = parseInput(createMailboxInput, input);
  const limits0 = await ask.limits(request.domain);
  // mailcow's UI offers the domain's default quota; its API falls back to the template's 0 (unlimited), which Cowbell does not.
  const quotaMiB = request.quota ?? limits0?.defQuota ?? 0;
  await ask.allow(request.domain, aclNeeds({ ...request, quota: quotaMiB }));
  if (!limits0) throw new AppError('validation_failed', 'There is no such domain.', [{ path: 'domain', message: 'There is no such domain.', code: 'invalid' }]);
  const taken = await ask.taken(request.username);
  if (taken) throw conflict(taken, 'localPart');
  const generated = !request.password && opts.generatePassword !== false;
  // mailcow's password_check refuses an empty password whatever PASSWD_POLICY says.
  if (!generated && !request.password) throw new AppError('validation_failed', 'Enter a password.', [{ path: 'password', message: 'Required.', code: 'required' }]);
  const policy = await ask.policy();
  const password = request.password || generatePassword(policy);
  if (!generated) checkPasswordPair(policy, password, request.password2 ?? password);
  checkNewMailboxLimits(request.domain, limits0, quotaMiB, planned);
  // mailcow means local_part when the name is empty (its code overwrites that default, storing '').
  return { request, username: request.username, name: request.name || request.localPart, quotaMiB, password, generated };
}

/** Stores a checked mailbox with every side row mailcow writes, then SOGo's view of it; answers the mailbox. */
export async function writeMailbox(deps: Deps, actor: Actor, plan: MailboxPlan): Promise<CreatedMailbox> {
  const stored = await storeMailbox(deps, actor, plan);
  await syncSogoStaticView(deps, [plan.username]);
  await refreshMailboxSort(deps.db, [plan.username]);
  return { mailbox: await readMailbox(deps, plan.username), ...stored };
}

/**
 * The rows of writeMailbox() (mailbox-store.ts), without SOGo's view: a CSV import brings the view
 * up to date for many mailboxes at once (each update reads the whole alias table).
 */
export async function storeMailbox(deps: Deps, actor: Actor, plan: MailboxPlan): Promise<{ generatedPassword?: string }> {
  const [outcome] = await storeMailboxes(deps, actor, [await hashPlan(deps, plan)]);
  if (!outcome.ok) throw outcome.error;
  return outcome.generatedPassword ? { generatedPassword: outcome.generatedPassword } : {};
}

/**
 * add/mailbox. A rate limit given with it needs the ratelimit ACL, asked before anything is written
 * (mailcow adds the mailbox and then reports access_denied for the limit).
 */
export async function createMailbox(deps: Deps, actor: Actor, input: CreateMailboxInput, opts: NewMailboxOptions = {}): Promise<CreatedMailbox> {
  const plan = await checkNewMailbox(deps, actor, input, NOTHING_PLANNED, liveLookups(deps, actor), opts);
  const limit = plan.request.rateLimit;
  if (limit) await authorize(deps.db, actor, { do: 'ratelimit.edit', domain: plan.request.domain });
  const created = await writeMailbox(deps, actor, plan);
  if (limit) await writeRateLimit(deps.redis, plan.username, limit);
  return created;
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

/**
 * edit/mailbox (and edit/quarantine_notification, quarantine_category): what is sent changes, the rest stays.
 * `addTags`: the tags sent are added to the mailbox's (mailcow's edit/mailbox); otherwise they replace them.
 */
export async function editMailbox(deps: Deps, actor: Actor, username: string, input: EditMailboxInput, opts: { addTags?: boolean } = {}): Promise<MailboxView> {
  const change = parseInput(editMailboxInput, input);
  const row = await mailboxInScope(deps, actor, username, change);
  await checkMailboxEdit(deps, row, change);
  await writeMailboxEdit(deps, row, change, (tx) => writeAudit(tx, [{ type: 'success', msg: ['mailbox_modified', username],
    call: ['mailbox', 'edit', 'mailbox', { username: [username], ...callData(change) }, null], ...auditedBy(actor) }], deps.now()), !opts.addTags);
  await syncSogoStaticView(deps, [username]);
  await refreshMailboxSort(deps.db, [username]);
  return readMailbox(deps, username);
}

/** delete/mailbox: the mailbox and every row mailcow removes with it; SOGo's view and Redis follow. */
export async function deleteMailbox(deps: Deps, actor: Actor, username: string): Promise<void> {
  await mailboxInScope(deps, actor, username);
  await deps.db.transaction(async (tx) => {
    await removeMailboxRows(tx, username);
    await writeAudit(tx, [{ type: 'success', msg: ['mailbox_removed', username], call: ['mailbox', 'delete', 'mailbox', { username: [username] }, null], ...auditedBy(actor) }], deps.now());
  });
  await forgetRateLimits(deps.redis, username);
  await syncSogoStaticView(deps, [username]);
}
