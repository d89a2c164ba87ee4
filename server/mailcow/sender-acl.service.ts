// Who may send as whom: sender_acl, written as mailcow's edit/mailbox does (reference 5.2). Each
// kind is replaced as a whole; entries the caller may not see are kept; aliases the user may use
// already (goto, sender_allowed = 1) are not stored twice; `*` collapses the list to itself. Then
// _sogo_static_view follows (external addresses are SOGo From addresses) and mailcow's audit row.
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias, domain, mailbox, senderAcl } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { domainAdminAclAllows } from '../lib/authz/acl.ts';
import { domainScope, inScope, type DomainScope } from '../lib/authz/domain-scope.ts';
import { authorize } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { checkExternal, checkExternalTotal, checkInternal, editable, lookUp, parseEntry, stored, type Entry, type Refusal } from './sender-acl.rules.ts';
import type { SenderAclInput, SenderAclView } from './sender-acl.schema.ts';
import { syncSogoStaticView } from './sogo-static-view.service.ts';

/** The mailbox, if the caller administers its domain; otherwise it does not exist for them. */
async function mailboxInScope(deps: Deps, actor: Actor, username: string): Promise<DomainScope> {
  const [row] = await deps.db.select({ domain: mailbox.domain }).from(mailbox).where(eq(mailbox.username, username)).limit(1);
  const scope = await domainScope(deps.db, actor);
  if (!row || !inScope(scope, row.domain)) throw new AppError('not_found', 'No such mailbox among those you administer.');
  return scope;
}

const rowsOf = (deps: Deps, username: string) => deps.db.select({ sendAs: senderAcl.sendAs, external: senderAcl.external })
  .from(senderAcl).where(eq(senderAcl.loggedInAs, username)).orderBy(asc(senderAcl.id));

/** Aliases (not catch-alls) whose goto lists the user, by sender_allowed (mailcow: fixed_sender_aliases_*). */
async function fixedAliases(deps: Deps, username: string) {
  const rows = await deps.db.select({ address: alias.address, goto: alias.goto, senderAllowed: alias.senderAllowed }).from(alias)
    .where(sql`LOCATE(${username}, ${alias.goto}) > 0`);
  const mine = rows.filter((r) => !r.address.startsWith('@') && r.goto.toLowerCase().split(',').includes(username));
  return {
    allowed: mine.filter((r) => Number(r.senderAllowed) === 1).map((r) => r.address.toLowerCase()).sort(),
    blocked: mine.filter((r) => Number(r.senderAllowed) !== 1).map((r) => r.address.toLowerCase()).sort(),
  };
}

export async function getSenderAcl(deps: Deps, actor: Actor, username: string): Promise<SenderAclView> {
  await authorize(deps.db, actor, { do: 'sender_acl.read' });
  const scope = await mailboxInScope(deps, actor, username);
  const rows = await rowsOf(deps, username);
  const internal = rows.filter((r) => Number(r.external) === 0).map((r) => ({ value: r.sendAs.toLowerCase(), entry: parseEntry(r.sendAs) }));
  const known = await lookUp(deps.db, internal.flatMap((i) => (i.entry ? [i.entry] : [])));
  const granted = new Set(internal.map((i) => i.value));
  const domains = (await deps.db.select({ d: domain.domain }).from(domain).orderBy(asc(domain.domain))).map((r) => r.d.toLowerCase());
  return {
    username,
    internal: internal.map((i) => ({ value: i.value, kind: i.entry?.kind ?? 'invalid', editable: i.entry ? editable(i.entry, actor, scope, known) : true })),
    external: rows.filter((r) => Number(r.external) === 1).map((r) => r.sendAs.toLowerCase()),
    fixedAliases: await fixedAliases(deps, username),
    selectableDomains: domains.filter((d) => inScope(scope, d) && !granted.has(`@${d}`)),
    mayGrantAny: actor.role === 'admin',
    mayEditExternal: await domainAdminAclAllows(deps.db, actor, 'extendSenderAcl'),
  };
}

/** The new internal rows: the caller's entries, plus what they may not see, minus what goto allows already. */
async function planInternal(deps: Deps, actor: Actor, scope: DomainScope, username: string, input: string[], refusals: Refusal[]) {
  const current = (await rowsOf(deps, username)).filter((r) => Number(r.external) === 0).map((r) => parseEntry(r.sendAs));
  const asked = input.map((raw) => parseEntry(raw));
  const known = await lookUp(deps.db, [...current, ...asked].filter((e): e is Entry => e !== null));
  asked.forEach((entry, i) => {
    const refusal = checkInternal(entry, input[i], `internal.${i}`, actor, scope, known);
    if (refusal) refusals.push(refusal);
  });
  const kept = current.filter((e): e is Entry => e !== null && !editable(e, actor, scope, known));
  const merged = [...new Set([...asked.filter((e): e is Entry => e !== null), ...kept].map(stored))];
  const fixed = new Set((await fixedAliases(deps, username)).allowed);
  return merged.includes('*') ? ['*'] : merged.filter((v) => !fixed.has(v));
}

async function planExternal(deps: Deps, input: string[], refusals: Refusal[]) {
  const asked = input.map((raw) => parseEntry(raw));
  const known = await lookUp(deps.db, asked.filter((e): e is Entry => e !== null));
  asked.forEach((entry, i) => {
    const refusal = checkExternal(entry, input[i], `external.${i}`, known);
    if (refusal) refusals.push(refusal);
  });
  const entries = asked.filter((e): e is Entry => e !== null);
  const total = checkExternalTotal(entries);
  if (total) refusals.push(total);
  return [...new Set(entries.map(stored))];
}

export async function setSenderAcl(deps: Deps, actor: Actor, username: string, input: SenderAclInput): Promise<SenderAclView> {
  await authorize(deps.db, actor, { do: 'sender_acl.edit', external: input.external !== undefined });
  const scope = await mailboxInScope(deps, actor, username);
  const refusals: Refusal[] = [];
  const internal = input.internal && await planInternal(deps, actor, scope, username, input.internal, refusals);
  const external = input.external && await planExternal(deps, input.external, refusals);
  // mailcow's API form of the same edit, for the audit row.
  const call = ['mailbox', 'edit', 'mailbox', { username: [username],
    ...(input.internal ? { sender_acl: input.internal } : {}), ...(input.external ? { extended_sender_acl: input.external.join(' ') } : {}) }, null];
  // mailcow drops a refused entry (or a refused external list) and saves the rest; here nothing is
  // saved: the answer names each refused entry by its path, so a form can show it and send again.
  if (refusals.length > 0) {
    await writeAudit(deps.db, refusals.map((r) => ({ type: 'danger' as const, msg: r.msg, call, ...auditedBy(actor) })), deps.now());
    const issues = refusals.map(({ path, message, code }) => ({ path, message, code }));
    throw refusals.some((r) => r.forbidden)
      ? new AppError('forbidden', 'You may not grant some of these.', issues)
      : new AppError('validation_failed', 'Some entries are not valid.', issues);
  }
  await deps.db.transaction(async (tx) => {
    for (const [rows, flag] of [[internal, 0], [external, 1]] as const) {
      if (!rows) continue;
      await tx.delete(senderAcl).where(and(eq(senderAcl.loggedInAs, username), eq(senderAcl.external, flag)));
      if (rows.length > 0) await tx.insert(senderAcl).values(rows.map((sendAs) => ({ loggedInAs: username, sendAs, external: flag })));
    }
  });
  await syncSogoStaticView(deps, [username]);
  await writeAudit(deps.db, [{ type: 'success', msg: ['mailbox_modified', username], call, ...auditedBy(actor) }], deps.now());
  return getSenderAcl(deps, actor, username);
}
