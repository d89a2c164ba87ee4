// acl('edit', 'user'): admins set any flag; a domain admin only in its domains and never a flag
// whose da_acl counterpart it lacks (mailcow's acl('get', 'user') hides those from it).
import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { daAcl, userAcl } from '../../db/schema/access.ts';
import { logs } from '../../db/schema/audit.ts';
import type { Actor } from '../lib/authz/actor.ts';
import type { AppError } from '../lib/errors.ts';
import { insertDomain, insertDomainAdmin, insertMailbox } from '../lib/mailcow/provision.ts';
import { seedWorld, uid, useTestApp } from '../test/helpers.ts';
import { editUserAcl, getUserAcl } from './user-acl.service.ts';

const ctx = useTestApp();
const db = () => ctx.deps.db;
const as = (username: string, role: Actor['role']): Actor => ({ kind: 'session', username, role, ip: '198.51.100.9' });
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: AppError) => e.code);

async function world() {
  const w = await seedWorld(ctx);
  await db().insert(userAcl).values({ username: w.user, syncjobs: 0, sogoProfileReset: 0 }).onDuplicateKeyUpdate({ set: { syncjobs: 0 } });
  const other = `o${uid()}.test`;
  await insertDomain(db(), other);
  const daOut = `daout${uid()}`;
  await insertDomainAdmin(db(), daOut, w.hash, [other]);
  return { ...w, other, adm: as(w.admin, 'admin'), da: as(w.domainAdmin, 'domain_admin'), daOut: as(daOut, 'domain_admin'), alice: as(w.user, 'user') };
}
const rowOf = async (username: string) => (await db().select().from(userAcl).where(eq(userAcl.username, username)))[0];

describe('a mailbox\'s ACL', () => {
  it('lets an admin set any flag, changing only those sent, and logs acl_saved with the flags now on', async () => {
    const w = await world();
    const v = await editUserAcl(ctx.deps, w.adm, w.user, { acl: { syncjobs: true, spam_alias: false } });
    expect(v).toMatchObject({ username: w.user, locked: [], acl: { syncjobs: true, spam_alias: false, quarantine: true, sogo_profile_reset: false } });
    expect(await rowOf(w.user)).toMatchObject({ syncjobs: 1, spamAlias: 0, quarantine: 1 });
    const [log] = await db().select().from(logs).where(like(logs.msg, `%"acl_saved","${w.user}"%`));
    const call = JSON.parse(log.call!) as [string, string, string, { user_acl: string[] }];
    expect(call.slice(0, 3)).toEqual(['acl', 'edit', 'user']);
    expect(call[3].user_acl).toContain('syncjobs');
    expect(call[3].user_acl).not.toContain('spam_alias');
  });

  it('lets a domain admin change flags it holds itself, and those with no da_acl counterpart', async () => {
    const w = await world();
    expect((await getUserAcl(ctx.deps, w.da, w.user)).locked).toEqual(['pushover']);
    const v = await editUserAcl(ctx.deps, w.da, w.user, { acl: { syncjobs: true, quarantine: false, tls_policy: false } });
    expect(v.acl).toMatchObject({ syncjobs: true, quarantine: false, tls_policy: false });
  });

  it('never lets a domain admin grant or take away a flag it lacks; sending it unchanged is fine', async () => {
    const w = await world();
    await db().update(daAcl).set({ syncjobs: 0, quarantine: 0 }).where(eq(daAcl.username, w.domainAdmin));
    const { locked, acl } = await getUserAcl(ctx.deps, w.da, w.user);
    expect(locked.sort()).toEqual(['pushover', 'quarantine', 'syncjobs']);
    expect(await codeOf(editUserAcl(ctx.deps, w.da, w.user, { acl: { syncjobs: true } }))).toBe('forbidden');
    expect(await codeOf(editUserAcl(ctx.deps, w.da, w.user, { acl: { quarantine: false } }))).toBe('forbidden');
    expect(await codeOf(editUserAcl(ctx.deps, w.da, w.user, { acl: { pushover: false, spam_score: false } }))).toBe('forbidden');
    expect(await rowOf(w.user)).toMatchObject({ syncjobs: 0, quarantine: 1, pushover: 1, spamScore: 1 });
    expect((await editUserAcl(ctx.deps, w.da, w.user, { acl: { ...acl, spam_score: false } })).acl.spam_score).toBe(false);
  });

  it('keeps a domain admin out of other domains, and users out of every ACL, their own included', async () => {
    const w = await world();
    const outside = await insertMailbox(db(), { localPart: 'olga', domain: w.other, passwordHash: w.hash });
    expect(await codeOf(getUserAcl(ctx.deps, w.da, outside))).toBe('not_found');
    expect(await codeOf(editUserAcl(ctx.deps, w.da, outside, { acl: { spam_alias: false } }))).toBe('not_found');
    expect(await codeOf(getUserAcl(ctx.deps, w.daOut, w.user))).toBe('not_found');
    expect(await codeOf(editUserAcl(ctx.deps, w.alice, w.user, { acl: { syncjobs: true } }))).toBe('forbidden');
    expect(await codeOf(getUserAcl(ctx.deps, w.adm, `nobody@${w.domain}`))).toBe('not_found');
    expect(await codeOf(editUserAcl(ctx.deps, w.adm, w.user, { acl: {} }))).toBe('validation_failed');
    expect(await codeOf(editUserAcl(ctx.deps, w.adm, w.user, { acl: { root: true } as never }))).toBe('validation_failed');
  });

  it('writes the row when mailcow\'s is missing, holding only what is sent', async () => {
    const w = await world();
    await db().delete(userAcl).where(eq(userAcl.username, w.user));
    expect(Object.values((await getUserAcl(ctx.deps, w.adm, w.user)).acl).every((v) => !v)).toBe(true);
    await editUserAcl(ctx.deps, w.adm, w.user, { acl: { quarantine: true } });
    expect(await rowOf(w.user)).toMatchObject({ quarantine: 1, spamAlias: 0, pwReset: 0 });
  });
});
