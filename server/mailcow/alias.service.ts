// mailcow's regular aliases (reference 1.5; add/edit/delete alias in functions.mailbox.inc.php):
// the one place with their rules, for the admin screens and the /api/v1 adapter alike. Every write
// is followed by SOGo's static view for the mailboxes in the old and new goto lists, and logs
// mailcow's audit row.
import { and, eq, inArray, ne } from 'drizzle-orm';
import { alias, senderAcl } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize, can, gateAllows } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { parseInput } from '../lib/validate.ts';
import { addressTaken, checkAliasQuota, domainOf, invalid, primaryDomain, refuseResourceGotos } from './alias.rules.ts';
import {
  aliasIdInput, aliasLookupInput, createAliasInput, editAliasInput, isSpecialGoto, SPECIAL_GOTOS,
  type AliasLookupInput, type AliasView, type CreateAliasInput, type EditAliasInput,
} from './alias.schema.ts';
import { syncSogoStaticView } from './sogo-static-view.service.ts';

export type { AliasView } from './alias.schema.ts';

type Row = typeof alias.$inferSelect;
type Flags = { gotoNull?: boolean; gotoSpam?: boolean; gotoHam?: boolean };

const bit = (b: boolean) => (b ? 1 : 0);
const gotosOf = (goto: string) => goto.split(',').map((g) => g.trim().toLowerCase()).filter((g) => g !== '');
/** Mailboxes whose SOGo identities may change with this goto (the special targets are none). */
const mailboxesIn = (goto: string) => gotosOf(goto).filter((g) => !isSpecialGoto(g));

/** A stored row as the API shows it (lists read rows themselves and show them the same way). */
export const aliasView = (r: Row): AliasView => ({
  id: r.id, address: r.address, goto: gotosOf(r.goto), domain: r.domain, catchAll: r.address.startsWith('@'),
  active: Number(r.active) === 1, sogoVisible: Number(r.sogoVisible) === 1, senderAllowed: Number(r.senderAllowed) === 1,
  internal: Number(r.internal) === 1, privateComment: r.privateComment, publicComment: r.publicComment,
  created: r.created, modified: r.modified,
});

/** mailcow's precedence: goto_null, then goto_spam, then goto_ham, else the list. Null when none is given. */
function resolveGoto(flags: Flags, list: string[] | undefined): string | null {
  if (flags.gotoNull) return SPECIAL_GOTOS.null;
  if (flags.gotoSpam) return SPECIAL_GOTOS.spam;
  if (flags.gotoHam) return SPECIAL_GOTOS.ham;
  if (list === undefined) return null;
  if (list.length === 0) throw invalid([{ path: 'goto', message: 'At least one target.', code: 'required' }]);
  return list.join(',');
}

/** The targets' own checks: no resource, not the alias itself (a row with address = goto is a mailbox's self row). */
async function checkGoto(deps: Deps, address: string, goto: string): Promise<void> {
  const list = gotosOf(goto);
  const self = list.indexOf(address);
  if (self >= 0) throw invalid([{ path: `goto.${self}`, message: 'An alias cannot point to itself.', code: 'invalid' }]);
  await refuseResourceGotos(deps.db, list);
}

/** The address's domain must be one the actor administers, then exist, then the address be free. */
async function checkAddress(deps: Deps, actor: Actor, address: string): Promise<string> {
  await authorize(deps.db, actor, { do: 'alias.write', domain: domainOf(address) });
  const primary = await primaryDomain(deps.db, domainOf(address));
  if (!primary) throw invalid([{ path: 'address', message: 'No such domain or alias domain.', code: 'invalid' }]);
  const taken = await addressTaken(deps.db, address);
  if (taken) throw invalid([{ path: 'address', message: taken, code: 'invalid' }]);
  return primary;
}

const readRow = async (deps: Deps, where: ReturnType<typeof eq>) =>
  // Rows with address = goto are mailboxes' self rows, which belong to the mailbox, not here.
  (await deps.db.select().from(alias).where(and(where, ne(alias.address, alias.goto))).limit(1))[0];

/** The alias, if the actor administers its domain; otherwise it does not exist for them. */
async function aliasInScope(deps: Deps, actor: Actor, lookup: { id: number } | { address: string }): Promise<Row> {
  if (actor.role === 'anonymous') throw new AppError('unauthenticated', 'Please sign in.');
  if (!gateAllows(actor, 'alias.write')) throw new AppError('forbidden', 'Your account may not manage aliases.');
  const row = await readRow(deps, 'id' in lookup ? eq(alias.id, lookup.id) : eq(alias.address, lookup.address));
  if (!row || !(await can(deps.db, actor, { do: 'alias.write', domain: row.domain }))) throw new AppError('not_found', 'There is no such alias among those you administer.');
  return row;
}

export async function getAlias(deps: Deps, actor: Actor, input: AliasLookupInput): Promise<AliasView> {
  return aliasView(await aliasInScope(deps, actor, parseInput(aliasLookupInput, input)));
}

function audit(actor: Actor, action: 'add' | 'edit' | 'delete', msg: unknown[], data: Record<string, unknown>) {
  // mailcow logs [function, action, type, $_data, $_attr]; $_attr is never set there (null).
  return [{ type: 'success' as const, msg, call: ['mailbox', action, 'alias', data, null], ...auditedBy(actor) }];
}

/** mailcow's request fields for the audit row, from what was asked. */
function requestLog(data: Record<string, string | boolean | string[] | undefined>): Record<string, unknown> {
  const named: Record<string, string> = { gotoNull: 'goto_null', gotoSpam: 'goto_spam', gotoHam: 'goto_ham', sogoVisible: 'sogo_visible',
    senderAllowed: 'sender_allowed', privateComment: 'private_comment', publicComment: 'public_comment' };
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)
    .map(([k, v]) => [named[k] ?? k, typeof v === 'boolean' ? bit(v) : Array.isArray(v) ? v.join(',') : v]));
}

/**
 * A new alias. Unlike mailcow's add (intval of a missing field is 0), an omitted flag takes the
 * column's default (active, sogo_visible, sender_allowed 1; internal 0): the /api/v1 adapter passes
 * explicit falses to reproduce mailcow's API.
 */
export async function createAlias(deps: Deps, actor: Actor, input: CreateAliasInput): Promise<AliasView> {
  const data = parseInput(createAliasInput, input);
  const goto = resolveGoto(data, data.goto);
  if (goto === null) throw invalid([{ path: 'goto', message: 'At least one target.', code: 'required' }]);
  const primary = await checkAddress(deps, actor, data.address);
  await checkGoto(deps, data.address, goto);
  const id = await deps.db.transaction(async (tx) => {
    await checkAliasQuota(tx, primary);
    const [inserted] = await tx.insert(alias).values({
      address: data.address, goto, domain: domainOf(data.address),
      active: bit(data.active ?? true), sogoVisible: bit(data.sogoVisible ?? true), senderAllowed: bit(data.senderAllowed ?? true),
      internal: bit(data.internal ?? false), privateComment: data.privateComment ?? null, publicComment: data.publicComment ?? null,
    }).$returningId();
    await writeAudit(tx, audit(actor, 'add', ['alias_added', data.address, inserted.id], requestLog(data)), deps.now());
    return inserted.id;
  });
  await syncSogoStaticView(deps, mailboxesIn(goto));
  return aliasView((await readRow(deps, eq(alias.id, id)))!);
}

/**
 * Changes what is given. As mailcow's edit: a new address passes the add checks (and the domain's
 * quota when it moves to another domain); new targets drop the sender_acl rows that would now
 * duplicate the goto grant (logged_in_as = target, send_as = alias).
 */
export async function editAlias(deps: Deps, actor: Actor, input: EditAliasInput): Promise<AliasView> {
  const data = parseInput(editAliasInput, input);
  const row = await aliasInScope(deps, actor, { id: data.id });
  const address = data.address ?? row.address;
  const moved = address !== row.address;
  const primary = moved ? await checkAddress(deps, actor, address) : null;
  const newGoto = resolveGoto(data, data.goto);
  const goto = newGoto ?? row.goto;
  if (newGoto !== null || moved) await checkGoto(deps, address, goto);
  const movesDomain = primary !== null && primary !== await primaryDomain(deps.db, row.domain);
  await deps.db.transaction(async (tx) => {
    if (movesDomain) await checkAliasQuota(tx, primary);
    await tx.update(alias).set({
      address, domain: domainOf(address), goto,
      ...(data.active !== undefined ? { active: bit(data.active) } : {}),
      ...(data.sogoVisible !== undefined ? { sogoVisible: bit(data.sogoVisible) } : {}),
      ...(data.senderAllowed !== undefined ? { senderAllowed: bit(data.senderAllowed) } : {}),
      ...(data.internal !== undefined ? { internal: bit(data.internal) } : {}),
      ...(data.privateComment !== undefined ? { privateComment: data.privateComment } : {}),
      ...(data.publicComment !== undefined ? { publicComment: data.publicComment } : {}),
    }).where(eq(alias.id, row.id));
    const targets = mailboxesIn(goto);
    if (newGoto !== null && targets.length > 0) {
      await tx.delete(senderAcl).where(and(inArray(senderAcl.loggedInAs, targets), eq(senderAcl.sendAs, address)));
    }
    const { id, ...changes } = data;
    await writeAudit(tx, audit(actor, 'edit', ['alias_modified', address], { id: [id], ...requestLog(changes) }), deps.now());
  });
  await syncSogoStaticView(deps, [...mailboxesIn(row.goto), ...mailboxesIn(goto)]);
  return aliasView((await readRow(deps, eq(alias.id, row.id)))!);
}

/** Removes the alias and every sender_acl grant to send as it; answers what it was (mailcow names its address). */
export async function deleteAlias(deps: Deps, actor: Actor, input: { id: number }): Promise<AliasView> {
  const { id } = parseInput(aliasIdInput, input);
  const row = await aliasInScope(deps, actor, { id });
  await deps.db.transaction(async (tx) => {
    await tx.delete(alias).where(and(eq(alias.id, row.id), ne(alias.address, alias.goto)));
    await tx.delete(senderAcl).where(eq(senderAcl.sendAs, row.address));
    await writeAudit(tx, audit(actor, 'delete', ['alias_removed', row.address], { id: [row.id] }), deps.now());
  });
  await syncSogoStaticView(deps, mailboxesIn(row.goto));
  return aliasView(row);
}
