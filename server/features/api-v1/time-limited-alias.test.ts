// /api/v1 time-limited aliases, compared with a real mailcow's answers (fixtures/mailcow-api/time_limited_alias.json).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { spamalias } from '../../../db/schema/mail.ts';
import { seedWorld, useTestApp } from '../../test/helpers.ts';
import { entriesOf, listOf, peerCall, peerCalls, withoutTimes } from '../../test/v1-fixtures.ts';
import { makeMailcowKey, makeScopedKey, v1 } from '../../test/v1-harness.ts';

const ctx = useTestApp();
const text = async (res: Response) => ({ status: res.status, body: await res.text() });

describe('time-limited aliases', () => {
  it('adds, lists and deletes as mailcow does', async () => {
    const s = await seedWorld(ctx);
    const calls = peerCalls('time_limited_alias', s.domain);
    const api = v1(ctx, await makeMailcowKey(ctx));
    const add = peerCall(calls, 'POST', '/api/v1/add/time_limited_alias');
    expect(await text(await api.post('add/time_limited_alias', add.request))).toEqual({ status: 200, body: add.response });
    const [row] = await ctx.deps.db.select().from(spamalias).where(eq(spamalias.goto, s.user));
    const now = Math.floor(Date.now() / 1000);
    expect(row.validity).toBeGreaterThan(now + 24 * 3600 - 120);
    expect(row.validity).toBeLessThan(now + 24 * 3600 + 120);
    const list = await listOf(api.get(`get/time_limited_aliases/${s.user}`));
    const peer = JSON.parse(peerCall(calls, 'GET', `/api/v1/get/time_limited_aliases/${s.user}`).response);
    expect(list.map((r) => withoutTimes({ ...r, address: 'x', validity: 0 }))).toEqual(peer.map((r: object) => withoutTimes({ ...r, address: 'x', validity: 0 })));
    const del = peerCall(calls, 'POST', '/api/v1/delete/time_limited_alias');
    expect(await text(await api.post('delete/time_limited_alias', [row.address]))).toEqual({ status: 200, body: del.response.replaceAll(`livu.pija@${s.domain}`, row.address) });
    expect(await text(await api.get(`get/time_limited_aliases/${s.user}`))).toEqual({ status: 200, body: '{}' });
  });

  it('edits the validity of several at once, answering once, and keeps scoped keys to their domains', async () => {
    const s = await seedWorld(ctx);
    const api = v1(ctx, await makeMailcowKey(ctx));
    for (let i = 0; i < 2; i++) await api.post('add/time_limited_alias', { username: s.user, domain: s.domain, validity: 1 });
    const addresses = (await listOf(api.get(`get/time_limited_aliases/${s.user}`))).map((r) => String(r.address));
    expect(await entriesOf(api.post('edit/time_limited_alias', { items: addresses, attr: { permanent: '1' } }))).toEqual([
      { type: 'success', log: ['mailbox', 'edit', 'time_limited_alias', { address: addresses, permanent: '1' }, null], msg: ['mailbox_modified', s.user] },
    ]);
    expect((await listOf(api.get(`get/time_limited_aliases/${s.user}`))).map((r) => [r.permanent, r.validity])).toEqual([[1, 0], [1, 0]]);
    expect((await entriesOf(api.post('add/time_limited_alias', { username: s.user, validity: 0 })))[0].msg).toBe('validity_missing');
    expect((await entriesOf(api.post('add/time_limited_alias', { username: s.user, domain: 'other.test' })))[0].msg).toBe('domain_invalid');
    const out = v1(ctx, (await makeScopedKey(ctx, (await seedWorld(ctx)).domainAdmin)).key);
    expect(await text(await out.get(`get/time_limited_aliases/${s.user}`))).toEqual({ status: 200, body: '{}' });
    expect((await entriesOf(out.post('add/time_limited_alias', { username: s.user, domain: s.domain })))[0]).toMatchObject({ type: 'danger', msg: 'access_denied' });
    expect((await entriesOf(out.post('delete/time_limited_alias', addresses)))[0]).toMatchObject({ type: 'danger', msg: 'access_denied' });
  });
});
