// /api/v1 alias and alias-domain families, compared with a real mailcow's answers (fixtures/mailcow-api/alias.json).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { alias, aliasDomain } from '../../../db/schema/mail.ts';
import { insertDomain } from '../../lib/mailcow/provision.ts';
import { seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { entriesOf, listOf, objectOf, peerCall, peerCalls, withoutTimes } from '../../test/v1-fixtures.ts';
import { makeMailcowKey, makeScopedKey, v1 } from '../../test/v1-harness.ts';

const ctx = useTestApp();
const text = async (res: Response) => ({ status: res.status, body: await res.text() });

/** A domain like the peer's with alice, bob and carol. */
async function world() {
  const name = `p${uid()}.test`;
  const api = v1(ctx, await makeMailcowKey(ctx));
  await insertDomain(ctx.deps.db, name, { redis: ctx.deps.redis });
  for (const u of ['alice', 'bob', 'carol']) await api.post('add/mailbox', { local_part: u, domain: name, password: 'Peer-pass-123', password2: 'Peer-pass-123' });
  return { name, api, calls: peerCalls('alias', name) };
}

/** The peer's alias ids (18, 19, 20) replaced by ours, in order. */
const withIds = (body: string, peerIds: number[], ids: number[]) =>
  peerIds.reduce((b, p, i) => b.replaceAll(`"${p}"`, `"${ids[i]}"`).replaceAll(`"id": ${p},`, `"id": ${ids[i]},`).replace(new RegExp(`\\[${peerIds.join(',')}\\]`), `[${ids.join(',')}]`), body);

describe('alias', () => {
  it('adds, lists and deletes as mailcow does, byte for byte but for ids and times', async () => {
    const w = await world();
    const adds = [0, 1, 2].map((n) => peerCall(w.calls, 'POST', '/api/v1/add/alias', n));
    const ids: number[] = [];
    for (const call of adds) {
      const res = await text(await w.api.post('add/alias', call.request));
      const id = Number(/"(\d+)"\]\}\]$/.exec(res.body)![1]);
      ids.push(id);
      expect(res).toEqual({ status: 200, body: withIds(call.response, [18, 19, 20].slice(ids.length - 1, ids.length), [id]) });
    }
    const rows = await ctx.deps.db.select().from(alias).where(eq(alias.address, `sales@${w.name}`));
    expect(rows[0]).toMatchObject({ active: 1, sogoVisible: 0, senderAllowed: 0, internal: 0 });
    const stamp = (s: string) => s.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, '<time>');
    const list = peerCall(w.calls, 'GET', '/api/v1/get/alias/all');
    expect(stamp(await (await w.api.get(`get/alias/all/${w.name}`)).text())).toBe(stamp(withIds(list.response, [18, 19, 20], ids)));
    expect(withoutTimes(await objectOf(w.api.get(`get/alias/${ids[0]}`)))).toEqual({ ...withoutTimes(JSON.parse(list.response)[0]), id: ids[0] });
    expect((await objectOf(w.api.get(`get/alias/sales@${w.name}`))).id).toBe(ids[1]);
    const del = peerCall(w.calls, 'POST', '/api/v1/delete/alias');
    expect(await text(await w.api.post('delete/alias', ids))).toEqual({ status: 200, body: withIds(del.response, [18, 19, 20], ids) });
    expect(await text(await w.api.get(`get/alias/${ids[0]}`))).toEqual({ status: 200, body: '{}' });
  });

  it('adds several addresses in one call and refuses each taken one with mailcow\'s keys', async () => {
    const w = await world();
    const answer = await entriesOf(w.api.post('add/alias', { address: `a@${w.name}, b@${w.name};alice@${w.name}`, goto: `bob@${w.name}`, active: '1' }));
    expect(answer.map((e) => [e.type, Array.isArray(e.msg) ? e.msg.slice(0, 2) : e.msg])).toEqual([
      ['success', ['alias_added', `a@${w.name}`]], ['success', ['alias_added', `b@${w.name}`]], ['danger', ['is_alias_or_mailbox', `alice@${w.name}`]],
    ]);
    const msg = async (attr: object) => (await entriesOf(w.api.post('add/alias', attr)))[0].msg;
    expect(await msg({ address: `a@${w.name}`, goto: `bob@${w.name}` })).toEqual(['is_alias_or_mailbox', `a@${w.name}`]);
    expect(await msg({ address: `c@${w.name}` })).toBe('goto_empty');
    expect(await msg({ address: '', goto: `bob@${w.name}` })).toBe('alias_empty');
    expect(await msg({ address: `c@${w.name}`, goto: 'not an address' })).toEqual(['goto_invalid', 'not']);
    expect(await msg({ address: 'c@nowhere.test', goto: `bob@${w.name}` })).toEqual(['domain_not_found', 'nowhere.test']);
    expect(await msg({ address: `c@${w.name}`, goto: `bob@${w.name}`, private_comment: 'x'.repeat(161) })).toBe('comment_too_long');
  });

  it('edits what is sent, with a form-encoded attr, and keeps a scoped key to its domains', async () => {
    const w = await world();
    const [added] = await entriesOf(w.api.post('add/alias', { address: `info@${w.name}`, goto: `alice@${w.name}`, active: '1', sogo_visible: '1' }));
    const id = Number((added.msg as string[])[2]);
    const form = await entriesOf(v1(ctx, await makeMailcowKey(ctx)).form('edit/alias', { items: JSON.stringify([id]), attr: JSON.stringify({ goto: `bob@${w.name},carol@${w.name}`, active: '0' }) }));
    expect(form).toEqual([{ type: 'success', log: ['mailbox', 'edit', 'alias', { id: [id], goto: `bob@${w.name},carol@${w.name}`, active: '0' }, null], msg: ['alias_modified', `info@${w.name}`] }]);
    expect((await ctx.deps.db.select().from(alias).where(eq(alias.id, id)))[0]).toMatchObject({ goto: `bob@${w.name},carol@${w.name}`, active: 0, sogoVisible: 1 });
    const s = await seedWorld(ctx);
    const scoped = v1(ctx, (await makeScopedKey(ctx, s.domainAdmin)).key);
    expect((await entriesOf(scoped.post('edit/alias', { items: [id], attr: { active: '1' } })))[0]).toMatchObject({ type: 'danger', msg: 'access_denied' });
    expect((await entriesOf(scoped.post('delete/alias', [id])))[0]).toMatchObject({ type: 'danger', msg: 'access_denied' });
    expect((await entriesOf(scoped.post('add/alias', { address: `x@${w.name}`, goto: s.user, active: '1' })))[0]).toMatchObject({ type: 'danger', msg: 'access_denied' });
    expect(await text(await scoped.get(`get/alias/${id}`))).toEqual({ status: 200, body: '{}' });
    expect(await text(await scoped.get(`get/alias/all/${w.name}`))).toEqual({ status: 200, body: '{}' });
  });
});

describe('alias-domain', () => {
  it('adds, lists, edits and deletes alias domains with mailcow\'s fields and keys', async () => {
    const w = await world();
    const ad = `ad${uid()}.test`;
    expect(await entriesOf(w.api.post('add/alias-domain', { alias_domain: ad, target_domain: w.name, active: '1' }))).toEqual([
      { type: 'success', log: ['mailbox', 'add', 'alias_domain', { alias_domain: ad, target_domain: w.name, active: '1' }, null], msg: ['aliasd_added', ad] },
    ]);
    const one = await objectOf(w.api.get(`get/alias-domain/${ad}`));
    expect(withoutTimes(one)).toEqual({ alias_domain: ad, parent_is_backupmx: 0, target_domain: w.name, active: 1, active_int: 1, rl: false, created: '<time>', modified: null });
    expect((await listOf(w.api.get('get/alias-domain/all'))).some((r) => r.alias_domain === ad)).toBe(true);
    expect((await entriesOf(w.api.post('add/alias-domain', { alias_domain: ad, target_domain: w.name })))[0].msg).toEqual(['alias_domain_invalid', ad]);
    expect((await entriesOf(w.api.post('add/alias-domain', { alias_domain: `x${ad}`, target_domain: 'nowhere.test' })))[0].msg).toEqual(['targetd_not_found', 'nowhere.test']);
    // An alias in the alias domain is listed after the domain's own, with its primary domain.
    await w.api.post('add/alias', { address: `team@${ad}`, goto: `alice@${w.name}`, active: '1' });
    expect((await listOf(w.api.get(`get/alias/all/${ad}`)))[0]).toMatchObject({ address: `team@${ad}`, in_primary_domain: w.name, domain: ad });
    expect(await entriesOf(w.api.post('edit/alias-domain', { items: [ad], attr: { active: '0' } }))).toMatchObject([{ type: 'success', msg: ['aliasd_modified', ad] }]);
    expect((await ctx.deps.db.select().from(aliasDomain).where(eq(aliasDomain.aliasDomain, ad)))[0].active).toBe(0);
    expect(await entriesOf(w.api.post('delete/alias-domain', [ad]))).toMatchObject([{ type: 'success', msg: ['alias_domain_removed', ad] }]);
    expect(await text(await w.api.get(`get/alias-domain/${ad}`))).toEqual({ status: 200, body: '{}' });
  });
});
