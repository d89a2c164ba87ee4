// add/edit/delete domain_admin and edit da_acl, with what mailcow writes checked in the database.
import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { admin, daAcl, domainAdmins, fido2, tfa } from '../../db/schema/access.ts';
import { logs } from '../../db/schema/audit.ts';
import type { Actor } from '../lib/authz/actor.ts';
import type { AppError } from '../lib/errors.ts';
import { insertDomain } from '../lib/mailcow/provision.ts';
import { mailcowKeys } from '../lib/redis-keys.ts';
import { PASSWORD, seedWorld, uid, useTestApp } from '../test/helpers.ts';
import { editDaAcl, getDaAcl } from './da-acl.service.ts';
import { createDomainAdmin, deleteDomainAdmin, editDomainAdmin, getDomainAdmin, listDomainAdmins } from './domain-admin.service.ts';

const ctx = useTestApp();
const db = () => ctx.deps.db;
const as = (username: string, role: Actor['role']): Actor => ({ kind: 'session', username, role, ip: '198.51.100.9', freshProof: true });
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: AppError) => e.code);

async function world() {
  const w = await seedWorld(ctx);
  const other = `o${uid()}.test`;
  await insertDomain(db(), other);
  return { ...w, other, adm: as(w.admin, 'admin'), da: as(w.domainAdmin, 'domain_admin'), alice: as(w.user, 'user') };
}
const rowOf = async (username: string) => (await db().select().from(admin).where(eq(admin.username, username)))[0];
const domainsOf = async (username: string) =>
  (await db().select().from(domainAdmins).where(eq(domainAdmins.username, username))).map((r) => `${r.domain}:${r.active}`).sort();

describe('creating a domain admin', () => {
  it('writes admin, domain_admins and da_acl with mailcow\'s defaults, hashes the password and logs as mailcow', async () => {
    const w = await world();
    const name = `DA-${uid()}`;
    const made = await createDomainAdmin(ctx.deps, w.adm, { username: ` ${name} `, password: PASSWORD, password2: PASSWORD, domains: [w.domain, w.other], forceTfa: true });
    const stored = name.toLowerCase();
    expect(made.generatedPassword).toBeUndefined();
    expect(made.domainAdmin).toMatchObject({ username: stored, active: true, domains: [w.domain, w.other].sort(), forceTfa: true, forcePwUpdate: false, tfaActive: false });
    const row = await rowOf(stored);
    expect(row).toMatchObject({ superadmin: 0, active: 1 });
    expect(JSON.parse(row.attributes!)).toEqual({ force_tfa: '1', force_pw_update: '0' });
    expect(row.password).toMatch(/^\{BLF-CRYPT\}\$2[aby]\$/);
    expect(await ctx.deps.hasher.verify(row.password, PASSWORD)).toBe(true);
    expect(await domainsOf(stored)).toEqual([`${w.domain}:1`, `${w.other}:1`].sort());
    const [acl] = await db().select().from(daAcl).where(eq(daAcl.username, stored));
    // reference 1.17: pushover, extend_sender_acl, unlimited_quota, alias_domains and domain_desc start off.
    expect(acl).toMatchObject({ syncjobs: 1, quarantine: 1, loginAs: 1, pushover: 0, extendSenderAcl: 0, unlimitedQuota: 0, aliasDomains: 0, domainDesc: 0, protocolAccess: 1 });
    const [log] = await db().select().from(logs).where(like(logs.msg, `%"domain_admin_added","${stored}"%`));
    expect(JSON.parse(log.call!)).toMatchObject(['domain_admin', 'add', { password: '*', password2: '*' }]);
    expect(log).toMatchObject({ user: w.admin, role: 'admin', type: 'success' });
  });

  it('makes a password when none is given, and switches the account off when asked', async () => {
    const w = await world();
    const name = `gen${uid()}`;
    const made = await createDomainAdmin(ctx.deps, w.adm, { username: name, domains: [w.domain], active: false });
    expect(made.generatedPassword!.length).toBeGreaterThanOrEqual(20);
    expect(await ctx.deps.hasher.verify((await rowOf(name)).password, made.generatedPassword!)).toBe(true);
    expect(await domainsOf(name)).toEqual([`${w.domain}:0`]);
    expect((await rowOf(name)).active).toBe(0);
  });

  it('refuses a taken name, an unknown domain, a weak or unconfirmed password, and every role but admin', async () => {
    const w = await world();
    const refuse = (input: Partial<Parameters<typeof createDomainAdmin>[2]>, actor = w.adm) =>
      codeOf(createDomainAdmin(ctx.deps, actor, { username: `n${uid()}`, password: PASSWORD, domains: [w.domain], ...input }));
    expect(await refuse({ username: w.admin })).toBe('conflict');
    expect(await refuse({ username: w.domainAdmin })).toBe('conflict');
    expect(await refuse({ username: 'API' })).toBe('validation_failed');
    expect(await refuse({ username: 'a@b.test' })).toBe('validation_failed');
    expect(await refuse({ domains: [`nope-${uid()}.test`] })).toBe('validation_failed');
    expect(await refuse({ domains: [] })).toBe('validation_failed');
    expect(await refuse({ password: 'short' })).toBe('validation_failed');
    expect(await refuse({ password2: 'Other-Horse-9' })).toBe('validation_failed');
    await ctx.deps.redis.hset(mailcowKeys.passwordPolicy, 'numbers', '1');
    try { expect(await refuse({ password: 'NoDigitsHere' })).toBe('validation_failed'); } finally { await ctx.deps.redis.hdel(mailcowKeys.passwordPolicy, 'numbers'); }
    expect(await refuse({}, w.da)).toBe('forbidden');
    expect(await refuse({}, w.alice)).toBe('forbidden');
    expect(await refuse({}, { ...w.adm, freshProof: false })).toBe('step_up_required');
  });
});

describe('editing a domain admin', () => {
  it('replaces its domains, keeps both active flags equal and sets mailcow\'s force flags', async () => {
    const w = await world();
    const v = await editDomainAdmin(ctx.deps, w.adm, w.domainAdmin, { domains: [w.other], active: false, forcePwUpdate: true });
    expect(v).toMatchObject({ domains: [w.other], active: false, forcePwUpdate: true, forceTfa: false });
    expect(await domainsOf(w.domainAdmin)).toEqual([`${w.other}:0`]);
    expect(JSON.parse((await rowOf(w.domainAdmin)).attributes!)).toEqual({ force_tfa: '0', force_pw_update: '1' });
    // Left out: stays as it is.
    expect(await editDomainAdmin(ctx.deps, w.adm, w.domainAdmin, { active: true })).toMatchObject({ domains: [w.other], forcePwUpdate: true, active: true });
    expect(await domainsOf(w.domainAdmin)).toEqual([`${w.other}:1`]);
  });

  it('sets a new password (a fresh proof needed) and switches second factors off for the next sign-in', async () => {
    const w = await world();
    await db().insert(tfa).values({ keyId: 'k', username: w.domainAdmin, authmech: 'totp', secret: 'JBSWY3DPEHPK3PXP', active: 1 });
    expect(await codeOf(editDomainAdmin(ctx.deps, { ...w.adm, freshProof: false }, w.domainAdmin, { password: 'New-Horse-77' }))).toBe('step_up_required');
    expect(await codeOf(editDomainAdmin(ctx.deps, { ...w.adm, freshProof: false }, w.domainAdmin, { disableTfa: true }))).toBe('step_up_required');
    await editDomainAdmin(ctx.deps, w.adm, w.domainAdmin, { password: 'New-Horse-77', password2: 'New-Horse-77', disableTfa: true });
    expect(await ctx.deps.hasher.verify((await rowOf(w.domainAdmin)).password, 'New-Horse-77')).toBe(true);
    expect((await db().select().from(tfa).where(eq(tfa.username, w.domainAdmin)))[0].active).toBe(0);
  });

  it('renames it with its domains, ACL, second factors and passkeys', async () => {
    const w = await world();
    await db().insert(tfa).values({ keyId: 'k', username: w.domainAdmin, authmech: 'totp', secret: 'JBSWY3DPEHPK3PXP', active: 1 });
    await db().insert(fido2).values({ username: w.domainAdmin, rpId: 'cowbell.test', credentialPublicKey: 'pem', credentialId: Buffer.from('id') });
    const next = `renamed${uid()}`;
    expect(await codeOf(editDomainAdmin(ctx.deps, w.adm, w.domainAdmin, { username: w.admin }))).toBe('conflict');
    expect(await editDomainAdmin(ctx.deps, w.adm, w.domainAdmin, { username: next })).toMatchObject({ username: next, domains: [w.domain], tfaActive: true });
    expect(await rowOf(w.domainAdmin)).toBeUndefined();
    expect(await domainsOf(next)).toEqual([`${w.domain}:1`]);
    expect(await db().$count(daAcl, eq(daAcl.username, next))).toBe(1);
    expect(await db().$count(fido2, eq(fido2.username, next))).toBe(1);
  });

  it('refuses domain admins, users, unknown accounts, super admins and unknown domains', async () => {
    const w = await world();
    expect(await codeOf(editDomainAdmin(ctx.deps, w.da, w.domainAdmin, { active: false }))).toBe('forbidden');
    expect(await codeOf(editDomainAdmin(ctx.deps, w.alice, w.domainAdmin, { active: false }))).toBe('forbidden');
    expect(await codeOf(editDomainAdmin(ctx.deps, w.adm, `nobody${uid()}`, { active: false }))).toBe('not_found');
    expect(await codeOf(editDomainAdmin(ctx.deps, w.adm, w.admin, { active: false }))).toBe('not_found');
    expect(await codeOf(editDomainAdmin(ctx.deps, w.adm, w.domainAdmin, { domains: [`x${uid()}.test`] }))).toBe('validation_failed');
    expect(await codeOf(editDomainAdmin(ctx.deps, w.adm, w.domainAdmin, {}))).toBe('validation_failed');
  });
});

describe('deleting a domain admin', () => {
  it('removes what mailcow removes: admin, domain_admins, da_acl, tfa, fido2', async () => {
    const w = await world();
    await db().insert(tfa).values({ keyId: 'k', username: w.domainAdmin, authmech: 'totp', secret: 'JBSWY3DPEHPK3PXP', active: 1 });
    await db().insert(fido2).values({ username: w.domainAdmin, rpId: 'cowbell.test', credentialPublicKey: 'pem', credentialId: Buffer.from('id') });
    expect(await codeOf(deleteDomainAdmin(ctx.deps, w.da, w.domainAdmin))).toBe('forbidden');
    await deleteDomainAdmin(ctx.deps, w.adm, w.domainAdmin);
    for (const table of [admin, domainAdmins, daAcl, tfa, fido2]) expect(await db().$count(table, eq(table.username, w.domainAdmin))).toBe(0);
    expect(await codeOf(deleteDomainAdmin(ctx.deps, w.adm, w.domainAdmin))).toBe('not_found');
    expect(await codeOf(deleteDomainAdmin(ctx.deps, w.adm, w.admin))).toBe('not_found');
    expect(await rowOf(w.admin)).toBeDefined();
  });
});

describe('listing and the domain-admin ACL', () => {
  it('lists domain admins to admins only', async () => {
    const w = await world();
    expect((await listDomainAdmins(ctx.deps, w.adm)).map((d) => d.username)).toContain(w.domainAdmin);
    expect((await listDomainAdmins(ctx.deps, w.adm)).map((d) => d.username)).not.toContain(w.admin);
    expect(await getDomainAdmin(ctx.deps, w.adm, w.domainAdmin)).toMatchObject({ domains: [w.domain] });
    expect(await codeOf(listDomainAdmins(ctx.deps, w.da))).toBe('forbidden');
  });

  it('lets admins change the flags sent, a domain admin read only its own, and logs acl_saved', async () => {
    const w = await world();
    const { acl } = await editDaAcl(ctx.deps, w.adm, w.domainAdmin, { acl: { quarantine: false, domain_desc: true } });
    expect(acl).toMatchObject({ quarantine: false, domain_desc: true, syncjobs: true, pushover: false });
    expect((await db().select().from(daAcl).where(eq(daAcl.username, w.domainAdmin)))[0]).toMatchObject({ quarantine: 0, domainDesc: 1 });
    expect((await getDaAcl(ctx.deps, w.da, w.domainAdmin)).acl.quarantine).toBe(false);
    expect(await codeOf(editDaAcl(ctx.deps, w.da, w.domainAdmin, { acl: { quarantine: true } }))).toBe('forbidden');
    const out = await world();
    expect(await codeOf(getDaAcl(ctx.deps, out.da, w.domainAdmin))).toBe('forbidden');
    expect(await codeOf(getDaAcl(ctx.deps, w.alice, w.domainAdmin))).toBe('forbidden');
    expect(await codeOf(editDaAcl(ctx.deps, w.adm, w.admin, { acl: { quarantine: true } }))).toBe('not_found');
    const [log] = await db().select().from(logs).where(like(logs.msg, `%"acl_saved","${w.domainAdmin}"%`));
    expect(JSON.parse(log.call!)).toEqual(['acl', 'edit', 'domainadmin', { username: [w.domainAdmin], da_acl: expect.arrayContaining(['domain_desc', 'syncjobs']) }]);
  });
});
