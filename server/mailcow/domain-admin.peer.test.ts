// Cowbell's domain-admin and ACL writes against what a real mailcow wrote for the same requests
// (server/test/fixtures/mailcow-domain-admins/captured.json, made by capture.sh beside it).
import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { admin, domainAdmins } from '../../db/schema/access.ts';
import { logs } from '../../db/schema/audit.ts';
import captured from '../test/fixtures/mailcow-domain-admins/captured.json' with { type: 'json' };
import type { Actor } from '../lib/authz/actor.ts';
import { PASSWORD, seedWorld, uid, useTestApp } from '../test/helpers.ts';
import { readDaAcl, readUserAcl } from './acl-columns.ts';
import { editDaAcl } from './da-acl.service.ts';
import { createDomainAdmin, deleteDomainAdmin, editDomainAdmin } from './domain-admin.service.ts';
import { DA_ACL_FLAGS, USER_ACL_FLAGS } from './domain-admin.schema.ts';
import { editUserAcl } from './user-acl.service.ts';

const ctx = useTestApp();
const db = () => ctx.deps.db;
const bits = (o: Record<string, boolean> | null) => Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, v ? 1 : 0]));
const lastCall = async (msgLike: string) => JSON.parse((await db().select().from(logs).where(like(logs.msg, msgLike)).orderBy(logs.id)).at(-1)!.call!);

describe('as mailcow writes it', () => {
  it('adds, edits the ACLs of, edits and deletes a domain admin with the rows and log entries mailcow makes', async () => {
    const w = await seedWorld(ctx);
    const adm: Actor = { kind: 'session', username: w.admin, role: 'admin', ip: '198.51.100.9', freshProof: true };
    const name = `capda${uid()}`;
    await createDomainAdmin(ctx.deps, adm, { username: name, password: PASSWORD, password2: PASSWORD, domains: [w.domain] });
    expect(bits(await readDaAcl(db(), name))).toEqual(captured.add.daAcl);
    const [row] = await db().select().from(admin).where(eq(admin.username, name));
    expect({ superadmin: row.superadmin, active: row.active }).toEqual({ superadmin: captured.add.admin.superadmin, active: captured.add.admin.active });
    expect(row.password.startsWith(captured.add.admin.passwordScheme)).toBe(true);

    // mailcow's form posts the flags that are on; Cowbell's takes each flag, so send them all.
    const on = captured.editDaAcl.request.attr.da_acl;
    await editDaAcl(ctx.deps, adm, name, { acl: Object.fromEntries(DA_ACL_FLAGS.map((f) => [f, on.includes(f)])) });
    expect(bits(await readDaAcl(db(), name))).toEqual(captured.editDaAcl.daAcl);
    expect(await lastCall(`%"acl_saved","${name}"%`)).toEqual(['acl', 'edit', 'domainadmin', { username: [name], da_acl: DA_ACL_FLAGS.filter((f) => on.includes(f)) }]);

    const userOn = captured.editUserAcl.request.attr.user_acl;
    await editUserAcl(ctx.deps, adm, w.user, { acl: Object.fromEntries(USER_ACL_FLAGS.map((f) => [f, userOn.includes(f)])) });
    expect(bits(await readUserAcl(db(), w.user))).toEqual(captured.editUserAcl.userAcl);
    expect(await lastCall(`%"acl_saved","${w.user}"%`)).toEqual(['acl', 'edit', 'user', { username: [w.user], user_acl: userOn }]);

    await editDomainAdmin(ctx.deps, adm, name, { forceTfa: true, forcePwUpdate: true, active: true });
    expect(JSON.parse((await db().select().from(admin).where(eq(admin.username, name)))[0].attributes!)).toEqual(captured.edit.attributes);
    expect((await db().select().from(domainAdmins).where(eq(domainAdmins.username, name))).map((r) => r.active)).toEqual([1]);

    await deleteDomainAdmin(ctx.deps, adm, name);
    expect(await db().$count(admin, eq(admin.username, name)) + await db().$count(domainAdmins, eq(domainAdmins.username, name))).toBe(0);
    expect(await readDaAcl(db(), name)).toBeNull();
  });
});
