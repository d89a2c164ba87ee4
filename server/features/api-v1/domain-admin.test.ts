// /api/v1 domain admins and their ACL, with mailcow's fields (functions.domain_admin.inc.php details) and keys.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { admin, daAcl, domainAdmins } from '../../../db/schema/access.ts';
import { logs } from '../../../db/schema/audit.ts';
import { seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { entriesOf, listOf, objectOf, withoutTimes } from '../../test/v1-fixtures.ts';
import { makeMailcowKey, makeScopedKey, v1 } from '../../test/v1-harness.ts';

const ctx = useTestApp();
const text = async (res: Response) => ({ status: res.status, body: await res.text() });
const PW = 'Peer-pass-123';

describe('domain-admin', () => {
  it('adds, shows, edits and deletes a domain admin as mailcow answers', async () => {
    const s = await seedWorld(ctx);
    const api = v1(ctx, await makeMailcowKey(ctx));
    const name = `da${uid()}`;
    const attr = { username: name, password: PW, password2: PW, domains: [s.domain], active: '1' };
    expect(await entriesOf(api.post('add/domain-admin', attr))).toEqual([
      { type: 'success', log: ['domain_admin', 'add', { ...attr, password: '*', password2: '*' }], msg: ['domain_admin_added', name] },
    ]);
    const [log] = await ctx.deps.db.select().from(logs).where(eq(logs.msg, JSON.stringify(['domain_admin_added', name])));
    expect(log.user).toBe('API');
    const one = await objectOf(api.get(`get/domain-admin/${name}`));
    expect(withoutTimes(one)).toMatchObject({
      username: name, tfa_active: 0, tfa_active_int: 0, active: 1, active_int: 1, created: '<time>',
      attributes: { force_tfa: '0', force_pw_update: '0' }, selected_domains: [s.domain],
    });
    expect(Object.keys(one)).toEqual(['username', 'tfa_active', 'tfa_active_int', 'active', 'active_int', 'created', 'attributes', 'selected_domains', 'unselected_domains']);
    expect(one.unselected_domains).not.toContain(s.domain);
    expect((await listOf(api.get('get/domain-admin/all'))).map((d) => d.username)).toContain(name);

    expect((await entriesOf(api.post('add/domain-admin', attr)))[0].msg).toEqual(['object_exists', name]);
    expect((await entriesOf(api.post('add/domain-admin', { ...attr, username: 'bad name' })))[0].msg).toEqual(['username_invalid', 'bad name']);
    expect((await entriesOf(api.post('add/domain-admin', { ...attr, username: `x${name}`, password: '' })))[0].msg).toBe('password_complexity');
    expect((await entriesOf(api.post('add/domain-admin', { ...attr, username: `y${name}`, domains: [] })))[0].msg).toBe('domain_invalid');

    const edited = await entriesOf(api.post('edit/domain-admin', { items: [name], attr: { active: '0', force_pw_update: '1' } }));
    expect(edited).toMatchObject([{ type: 'success', log: ['domain_admin', 'edit', { username: [name], active: '0', force_pw_update: '1' }], msg: ['domain_admin_modified', name] }]);
    expect((await ctx.deps.db.select().from(admin).where(eq(admin.username, name)))[0].active).toBe(0);
    expect(await entriesOf(api.post('delete/domain-admin', [name]))).toEqual([
      { type: 'success', log: ['domain_admin', 'delete', { username: [name] }], msg: ['domain_admin_removed', name] },
    ]);
    expect(await ctx.deps.db.select().from(domainAdmins).where(eq(domainAdmins.username, name))).toEqual([]);
    expect(await text(await api.get(`get/domain-admin/${name}`))).toEqual({ status: 200, body: '{}' });
  });

  it('sets the ACL to exactly the flags listed (edit/da-acl), for admins only', async () => {
    const s = await seedWorld(ctx);
    const api = v1(ctx, await makeMailcowKey(ctx));
    expect(await entriesOf(api.post('edit/da-acl', { items: [s.domainAdmin], attr: { da_acl: ['syncjobs', 'pushover'] } }))).toEqual([
      { type: 'success', log: ['acl', 'edit', 'domainadmin', { username: [s.domainAdmin], da_acl: ['syncjobs', 'pushover'] }], msg: ['acl_saved', s.domainAdmin] },
    ]);
    const [row] = await ctx.deps.db.select().from(daAcl).where(eq(daAcl.username, s.domainAdmin));
    expect(row).toMatchObject({ syncjobs: 1, pushover: 1, quarantine: 0, loginAs: 0, filters: 0 });
    const scoped = v1(ctx, (await makeScopedKey(ctx, s.domainAdmin)).key);
    expect((await entriesOf(scoped.post('edit/da-acl', { items: [s.domainAdmin], attr: { da_acl: ['unlimited_quota'] } })))[0]).toMatchObject({ type: 'danger', msg: 'access_denied' });
    expect((await entriesOf(scoped.post('add/domain-admin', { username: `z${uid()}`, password: PW, password2: PW, domains: [s.domain], active: '1' })))[0].msg).toBe('access_denied');
    expect(await text(await scoped.get('get/domain-admin/all'))).toEqual({ status: 200, body: '{}' });
  });
});
