// mailcow's alias domains (reference 1.6; add/edit/delete alias_domain in functions.mailbox.inc.php):
// the one place that writes them. Each write keeps Redis DOMAIN_MAP in step, logs mailcow's audit row
// and rebuilds SOGo's static view in full, as mailcow does after any alias-domain change.
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { alias, aliasDomain, domain, senderAcl, spamalias } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { domainScope } from '../lib/authz/domain-scope.ts';
import { authorize, can, gateAllows } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { mailcowKeys } from '../lib/redis-keys.ts';
import { parseInput } from '../lib/validate.ts';
import { invalid } from './alias.rules.ts';
import {
  aliasDomainParam, createAliasDomainInput, editAliasDomainInput,
  type AliasDomainDeleted, type AliasDomainView, type CreateAliasDomainInput, type EditAliasDomainInput,
} from './alias-domain.schema.ts';
import { addDkimKey } from './dkim.ts';
import { atDomain, nameTaken } from './domain.rules.ts';
import { forgetRateLimits, writeRateLimit } from './ratelimit.service.ts';
import { isDuplicateKey } from './spamalias-address.ts';
import { syncSogoStaticView } from './sogo-static-view.service.ts';

type Row = typeof aliasDomain.$inferSelect;
const bit = (b: boolean) => (b ? 1 : 0);

export const aliasDomainView = (r: Row): AliasDomainView => ({
  aliasDomain: r.aliasDomain.toLowerCase(), targetDomain: r.targetDomain.toLowerCase(), active: Number(r.active) === 1,
  created: r.created, modified: r.modified,
});

const readRow = async (deps: Deps, name: string) =>
  (await deps.db.select().from(aliasDomain).where(eq(aliasDomain.aliasDomain, name)).limit(1))[0];

function audit(actor: Actor, action: 'add' | 'edit' | 'delete', msg: unknown[], data: unknown) {
  return [{ type: 'success' as const, msg, call: ['mailbox', action, 'alias_domain', data, null], ...auditedBy(actor) }];
}

/** mailcow's targetd_not_found / targetd_relay_domain (add) and target_domain_invalid (edit): a real, non-relay domain. */
async function checkTarget(deps: Deps, target: string, refuseRelay: boolean): Promise<void> {
  const [row] = await deps.db.select({ backupmx: domain.backupmx }).from(domain).where(eq(domain.domain, target)).limit(1);
  if (!row) throw invalid([{ path: 'targetDomain', message: 'No such domain (targetd_not_found).', code: 'invalid' }]);
  if (refuseRelay && Number(row.backupmx) === 1) {
    throw invalid([{ path: 'targetDomain', message: 'A relay (backup MX) domain cannot have alias domains (targetd_relay_domain).', code: 'invalid' }]);
  }
}

/**
 * add/alias_domain. Unlike mailcow: one alias domain per call (the screens add one at a time), and
 * the external sender_acl rows cleared are those of this alias domain (mailcow's query names an
 * unset variable there, so it matches every external grant).
 */
export async function createAliasDomain(deps: Deps, actor: Actor, input: CreateAliasDomainInput): Promise<AliasDomainView> {
  const data = parseInput(createAliasDomainInput, input);
  await authorize(deps.db, actor, { do: 'aliasDomain.create', target: data.targetDomain });
  if (data.rlValue || data.dkimSelector) await authorize(deps.db, actor, { do: 'aliasDomain.limits' });
  if (data.aliasDomain === data.targetDomain) {
    throw invalid([{ path: 'aliasDomain', message: 'An alias domain cannot be its own target (aliasd_targetd_identical).', code: 'invalid' }]);
  }
  await checkTarget(deps, data.targetDomain, true);
  const scope = await domainScope(deps.db, actor);
  const taken = () => invalid([{ path: 'aliasDomain', message: 'This name is a domain or an alias domain already (alias_domain_invalid).', code: 'invalid' }]);
  if (await nameTaken(deps.db, data.aliasDomain)) throw taken();
  try {
    await deps.db.transaction(async (tx) => {
      // Grants to send as addresses of the new alias domain stop being "external": a domain admin's
      // call clears only its own domains' mailboxes' grants (anyone may name gmail.com as an alias domain).
      await tx.delete(senderAcl).where(and(eq(senderAcl.external, 1), like(senderAcl.sendAs, atDomain(data.aliasDomain)),
        scope.all ? undefined : inArray(sql`SUBSTRING_INDEX(${senderAcl.loggedInAs}, '@', -1)`, scope.domains)));
      await tx.insert(aliasDomain).values({ aliasDomain: data.aliasDomain, targetDomain: data.targetDomain, active: bit(data.active ?? true) });
      await writeAudit(tx, audit(actor, 'add', ['aliasd_added', data.aliasDomain], { ...input, alias_domain: data.aliasDomain }), deps.now());
    });
  } catch (e) {
    if (isDuplicateKey(e)) throw taken();
    throw e;
  }
  await deps.redis.hset(mailcowKeys.domainMap, data.aliasDomain, '1');
  if (data.rlValue) await writeRateLimit(deps.redis, data.aliasDomain, { value: data.rlValue, frame: data.rlFrame ?? 's' });
  if (data.dkimSelector && data.keySize) await addDkimKey(deps.redis, data.aliasDomain, data.dkimSelector, data.keySize);
  await syncSogoStaticView(deps);
  return aliasDomainView((await readRow(deps, data.aliasDomain))!);
}

/** The alias domain, if the actor administers its target; otherwise it does not exist for them (mailcow's alias_domain_details). */
async function aliasDomainInScope(deps: Deps, actor: Actor, name: string): Promise<Row> {
  if (actor.role === 'anonymous') throw new AppError('unauthenticated', 'Please sign in.');
  if (!gateAllows(actor, 'aliasDomain.write')) throw new AppError('forbidden', 'Your account may not manage alias domains.');
  const row = await readRow(deps, name);
  if (!row || !(await can(deps.db, actor, { do: 'aliasDomain.write', target: row.targetDomain }))) {
    throw new AppError('not_found', 'There is no such alias domain among those you administer.');
  }
  return row;
}

/** edit/alias_domain: a new target must be one the actor administers, a domain and no alias domain. */
export async function editAliasDomain(deps: Deps, actor: Actor, name: string, input: EditAliasDomainInput): Promise<AliasDomainView> {
  const data = parseInput(editAliasDomainInput, input);
  const row = await aliasDomainInScope(deps, actor, parseInput(aliasDomainParam, { aliasDomain: name }).aliasDomain);
  const target = data.targetDomain ?? row.targetDomain.toLowerCase();
  await authorize(deps.db, actor, { do: 'aliasDomain.write', target });
  if (target === row.aliasDomain) {
    throw invalid([{ path: 'targetDomain', message: 'An alias domain cannot be its own target (aliasd_targetd_identical).', code: 'invalid' }]);
  }
  // mailcow's edit checks the target exists as a domain (an alias domain is no domain), not its relay flag.
  await checkTarget(deps, target, false);
  await deps.db.transaction(async (tx) => {
    await tx.update(aliasDomain).set({ targetDomain: target, active: bit(data.active ?? Number(row.active) === 1) })
      .where(eq(aliasDomain.aliasDomain, row.aliasDomain));
    await writeAudit(tx, audit(actor, 'edit', ['aliasd_modified', row.aliasDomain], { alias_domain: [row.aliasDomain], ...input }), deps.now());
  });
  await syncSogoStaticView(deps);
  return aliasDomainView((await readRow(deps, row.aliasDomain))!);
}

/**
 * delete/alias_domain: the row, the aliases in the alias domain and its time-limited aliases, and its
 * Redis fields. Unlike mailcow, RL_VALUE loses the alias domain's field (mailcow's HDEL names an unset
 * variable). mailcow's bcc_maps rows are not Cowbell's table.
 */
export async function deleteAliasDomain(deps: Deps, actor: Actor, name: string): Promise<AliasDomainDeleted> {
  const row = await aliasDomainInScope(deps, actor, parseInput(aliasDomainParam, { aliasDomain: name }).aliasDomain);
  const gone = row.aliasDomain;
  const counts = await deps.db.transaction(async (tx) => {
    await tx.delete(aliasDomain).where(eq(aliasDomain.aliasDomain, gone));
    const [aliases] = await tx.delete(alias).where(eq(alias.domain, gone));
    const [spamaliases] = await tx.delete(spamalias).where(like(spamalias.address, atDomain(gone)));
    await writeAudit(tx, audit(actor, 'delete', ['alias_domain_removed', gone], { alias_domain: [gone] }), deps.now());
    return { aliases: aliases.affectedRows, spamaliases: spamaliases.affectedRows };
  });
  await deps.redis.hdel(mailcowKeys.domainMap, gone);
  await forgetRateLimits(deps.redis, gone);
  await syncSogoStaticView(deps);
  return { aliasDomain: gone, ...counts };
}
