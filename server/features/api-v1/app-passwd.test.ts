// /api/v1 app passwords, compared with a real mailcow's answers (fixtures/mailcow-api/app-passwd.json).
import { and, desc, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appPasswd } from '../../../db/schema/access.ts';
import { logs } from '../../../db/schema/audit.ts';
import { seedWorld, useTestApp } from '../../test/helpers.ts';
import { entriesOf, listOf, peerCall, peerCalls, withoutTimes } from '../../test/v1-fixtures.ts';
import { makeMailcowKey, makeScopedKey, v1 } from '../../test/v1-harness.ts';

const ctx = useTestApp();
const text = async (res: Response) => ({ status: res.status, body: await res.text() });
const rowsOf = (user: string) => ctx.deps.db.select().from(appPasswd).where(eq(appPasswd.mailbox, user));
const logRows = (user: string, call: string) => ctx.deps.db.select().from(logs)
  .where(and(eq(logs.user, user), like(logs.call, `["app_passwd","${call}"%`))).orderBy(desc(logs.id)).limit(1);

describe('app passwords over /api/v1', () => {
  it('adds, lists and deletes as mailcow does, with its hash and log rows', async () => {
    const s = await seedWorld(ctx);
    const calls = peerCalls('app-passwd', s.domain);
    const api = v1(ctx, await makeMailcowKey(ctx));
    const add = peerCall(calls, 'POST', '/api/v1/add/app-passwd');
    expect(await text(await api.post('add/app-passwd', add.request))).toEqual({ status: 200, body: add.response });
    const [row] = await rowsOf(s.user);
    expect(row).toMatchObject({ name: 'thunderbird', domain: s.domain, imapAccess: 1, smtpAccess: 1, davAccess: 0, active: 1 });
    expect(row.password).toMatch(/^\{BLF-CRYPT\}\$2[aby]\$\d\d\$.{53}$/);
    expect(await ctx.deps.hasher.verify(row.password, 'Peer-app-pass-1234')).toBe(true);
    const [added] = await logRows('API', 'add');
    expect(added).toMatchObject({ type: 'success', role: 'admin', msg: '"app_passwd_added"' });
    expect(JSON.parse(added.call!)).toEqual(JSON.parse(add.response)[0].log);

    const list = await listOf(api.get(`get/app-passwd/all/${s.user}`));
    const peer = JSON.parse(peerCall(calls, 'GET', `/api/v1/get/app-passwd/all/${s.user}`).response);
    const comparable = (r: Record<string, unknown>) => withoutTimes({ ...r, id: 0, password: String(r.password).slice(0, 15) });
    expect(list.map(comparable)).toEqual(peer.map(comparable));
    expect(list[0].id).toBe(row.id);

    const del = peerCall(calls, 'POST', '/api/v1/delete/app-passwd');
    expect(await text(await api.post('delete/app-passwd', [String(row.id)]))).toEqual({ status: 200, body: del.response.replaceAll('"3"', `"${row.id}"`) });
    expect(await rowsOf(s.user)).toEqual([]);
    const [removed] = await logRows('API', 'delete');
    expect(JSON.parse(removed.msg!)).toEqual(['app_passwd_removed', String(row.id)]);
    expect(await text(await api.get(`get/app-passwd/all/${s.user}`))).toEqual({ status: 200, body: '{}' });
    expect(await text(await api.get('get/app-passwd/all'))).toEqual({ status: 200, body: '{}' });
  });

  it('edits name, password, protocols and active, and keeps the rest', async () => {
    const s = await seedWorld(ctx);
    const api = v1(ctx, await makeMailcowKey(ctx));
    await api.post('add/app-passwd', { username: s.user, app_name: 'phone', app_passwd: 'Secret-123', app_passwd2: 'Secret-123', protocols: ['imap_access'] });
    const [before] = await rowsOf(s.user);
    expect(before.active).toBe(0);
    const id = String(before.id);
    expect(await entriesOf(api.post('edit/app-passwd', { items: [id], attr: { app_name: 'a&b', app_passwd: 'Other-456', app_passwd2: 'Other-456', active: '1', protocols: ['dav_access', 'eas_access'] } }))).toEqual([{
      type: 'success',
      log: ['app_passwd', 'edit', { id: [id], app_name: 'a&b', app_passwd: '*', app_passwd2: '*', active: '1', protocols: ['dav_access', 'eas_access'] }],
      msg: ['object_modified', id],
    }]);
    const [after] = await rowsOf(s.user);
    expect(after).toMatchObject({ name: 'a&amp;b', active: 1, imapAccess: 0, davAccess: 1, easAccess: 1, mailbox: s.user });
    expect(await ctx.deps.hasher.verify(after.password, 'Other-456')).toBe(true);
    const [edited] = await logRows('API', 'edit');
    expect(JSON.parse(edited.msg!)).toEqual(['object_modified', id]);

    // An empty name keeps the old one; no protocols keeps the flags; mailcow escapes the name once more when it lists it.
    await api.post('edit/app-passwd', { items: [id], attr: { app_name: '', active: '0' } });
    expect((await rowsOf(s.user))[0]).toMatchObject({ name: 'a&amp;b', active: 0, davAccess: 1, password: after.password });
    expect((await listOf(api.get(`get/app-passwd/all/${s.user}`)))[0].name).toBe('a&amp;amp;b');

    expect((await entriesOf(api.post('edit/app-passwd', { items: ['999999999'], attr: { active: '1' } })))[0])
      .toMatchObject({ type: 'danger', msg: ['app_passwd_id_invalid', '999999999'] });
    expect((await entriesOf(api.post('delete/app-passwd', ['999999999', id])))).toMatchObject([{ type: 'danger', msg: 'app_passwd_id_invalid' }]);
    expect(await rowsOf(s.user)).toHaveLength(1);
  });

  it('refuses mismatched and weak passwords, an empty name and a caller without a mailbox, as mailcow words it', async () => {
    const s = await seedWorld(ctx);
    const api = v1(ctx, await makeMailcowKey(ctx));
    const add = (attr: Record<string, unknown>) => entriesOf(api.post('add/app-passwd', { username: s.user, app_name: 'x', app_passwd: 'Secret-123', app_passwd2: 'Secret-123', ...attr }));
    expect(await add({ app_passwd2: 'Secret-124' })).toEqual([{ type: 'danger', log: ['password_check', null, null], msg: 'password_mismatch' }]);
    expect(await add({ app_passwd: 'abc', app_passwd2: 'abc' })).toEqual([{ type: 'danger', log: ['password_check', null, null], msg: 'password_complexity' }]);
    expect(await add({ app_passwd: '', app_passwd2: '' })).toMatchObject([{ type: 'danger', msg: 'password_complexity' }]);
    expect(await add({ app_name: '  ' })).toMatchObject([{ type: 'danger', log: ['app_passwd', 'add', { app_name: '  ', app_passwd: '*' }], msg: 'app_name_empty' }]);
    expect(await add({ username: undefined })).toMatchObject([{ type: 'danger', msg: 'access_denied' }]);
    expect(await add({ username: `nobody@${s.domain}` })).toMatchObject([{ type: 'danger', msg: 'access_denied' }]);
    expect(await rowsOf(s.user)).toEqual([]);

    await add({});
    const [row] = await rowsOf(s.user);
    const weak = await entriesOf(api.post('edit/app-passwd', { items: [row.id], attr: { app_passwd: 'abc', app_passwd2: 'abc', app_name: 'renamed' } }));
    expect(weak).toEqual([{ type: 'danger', log: ['password_check', null, null], msg: 'password_complexity' }]);
    expect((await rowsOf(s.user))[0]).toMatchObject({ name: 'x', password: row.password });
  });

  it('keeps scoped keys to their domains and read-only keys from writing', async () => {
    const s = await seedWorld(ctx);
    const mine = v1(ctx, (await makeScopedKey(ctx, s.domainAdmin)).key);
    expect((await entriesOf(mine.post('add/app-passwd', { username: s.user, app_name: 'da', app_passwd: 'Secret-123', app_passwd2: 'Secret-123', active: 1 })))[0])
      .toMatchObject({ type: 'success', msg: 'app_passwd_added' });
    const [row] = await rowsOf(s.user);
    const [byDa] = await logRows(s.domainAdmin, 'add');
    expect(byDa).toMatchObject({ role: 'domainadmin', type: 'success' });
    expect(await listOf(mine.get(`get/app-passwd/all/${s.user}`))).toHaveLength(1);

    const out = v1(ctx, (await makeScopedKey(ctx, (await seedWorld(ctx)).domainAdmin)).key);
    expect(await text(await out.get(`get/app-passwd/all/${s.user}`))).toEqual({ status: 200, body: '{}' });
    expect((await entriesOf(out.post('add/app-passwd', { username: s.user, app_name: 'x', app_passwd: 'Secret-123', app_passwd2: 'Secret-123' })))[0])
      .toMatchObject({ type: 'danger', msg: 'access_denied' });
    expect((await entriesOf(out.post('edit/app-passwd', { items: [row.id], attr: { active: 0 } })))[0]).toMatchObject({ type: 'danger', msg: ['app_passwd_id_invalid', row.id] });
    expect((await entriesOf(out.post('delete/app-passwd', [row.id])))[0]).toMatchObject({ type: 'danger', msg: 'access_denied' });

    const ro = v1(ctx, await makeMailcowKey(ctx, { access: 'ro' }));
    expect((await ro.post('delete/app-passwd', [row.id])).status).toBe(403);
    expect((await ro.post('add/app-passwd', { username: s.user, app_name: 'x', app_passwd: 'Secret-123', app_passwd2: 'Secret-123' })).status).toBe(403);
    expect(await listOf(ro.get(`get/app-passwd/all/${s.user}`))).toHaveLength(1);
    expect(await rowsOf(s.user)).toMatchObject([{ id: row.id, active: 1 }]);
  });
});
