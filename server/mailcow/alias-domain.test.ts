// mailcow's add/edit/delete alias_domain on the service: its refusals in mailcow's order, and what each
// write leaves in the database and Redis.
import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { daAcl } from '../../db/schema/access.ts';
import { logs } from '../../db/schema/audit.ts';
import { alias, aliasDomain, domain, senderAcl, spamalias } from '../../db/schema/mail.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { AppError } from '../lib/errors.ts';
import { insertDomain, insertDomainAdmin } from '../lib/mailcow/provision.ts';
import { seedWorld, uid, useTestApp } from '../test/helpers.ts';
import { createAliasDomain, deleteAliasDomain, editAliasDomain } from './alias-domain.service.ts';

const ctx = useTestApp();
const { db, redis } = ctx.deps;
const actor = (username: string, role: Actor['role']): Actor => ({ kind: 'session', username, role, ip: '198.51.100.7' });

async function setup() {
  const w = await seedWorld(ctx);
  const other = `o${uid()}.test`;
  await insertDomain(db, other);
  const daOut = `daout${uid()}`;
  await insertDomainAdmin(db, daOut, w.hash, [other]);
  const allow = (name: string) => db.update(daAcl).set({ aliasDomains: 1 }).where(eq(daAcl.username, name));
  return { ...w, other, fresh: () => `ad${uid()}.test`, allow,
    admin: actor(w.admin, 'admin'), da: actor(w.domainAdmin, 'domain_admin'), daOut: actor(daOut, 'domain_admin'), user: actor(w.user, 'user') };
}

/** The refusal's code and the paths of its issues. */
async function refused(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  if (!(e instanceof AppError)) throw new Error(`expected a refusal, got ${String(e)}`);
  return [e.code, ...e.issues.map((i) => i.path)].join(' ');
}
const auditOf = async (name: string) => (await db.select().from(logs).where(like(logs.msg, `%"${name}"%`)).orderBy(logs.id))
  .map((l) => [JSON.parse(l.msg!)[0], JSON.parse(l.call!).slice(0, 3).join('/'), l.user]);
const rowOf = async (name: string) => (await db.select().from(aliasDomain).where(eq(aliasDomain.aliasDomain, name)))[0];

describe('adding an alias domain', () => {
  it('writes the row, DOMAIN_MAP, the rate limit, a DKIM key and the audit row, and clears its own external grants only', async () => {
    const w = await setup();
    const name = w.fresh();
    await db.insert(senderAcl).values([{ loggedInAs: w.user.username, sendAs: `x@${name}`, external: 1 }, { loggedInAs: w.user.username, sendAs: 'x@elsewhere.example', external: 1 }]);
    const made = await createAliasDomain(ctx.deps, w.admin, { aliasDomain: name.toUpperCase(), targetDomain: w.domain, rlValue: 10, rlFrame: 'h',
      dkimSelector: 'dkim', keySize: 1024 });
    expect(made).toMatchObject({ aliasDomain: name, targetDomain: w.domain, active: true });
    expect(await redis.hget('DOMAIN_MAP', name)).toBe('1');
    expect(await redis.hget('RL_VALUE', name)).toBe('10 / 1h');
    expect(await redis.hget('DKIM_SELECTORS', name)).toBe('dkim');
    expect((await db.select().from(senderAcl).where(eq(senderAcl.loggedInAs, w.user.username))).map((r) => r.sendAs)).toEqual(['x@elsewhere.example']);
    expect(await auditOf(name)).toEqual([['aliasd_added', 'mailbox/add/alias_domain', w.admin.username]]);
  });

  it('refuses as mailcow: the ACL, the target\'s scope, itself, no such target, a relay target, a name in use', async () => {
    const w = await setup();
    const add = (who: Actor, aliasDomain: string, targetDomain = w.domain) => createAliasDomain(ctx.deps, who, { aliasDomain, targetDomain });
    expect(await refused(add(w.da, w.fresh()))).toBe('forbidden'); // da_acl alias_domains is off by default
    await w.allow(w.domainAdmin);
    expect(await refused(add(w.da, w.fresh(), w.other))).toBe('forbidden');
    expect(await refused(add(w.user, w.fresh()))).toBe('forbidden');
    expect(await refused(add(w.admin, w.domain))).toBe('validation_failed aliasDomain');
    expect(await refused(add(w.admin, w.fresh(), `none${uid()}.test`))).toBe('validation_failed targetDomain');
    await db.update(domain).set({ backupmx: 1 }).where(eq(domain.domain, w.other));
    expect(await refused(add(w.admin, w.fresh(), w.other))).toBe('validation_failed targetDomain');
    expect(await refused(add(w.admin, w.other))).toBe('validation_failed aliasDomain');
    const name = w.fresh();
    await add(w.da, name);
    expect(await refused(add(w.admin, name))).toBe('validation_failed aliasDomain');
    expect(await refused(add(w.admin, 'not a domain'))).toBe('validation_failed aliasDomain');
  });

  it('leaves rate limits and DKIM keys to admins, and a domain admin\'s call clears only its own mailboxes\' grants', async () => {
    const w = await setup();
    await w.allow(w.domainAdmin);
    expect(await refused(createAliasDomain(ctx.deps, w.da, { aliasDomain: w.fresh(), targetDomain: w.domain, rlValue: 1000, rlFrame: 'h' }))).toBe('forbidden');
    expect(await refused(createAliasDomain(ctx.deps, w.da, { aliasDomain: w.fresh(), targetDomain: w.domain, dkimSelector: 'dkim', keySize: 2048 }))).toBe('forbidden');
    // Another domain's mailbox may send as an address of a well-known domain; naming it as an alias domain does not take that away.
    const outsider = `someone@${w.other}`;
    const name = w.fresh();
    await db.insert(senderAcl).values([{ loggedInAs: outsider, sendAs: `x@${name}`, external: 1 }, { loggedInAs: `alice@${w.domain}`, sendAs: `y@${name}`, external: 1 }]);
    await createAliasDomain(ctx.deps, w.da, { aliasDomain: name, targetDomain: w.domain });
    expect((await db.select().from(senderAcl).where(like(senderAcl.sendAs, `%@${name}`))).map((r) => r.loggedInAs)).toEqual([outsider]);
  });
});

describe('changing an alias domain', () => {
  it('moves it to another target the actor administers and switches it off, with mailcow\'s audit row', async () => {
    const w = await setup();
    const name = w.fresh();
    await createAliasDomain(ctx.deps, w.admin, { aliasDomain: name, targetDomain: w.domain });
    expect(await editAliasDomain(ctx.deps, w.admin, name, { targetDomain: w.other, active: false })).toMatchObject({ targetDomain: w.other, active: false });
    expect(await rowOf(name)).toMatchObject({ targetDomain: w.other, active: 0 });
    expect((await auditOf(name)).at(-1)).toEqual(['aliasd_modified', 'mailbox/edit/alias_domain', w.admin.username]);
  });

  it('is not found outside the actor\'s domains, forbidden onto a target outside them, and refuses an alias domain as target', async () => {
    const w = await setup();
    const [mine, theirs] = [w.fresh(), w.fresh()];
    await createAliasDomain(ctx.deps, w.admin, { aliasDomain: mine, targetDomain: w.domain });
    await createAliasDomain(ctx.deps, w.admin, { aliasDomain: theirs, targetDomain: w.other });
    expect(await refused(editAliasDomain(ctx.deps, w.da, theirs, { active: false }))).toBe('not_found');
    expect(await refused(editAliasDomain(ctx.deps, w.da, mine, { targetDomain: w.other }))).toBe('forbidden');
    expect(await refused(editAliasDomain(ctx.deps, w.admin, mine, { targetDomain: theirs }))).toBe('validation_failed targetDomain');
    expect(await refused(editAliasDomain(ctx.deps, w.user, mine, { active: false }))).toBe('forbidden');
    // No da_acl flag is needed to change one (mailcow checks only the target's access).
    expect(await editAliasDomain(ctx.deps, w.da, mine, { active: false })).toMatchObject({ active: false });
    expect(await rowOf(theirs)).toMatchObject({ targetDomain: w.other, active: 1 });
  });
});

describe('deleting an alias domain', () => {
  it('takes its aliases, time-limited aliases and Redis fields along, and nothing of the target domain', async () => {
    const w = await setup();
    const name = w.fresh();
    await createAliasDomain(ctx.deps, w.admin, { aliasDomain: name, targetDomain: w.domain, rlValue: 5 });
    await db.insert(alias).values([{ address: `a@${name}`, goto: w.user.username, domain: name }, { address: `keep${uid()}@${w.domain}`, goto: w.user.username, domain: w.domain }]);
    await db.insert(spamalias).values([{ address: `s${uid()}@${name}`, goto: w.user.username, description: '', validity: 1 }]);
    expect(await refused(deleteAliasDomain(ctx.deps, w.daOut, name))).toBe('not_found');
    expect(await deleteAliasDomain(ctx.deps, w.da, name)).toEqual({ aliasDomain: name, aliases: 1, spamaliases: 1 });
    expect(await rowOf(name)).toBeUndefined();
    expect(await db.$count(alias, eq(alias.domain, name))).toBe(0);
    expect(await db.$count(alias, eq(alias.domain, w.domain))).toBeGreaterThan(1);
    expect(await db.$count(spamalias, like(spamalias.address, `%@${name}`))).toBe(0);
    expect(await redis.hget('DOMAIN_MAP', name)).toBeNull();
    expect(await redis.hget('RL_VALUE', name)).toBeNull();
    expect((await auditOf(name)).at(-1)).toEqual(['alias_domain_removed', 'mailbox/delete/alias_domain', w.domainAdmin]);
    expect(await refused(deleteAliasDomain(ctx.deps, w.admin, name))).toBe('not_found');
  });
});
