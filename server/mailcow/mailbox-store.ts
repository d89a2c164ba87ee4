// Writing checked mailboxes, many in one transaction: the rows add/mailbox writes (mailbox, quota,
// self alias, user ACL, tags, audit), with the domain's limits and the address re-checked under the
// domains' row locks. One mailbox is a batch of one. A CSV import writes a hundred rows per
// transaction: one lock, one limits read and one INSERT per table instead of a dozen statements
// per row, so the database leaves the cores to password hashing.
import { sql } from 'drizzle-orm';
import { userAcl } from '../../db/schema/access.ts';
import { alias, mailbox, quota2, quota2replica } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { retryOnDeadlock } from '../lib/db-retry.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { addressesTaken, TAKEN } from './alias.rules.ts';
import { writeTags } from './mailbox-rows.ts';
import { checkNewMailboxLimits, domainLimits, mailboxAttributes, TEMPLATE_DEFAULTS, type DomainLimits } from './mailbox.rules.ts';
import type { MailboxPlan } from './mailbox.service.ts';
import { isPreHashed } from './password-policy.ts';
import { isDuplicateKey } from './spamalias-address.ts';

export interface HashedPlan { plan: MailboxPlan; hash: string }
export type StoreOutcome = { ok: true; generatedPassword?: string } | { ok: false; error: AppError };

const MIB = 1048576;

export const conflict = (message: string, path: string) => new AppError('conflict', message, [{ path, message, code: 'invalid' }]);

/** The password as stored: a `{SCHEME}` hash as given (a migration), otherwise hashed on a worker thread. */
export async function hashPlan(deps: Deps, plan: MailboxPlan): Promise<HashedPlan> {
  return { plan, hash: isPreHashed(plan.password) ? plan.password : await deps.hasher.hash(plan.password) };
}

const definedOnly = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The request as mailcow logs it: passwords as "*". */
export const callData = (r: object) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k.startsWith('password') ? '*' : v]));

/**
 * Stores the batch, in order, each row checked against what the rows before it took. A row that no
 * longer fits (another admin took the domain's last mailbox meanwhile) or whose address was taken
 * is refused and the others are written. A duplicate that slipped past the check (made by another
 * writer at this very moment) fails the whole transaction; then each row is written on its own.
 */
export async function storeMailboxes(deps: Deps, actor: Actor, items: HashedPlan[]): Promise<StoreOutcome[]> {
  try {
    return await retryOnDeadlock(() => writeBatch(deps, actor, items));
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    if (items.length === 1) return [{ ok: false, error: conflict(TAKEN.mailbox, 'localPart') }];
    const one: StoreOutcome[] = [];
    for (const item of items) one.push(...(await storeMailboxes(deps, actor, [item])));
    return one;
  }
}

function writeBatch(deps: Deps, actor: Actor, items: HashedPlan[]): Promise<StoreOutcome[]> {
  return deps.db.transaction(async (tx) => {
    // Locked in name order, so two batches over the same domains cannot wait on each other.
    const limits = new Map<string, DomainLimits | null>();
    for (const d of [...new Set(items.map((i) => i.plan.request.domain))].sort()) limits.set(d, await domainLimits(tx, d, { lock: true }));
    const taken = await addressesTaken(tx, items.map((i) => i.plan.username));
    const outcomes: StoreOutcome[] = [];
    const kept: HashedPlan[] = [];
    for (const item of items) {
      const { request: r, username, quotaMiB } = item.plan;
      try {
        const l = limits.get(r.domain);
        if (!l) throw new AppError('not_found', 'There is no such domain.');
        checkNewMailboxLimits(r.domain, l, quotaMiB, { mailboxes: 0, quotaMiB: 0 });
        const why = taken.get(username);
        if (why) throw conflict(why, 'localPart');
        limits.set(r.domain, { ...l, mailboxes: l.mailboxes + 1, usedQuota: l.usedQuota + quotaMiB });
        kept.push(item);
        outcomes.push({ ok: true, ...(item.plan.generated ? { generatedPassword: item.plan.password } : {}) });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        outcomes.push({ ok: false, error: e });
      }
    }
    if (kept.length === 0) return outcomes;
    const activeOf = (p: MailboxPlan) => p.request.active ?? 1;
    await tx.insert(mailbox).values(kept.map(({ plan: p, hash }) => ({
      username: p.username, password: hash, name: p.name, quota: p.quotaMiB * MIB, localPart: p.request.localPart, domain: p.request.domain,
      // mailcow stamps passwd_update with the database's NOW() in a second statement; one expression does the same.
      attributes: sql`JSON_SET(${mailboxAttributes({ ...TEMPLATE_DEFAULTS, ...definedOnly(p.request), protocolAccess: p.request.protocolAccess ?? {} }, '')},
        '$.passwd_update', DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s'))`,
      authsource: 'mailcow' as const, active: activeOf(p),
    })));
    for (const { plan: p } of kept) await writeTags(tx, p.username, p.request.tags ?? [], false);
    const zero = kept.map(({ plan: p }) => ({ username: p.username, bytes: 0, messages: 0 }));
    await tx.insert(quota2).values(zero).onDuplicateKeyUpdate({ set: { bytes: 0, messages: 0 } });
    await tx.insert(quota2replica).values(zero).onDuplicateKeyUpdate({ set: { bytes: 0, messages: 0 } });
    // mailcow inserts only address, goto, domain and active: the other columns take their defaults.
    await tx.insert(alias).values(kept.map(({ plan: p }) => ({ address: p.username, goto: p.username, domain: p.request.domain, active: activeOf(p) })));
    // The Default template lacks acl_pw_reset, so mailcow writes pw_reset = 0 (reference 1.4).
    await tx.insert(userAcl).values(kept.map(({ plan: p }) => ({ username: p.username, pwReset: 0 })));
    // One task id per mailbox, as mailcow logs one per add/mailbox call.
    for (const { plan: p } of kept) {
      await writeAudit(tx, [{ type: 'success', msg: ['mailbox_added', p.username], call: ['mailbox', 'add', 'mailbox', callData(p.request), null], ...auditedBy(actor) }], deps.now());
    }
    return outcomes;
  });
}
