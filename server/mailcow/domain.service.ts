// mailcow's domains (reference 1.3; add/edit/delete domain in functions.mailbox.inc.php): the one
// place that writes them. Each write keeps Redis DOMAIN_MAP in step, logs mailcow's audit row and
// rebuilds SOGo's static view in full, as mailcow does after any domain change.
// Not done here (yet): relayhost, and mailcow's
// refusal of a domain equal to MAILCOW_HOSTNAME (Cowbell has no such setting).
import { and, eq, like, ne, notInArray, sql } from 'drizzle-orm';
import { admin, daAcl, domainAdmins } from '../../db/schema/access.ts';
import { alias, aliasDomain, domain, mailbox, quota2, quota2replica, senderAcl, spamalias, tagsDomain } from '../../db/schema/mail.ts';
import { filterconf, pushover } from '../../db/schema/quarantine.ts';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize, can, gateAllows } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { mailcowKeys } from '../lib/redis-keys.ts';
import { parseInput } from '../lib/validate.ts';
import { invalid } from './alias.rules.ts';
import { addDkimKey } from './dkim.ts';
import { forgetRateLimits, writeRateLimit } from './ratelimit.service.ts';
import { atDomain, checkLimits, checkUsage, domainDefaults, domainUsage, nameTaken, relayFlags } from './domain.rules.ts';
import {
  createDomainInput, editDomainInput, type CreateDomainInput, type DomainDeletePreview, type DomainView, type EditableField, type EditDomainInput,
} from './domain.schema.ts';
import { syncSogoStaticView } from './sogo-static-view.service.ts';

export type { DomainDeletePreview, DomainView } from './domain.schema.ts';

const bit = (b: boolean) => (b ? 1 : 0);
const on = (v: unknown) => Number(v) === 1;

async function readDomain(db: Db, name: string): Promise<DomainView | null> {
  const [r] = await db.select().from(domain).where(eq(domain.domain, name)).limit(1);
  if (!r) return null;
  const tags = await db.select({ t: tagsDomain.tagName }).from(tagsDomain).where(eq(tagsDomain.domain, name));
  return {
    domain: r.domain, description: r.description ?? '', aliases: r.aliases, mailboxes: r.mailboxes,
    defquota: r.defquota, maxquota: r.maxquota, quota: r.quota, active: on(r.active), gal: on(r.gal), backupmx: on(r.backupmx),
    relayAllRecipients: on(r.relayAllRecipients), relayUnknownOnly: on(r.relayUnknownOnly), tags: tags.map((t) => t.t).sort(),
  };
}

/** The domain, if the actor may administer it; otherwise it does not exist for them. */
async function domainInScope(deps: Deps, actor: Actor, name: string, fields: readonly string[]): Promise<DomainView> {
  if (actor.role === 'anonymous') throw new AppError('unauthenticated', 'Please sign in.');
  if (!gateAllows(actor, 'domain.edit')) throw new AppError('forbidden', 'Your account may not change domains.');
  const found = await readDomain(deps.db, name);
  const reach = found && await can(deps.db, actor, { do: 'domain.edit', domain: name, fields: [] });
  if (!found || !reach) throw new AppError('not_found', 'There is no such domain among those you administer.');
  await authorize(deps.db, actor, { do: 'domain.edit', domain: name, fields });
  return found;
}

/** get/domain for the edit form: every editable field, if the actor administers the domain. */
export const getDomain = (deps: Deps, actor: Actor, name: string) => domainInScope(deps, actor, name, []);

/** Tags not on the domain yet, as mailcow adds them (INSERT per tag; an existing one is skipped here). */
async function addTags(db: Pick<Db, 'insert'>, name: string, tags: readonly string[]) {
  const fresh = [...new Set(tags)];
  if (fresh.length > 0) await db.insert(tagsDomain).values(fresh.map((t) => ({ domain: name, tagName: t }))).onDuplicateKeyUpdate({ set: { tagName: sql`tag_name` } });
}

function audit(actor: Actor, action: 'add' | 'edit' | 'delete', msg: unknown[], data: unknown) {
  return [{ type: 'success' as const, msg, call: ['mailbox', action, 'domain', data, null], ...auditedBy(actor) }];
}

/** add/domain: admins only; what is not given comes from the Default domain template. */
export async function createDomain(deps: Deps, actor: Actor, input: CreateDomainInput): Promise<DomainView> {
  await authorize(deps.db, actor, { do: 'domain.create' });
  const data = parseInput(createDomainInput, input);
  const d = await domainDefaults(deps.db);
  const limits = {
    aliases: data.aliases ?? d.aliases, mailboxes: data.mailboxes ?? d.mailboxes,
    defquota: data.defquota ?? d.defquota, maxquota: data.maxquota ?? d.maxquota, quota: data.quota ?? d.quota,
  };
  checkLimits(limits);
  if (await nameTaken(deps.db, data.domain)) throw invalid([{ path: 'domain', message: 'This domain or alias domain exists already (domain_exists).', code: 'invalid' }]);
  const relay = relayFlags({
    backupmx: data.backupmx ?? d.backupmx, relayAllRecipients: data.relayAllRecipients ?? d.relayAllRecipients,
    relayUnknownOnly: data.relayUnknownOnly ?? d.relayUnknownOnly,
  });
  await deps.db.transaction(async (tx) => {
    // Grants to send as addresses of a domain that now becomes local stop being "external".
    await tx.delete(senderAcl).where(and(eq(senderAcl.external, 1), like(senderAcl.sendAs, atDomain(data.domain))));
    await tx.insert(domain).values({
      domain: data.domain, description: data.description || data.domain, ...limits,
      backupmx: bit(relay.backupmx), relayAllRecipients: bit(relay.relayAllRecipients), relayUnknownOnly: bit(relay.relayUnknownOnly),
      gal: bit(data.gal ?? d.gal), active: bit(data.active ?? d.active),
    });
    await addTags(tx, data.domain, data.tags ?? d.tags);
    await writeAudit(tx, audit(actor, 'add', ['domain_added', data.domain], { ...input, domain: data.domain }), deps.now());
  });
  await deps.redis.hset(mailcowKeys.domainMap, data.domain, '1');
  await writeRateLimit(deps.redis, data.domain, { value: data.rlValue ?? d.rlValue, frame: data.rlFrame ?? d.rlFrame });
  await addDkimKey(deps.redis, data.domain, data.dkimSelector ?? d.dkimSelector, data.keySize ?? d.keySize);
  await syncSogoStaticView(deps);
  return (await readDomain(deps.db, data.domain))!;
}

/** The fields an edit sets, for the policy (a domain admin may set only some). */
const fieldsOf = (data: EditDomainInput) => (Object.keys(data) as EditableField[]).filter((k) => data[k] !== undefined);

/** edit/domain: the given fields; limits are checked against each other and against what is in use. */
export async function editDomain(deps: Deps, actor: Actor, name: string, input: EditDomainInput): Promise<DomainView> {
  const data = parseInput(editDomainInput, input);
  const now = await domainInScope(deps, actor, name, fieldsOf(data));
  const limits = {
    aliases: data.aliases ?? now.aliases, mailboxes: data.mailboxes ?? now.mailboxes,
    defquota: data.defquota ?? now.defquota, maxquota: data.maxquota ?? now.maxquota, quota: data.quota ?? now.quota,
  };
  const relay = relayFlags({
    backupmx: data.backupmx ?? now.backupmx, relayAllRecipients: data.relayAllRecipients ?? now.relayAllRecipients,
    relayUnknownOnly: data.relayUnknownOnly ?? now.relayUnknownOnly,
  });
  checkLimits(limits);
  await deps.db.transaction(async (tx) => {
    checkUsage(limits, await domainUsage(tx, name));
    await tx.update(domain).set({
      ...limits, description: data.description || now.description, gal: bit(data.gal ?? now.gal), active: bit(data.active ?? now.active),
      backupmx: bit(relay.backupmx), relayAllRecipients: bit(relay.relayAllRecipients), relayUnknownOnly: bit(relay.relayUnknownOnly),
    }).where(eq(domain.domain, name));
    await addTags(tx, name, data.tags ?? []);
    await writeAudit(tx, audit(actor, 'edit', ['domain_modified', name], { domain: [name], ...input }), deps.now());
  });
  await syncSogoStaticView(deps);
  return (await readDomain(deps.db, name))!;
}

async function requireDomain(deps: Deps, actor: Actor, name: string) {
  await authorize(deps.db, actor, { do: 'domain.delete' });
  if (!(await readDomain(deps.db, name))) throw new AppError('not_found', 'There is no such domain.');
}

/** What delete/domain would take along; it refuses while any mailbox (of any kind) is in the domain. */
export async function domainDeletePreview(deps: Deps, actor: Actor, name: string): Promise<DomainDeletePreview> {
  await requireDomain(deps, actor, name);
  const mailboxes = await deps.db.$count(mailbox, eq(mailbox.domain, name));
  const aliases = await deps.db.$count(alias, and(eq(alias.domain, name), ne(alias.address, alias.goto)));
  const aliasDomains = (await deps.db.select({ d: aliasDomain.aliasDomain }).from(aliasDomain).where(eq(aliasDomain.targetDomain, name))).map((r) => r.d).sort();
  const admins = await deps.db.$count(domainAdmins, eq(domainAdmins.domain, name));
  return { domain: name, mailboxes, aliases, aliasDomains, domainAdmins: admins, deletable: mailboxes === 0 };
}

/**
 * delete/domain: refused while the domain has mailboxes (domain_not_empty); otherwise its rows in
 * every table mailcow clears, domain admins left without a domain, and its Redis fields. Unlike
 * mailcow, the removed alias domains leave DOMAIN_MAP and RL_VALUE too (mailcow keeps them until
 * php-fpm rebuilds the map). tags_domain goes with the row (foreign key). mailcow's bcc_maps and
 * mta_sts rows are not Cowbell's tables.
 */
export async function deleteDomain(deps: Deps, actor: Actor, name: string): Promise<DomainDeletePreview> {
  const preview = await domainDeletePreview(deps, actor, name);
  if (!preview.deletable) throw new AppError('conflict', `The domain still has ${preview.mailboxes} mailboxes; delete them first (domain_not_empty).`);
  const at = atDomain(name);
  await deps.db.transaction(async (tx) => {
    await tx.delete(domain).where(eq(domain.domain, name));
    await tx.delete(domainAdmins).where(eq(domainAdmins.domain, name));
    await tx.delete(alias).where(eq(alias.domain, name));
    await tx.delete(aliasDomain).where(eq(aliasDomain.targetDomain, name));
    await tx.delete(senderAcl).where(like(senderAcl.loggedInAs, at));
    await tx.delete(quota2).where(like(quota2.username, at));
    await tx.delete(quota2replica).where(like(quota2replica.username, at));
    await tx.delete(pushover).where(like(pushover.username, at));
    await tx.delete(spamalias).where(like(spamalias.address, at));
    await tx.delete(filterconf).where(eq(filterconf.object, name));
    const assigned = tx.select({ u: domainAdmins.username }).from(domainAdmins);
    await tx.delete(admin).where(and(eq(admin.superadmin, 0), notInArray(admin.username, assigned)));
    await tx.delete(daAcl).where(notInArray(daAcl.username, assigned));
    await writeAudit(tx, audit(actor, 'delete', ['domain_removed', name], { domain: [name] }), deps.now());
  });
  const gone = [name, ...preview.aliasDomains];
  await deps.redis.hdel(mailcowKeys.domainMap, ...gone);
  await forgetRateLimits(deps.redis, ...gone);
  await syncSogoStaticView(deps);
  return preview;
}
