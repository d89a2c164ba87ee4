// /api/v1 domain family, compared with a real mailcow's answers (fixtures/mailcow-api/domain.json).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { logs } from '../../../db/schema/audit.ts';
import { domain } from '../../../db/schema/mail.ts';
import { seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { entriesOf, listOf, objectOf, peerCall, peerCalls, withoutTimes } from '../../test/v1-fixtures.ts';
import { makeMailcowKey, makeScopedKey, v1 } from '../../test/v1-harness.ts';

const ctx = useTestApp();
const text = async (res: Response) => ({ status: res.status, body: await res.text() });

async function world() {
  const name = `p${uid()}.test`;
  return { name, calls: peerCalls('domain', name), api: v1(ctx, await makeMailcowKey(ctx)) };
}

describe('add/domain', () => {
  it('answers what mailcow answers: added (its DKIM key there already), exists, no name', async () => {
    const w = await world();
    // The peer's domain had a DKIM key from an earlier run, hence domain_add_dkim_available.
    await ctx.deps.redis.hset('DKIM_SELECTORS', w.name, 'dkim');
    for (const n of [0, 1, 2]) {
      const call = peerCall(w.calls, 'POST', '/api/v1/add/domain', n);
      expect(await text(await w.api.post('add/domain', call.request))).toEqual({ status: 200, body: call.response });
    }
    const [row] = await ctx.deps.db.select().from(domain).where(eq(domain.domain, w.name));
    expect(row).toMatchObject({ description: 'peer test', aliases: 400, mailboxes: 10, defquota: 1024, maxquota: 2048, quota: 10240 });
    const [log] = await ctx.deps.db.select().from(logs).where(eq(logs.msg, JSON.stringify(['domain_added', w.name])));
    expect(log).toMatchObject({ user: 'API', role: 'admin' });
  });

  it('says it made a DKIM key and saved the rate limit when it did', async () => {
    const w = await world();
    const answer = await entriesOf(w.api.post('add/domain', { domain: w.name, rl_value: '10', rl_frame: 'h', key_size: 1024 }));
    expect(answer.map((e) => [e.type, e.msg])).toEqual([
      ['success', ['rl_saved', w.name]], ['success', ['dkim_added', w.name]], ['success', ['domain_added', w.name]],
    ]);
    expect(answer[1].log).toEqual(['dkim', 'add', { key_size: 1024, dkim_selector: 'dkim', domains: w.name }]);
    expect(await ctx.deps.redis.hget('RL_VALUE', w.name)).toBe('10 / 1h');
  });

  it('refuses limits that do not fit with mailcow\'s keys, and a domain admin altogether', async () => {
    const w = await world();
    const msg = async (attr: object) => (await entriesOf(w.api.post('add/domain', { domain: w.name, ...attr })))[0].msg;
    expect(await msg({ defquota: '4096', maxquota: '2048' })).toBe('mailbox_defquota_exceeds_mailbox_maxquota');
    expect(await msg({ maxquota: '20480', quota: '10240' })).toBe('mailbox_quota_exceeds_domain_quota');
    const s = await seedWorld(ctx);
    const scoped = v1(ctx, (await makeScopedKey(ctx, s.domainAdmin)).key);
    expect((await entriesOf(scoped.post('add/domain', { domain: w.name })))[0]).toMatchObject({ type: 'danger', msg: 'access_denied' });
  });
});

describe('get/domain', () => {
  it('answers domain_details as mailcow does, one and in the list, {} for none', async () => {
    const w = await world();
    await ctx.deps.redis.hset('DKIM_SELECTORS', w.name, 'dkim');
    await w.api.post('add/domain', peerCall(w.calls, 'POST', '/api/v1/add/domain').request);
    const one = peerCall(w.calls, 'GET', `/api/v1/get/domain/${w.name}`);
    const stamp = (s: string) => s.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, '<time>');
    expect(stamp(await (await w.api.get(`get/domain/${w.name}`)).text())).toBe(stamp(one.response));
    const all = await listOf(w.api.get('get/domain/all'));
    expect(withoutTimes(all.find((d) => d.domain_name === w.name))).toEqual(withoutTimes(JSON.parse(peerCall(w.calls, 'GET', '/api/v1/get/domain/all').response)[0]));
    expect(await text(await w.api.get('get/domain/nowhere.test'))).toEqual({ status: 200, body: '{}' });
  });

  it('counts mailboxes, use and aliases, and names the domain admins to admins only', async () => {
    const s = await seedWorld(ctx);
    const api = v1(ctx, await makeMailcowKey(ctx));
    await api.post('add/alias', { address: `info@${s.domain}`, goto: s.user, active: '1' });
    const adminView = await objectOf(api.get(`get/domain/${s.domain}`));
    expect(adminView).toMatchObject({ mboxes_in_domain: 1, mboxes_left: 9, quota_used_in_domain: String(3072 * 1048576), domain_admins: s.domainAdmin });
    const scoped = v1(ctx, (await makeScopedKey(ctx, s.domainAdmin)).key);
    const daView = await objectOf(scoped.get(`get/domain/${s.domain}`));
    expect(daView).not.toHaveProperty('domain_admins');
    expect((await listOf(scoped.get('get/domain/all'))).map((d) => d.domain_name)).toEqual([s.domain]);
    expect(await text(await scoped.get(`get/domain/${(await world()).name}`))).toEqual({ status: 200, body: '{}' });
  });
});

describe('edit/domain and delete/domain', () => {
  it('edits with mailcow\'s attributes and refuses limits below what is used', async () => {
    const s = await seedWorld(ctx);
    const api = v1(ctx, await makeMailcowKey(ctx));
    const ok = await entriesOf(api.post('edit/domain', { items: [s.domain], attr: { description: 'New', mailboxes: '20', gal: '0' } }));
    expect(ok).toEqual([{ type: 'success', log: ['mailbox', 'edit', 'domain', { domain: [s.domain], description: 'New', mailboxes: '20', gal: '0' }, null], msg: ['domain_modified', s.domain] }]);
    expect((await ctx.deps.db.select().from(domain).where(eq(domain.domain, s.domain)))[0]).toMatchObject({ description: 'New', mailboxes: 20, gal: 0 });
    expect((await entriesOf(api.post('edit/domain', { items: [s.domain], attr: { mailboxes: '0' } })))[0].msg).toEqual(['mailboxes_in_use', 1]);
    const scopedOut = v1(ctx, (await makeScopedKey(ctx, (await seedWorld(ctx)).domainAdmin)).key);
    expect((await entriesOf(scopedOut.post('edit/domain', { items: [s.domain], attr: { description: 'x' } })))[0].msg).toBe('access_denied');
  });

  it('refuses a domain with mailboxes (domain_not_empty), then removes it once they are gone', async () => {
    const w = await world();
    await w.api.post('add/domain', { domain: w.name });
    await w.api.post('add/mailbox', { local_part: 'alice', domain: w.name, password: 'Peer-pass-123', password2: 'Peer-pass-123' });
    const refused = peerCall(w.calls, 'POST', '/api/v1/delete/domain', 0);
    expect(await text(await w.api.post('delete/domain', refused.request))).toEqual({ status: 200, body: refused.response });
    await w.api.post('delete/mailbox', [`alice@${w.name}`]);
    // mailcow adds a warning when dockerapi cannot move the mail storage (its peer had none to move it); Cowbell leaves it to mailcow.
    expect(await entriesOf(w.api.post('delete/domain', [w.name]))).toEqual([
      { type: 'success', log: ['mailbox', 'delete', 'domain', { domain: [w.name] }, null], msg: ['domain_removed', w.name] },
    ]);
    expect(await text(await w.api.get(`get/domain/${w.name}`))).toEqual({ status: 200, body: '{}' });
  });
});
