// /api/v1 mailbox family, driven as mailcow's documentation shows, compared with a real mailcow's
// answers to the same calls (fixtures/mailcow-api/mailbox.json).
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { domainAdmins } from '../../../db/schema/access.ts';
import { logs } from '../../../db/schema/audit.ts';
import { domain, mailbox, spamalias } from '../../../db/schema/mail.ts';
import { insertDomain } from '../../lib/mailcow/provision.ts';
import { seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { withTagsTable } from '../../test/mailbox-fixture.ts';
import { entriesOf, listOf, objectOf, peerCall, peerCalls, withoutTimes } from '../../test/v1-fixtures.ts';
import { makeMailcowKey, makeScopedKey, v1 } from '../../test/v1-harness.ts';

const ctx = useTestApp();
beforeAll(() => withTagsTable(ctx));

/** seedWorld plus a domain set up like the peer's peer-a.test (10 mailboxes, 1024/2048/10240 MiB). */
async function peerWorld() {
  const w = await seedWorld(ctx);
  const peer = `p${uid()}.test`;
  await insertDomain(ctx.deps.db, peer, { redis: ctx.deps.redis, description: 'peer test' });
  await ctx.deps.db.update(domain).set({ mailboxes: 10, defquota: 1024, maxquota: 2048, quota: 10240 }).where(eq(domain.domain, peer));
  const calls = peerCalls('mailbox', peer);
  const api = v1(ctx, await makeMailcowKey(ctx));
  return { ...w, peer, calls, api };
}

const text = async (res: Response) => ({ status: res.status, body: await res.text() });
const stamp = (s: string) => s.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, '<time>');

async function addPeerMailboxes(w: Awaited<ReturnType<typeof peerWorld>>) {
  for (let i = 0; i < 3; i++) {
    const call = peerCall(w.calls, 'POST', '/api/v1/add/mailbox', i);
    expect(await text(await w.api.post('add/mailbox', call.request))).toEqual({ status: call.status, body: call.response });
  }
}

describe('add/mailbox', () => {
  it('answers what mailcow answers, byte for byte, for new, duplicate and weak-password mailboxes', async () => {
    const w = await peerWorld();
    await addPeerMailboxes(w);
    for (const n of [3, 4]) {
      const call = peerCall(w.calls, 'POST', '/api/v1/add/mailbox', n);
      expect(await text(await w.api.post('add/mailbox', call.request))).toEqual({ status: 200, body: call.response });
    }
    const rows = await ctx.deps.db.select({ u: mailbox.username }).from(mailbox).where(eq(mailbox.domain, w.peer));
    expect(rows.map((r) => r.u).sort()).toEqual(['alice', 'bob', 'carol'].map((u) => `${u}@${w.peer}`));
    // mailcow's logs rows name the API key's user.
    const [log] = await ctx.deps.db.select().from(logs).where(eq(logs.msg, JSON.stringify(['mailbox_added', `alice@${w.peer}`])));
    expect(log).toMatchObject({ user: 'API', role: 'admin', type: 'success' });
  });

  it('saves the mailbox\'s own rate limit with it (rl_value, rl_frame) and says so first', async () => {
    const w = await peerWorld();
    const answer = await entriesOf(w.api.post('add/mailbox', { local_part: 'rl', domain: w.peer, password: 'Peer-pass-123', password2: 'Peer-pass-123', rl_value: '10', rl_frame: 'h' }));
    expect(answer.map((e) => [e.type, e.msg])).toEqual([['success', ['rl_saved', `rl@${w.peer}`]], ['success', ['mailbox_added', `rl@${w.peer}`]]]);
    expect(await ctx.deps.redis.hget('RL_VALUE', `rl@${w.peer}`)).toBe('10 / 1h');
    expect(await objectOf(w.api.get(`get/mailbox/rl@${w.peer}`))).toMatchObject({ rl: { value: '10', frame: 'h' }, rl_scope: 'mailbox' });
  });

  it('refuses what mailcow refuses with its keys: no password, other domain limits, unknown domain', async () => {
    const w = await peerWorld();
    const base = { local_part: 'x', domain: w.peer, password: 'Peer-pass-123', password2: 'Peer-pass-123' };
    const msg = async (attr: object) => (await entriesOf(w.api.post('add/mailbox', attr)))[0].msg;
    expect(await msg({ ...base, password: '', password2: '' })).toBe('password_complexity');
    expect(await msg({ ...base, password2: 'other' })).toBe('password_mismatch');
    expect(await msg({ ...base, quota: '4096' })).toEqual(['mailbox_quota_exceeded', 2048]);
    expect(await msg({ ...base, domain: 'nowhere.test' })).toEqual(['domain_not_found', 'nowhere.test']);
    expect(await msg({ ...base, local_part: '' })).toBe('mailbox_invalid');
    await ctx.deps.db.insert(spamalias).values({ address: `x@${w.peer}`, goto: w.user, description: '', validity: 2 ** 31 - 1 });
    expect(await msg(base)).toEqual(['is_spam_alias', `x@${w.peer}`]);
    await ctx.deps.db.update(domain).set({ mailboxes: 0 }).where(eq(domain.domain, w.peer));
    expect(await msg({ ...base, local_part: 'y' })).toEqual(['max_mailbox_exceeded', 0, 0]);
  });
});

describe('get/mailbox', () => {
  it('lists mailbox_details as mailcow does, all of a domain, one, reduced, and {} for none', async () => {
    const w = await peerWorld();
    await addPeerMailboxes(w);
    // The peer had made one time-limited alias for alice.
    await ctx.deps.db.insert(spamalias).values({ address: `shop${uid()}@${w.peer}`, goto: `alice@${w.peer}`, description: 'shop', validity: Math.floor(Date.now() / 1000) + 86400 });
    // mailcow stamps passwd_update in a second UPDATE, which sets `modified`; Cowbell writes it with the row.
    const peerList = JSON.parse(peerCall(w.calls, 'GET', '/api/v1/get/mailbox/all').response);
    const mine = await listOf(w.api.get(`get/mailbox/all/${w.peer}`));
    expect(withoutTimes(mine).map((m) => ({ ...m, modified: '<time>' }))).toEqual(withoutTimes(peerList));
    const res = await w.api.get(`get/mailbox/all/${w.peer}`);
    expect(stamp(await res.text()).replaceAll('"modified": null', '"modified": "<time>"'))
      .toBe(stamp(peerCall(w.calls, 'GET', '/api/v1/get/mailbox/all').response));

    const one = peerCall(w.calls, 'GET', `/api/v1/get/mailbox/alice@${w.peer}`);
    expect(withoutTimes({ ...(await objectOf(w.api.get(`get/mailbox/alice@${w.peer}`))), modified: '<time>' })).toEqual(withoutTimes(JSON.parse(one.response)));
    const reduced = peerCall(w.calls, 'GET', '/api/v1/get/mailbox/reduced');
    const mineReduced = await listOf(w.api.get(`get/mailbox/reduced/${w.peer}`));
    expect(withoutTimes(mineReduced.map((m) => ({ ...m, modified: '<time>' })))).toEqual(withoutTimes(JSON.parse(reduced.response)));
    for (const path of ['get/mailbox/nobody@nowhere.test', 'get/mailbox/all/nowhere.test']) {
      expect(await text(await w.api.get(path))).toEqual({ status: 200, body: '{}' });
    }
  });

  it('filters by tags (?tags=, any tag containing one of them), as a list for get/mailbox/<domain>', async () => {
    const w = await peerWorld();
    await addPeerMailboxes(w);
    await w.api.post('edit/mailbox', { items: [`bob@${w.peer}`], attr: { tags: ['sales-team'] } });
    const names = async (path: string) => (await listOf(w.api.get(path))).map((m) => m.username);
    expect(await names(`get/mailbox/all/${w.peer}?tags=sales`)).toEqual([`bob@${w.peer}`]);
    // edit/mailbox added the tag: bob keeps 'peer'.
    expect(await names(`get/mailbox/all/${w.peer}?tags=peer,nothing`)).toEqual(['alice', 'bob', 'carol'].map((u) => `${u}@${w.peer}`));
    expect(await names(`get/mailbox/${w.peer}?tags=sales`)).toEqual([`bob@${w.peer}`]);
    expect(await text(await w.api.get(`get/mailbox/${w.peer}?tags=none-such`))).toEqual({ status: 200, body: '[]' });
    const [bob] = await listOf(w.api.get(`get/mailbox/all/${w.peer}?tags=sales`));
    expect(bob.max_new_quota).toBe(2048 * 1048576);
  });

  it('reports last logins, use and the mailbox rate limit before the domain\'s', async () => {
    const w = await peerWorld();
    await ctx.deps.db.execute(sql`UPDATE quota2 SET bytes = 2900000000, messages = 12 WHERE username = ${w.user}`);
    await ctx.deps.db.execute(sql`INSERT INTO sasl_log (service, app_password, username, real_rip, datetime)
      VALUES ('imap', 0, ${w.user}, '192.0.2.1', '2026-01-02 03:04:05'), ('imap', 0, ${w.user}, '192.0.2.2', '2026-01-03 03:04:05')`);
    await ctx.deps.redis.hset('RL_VALUE', w.domain, '10 / 1h');
    const [before] = await listOf(w.api.get(`get/mailbox/all/${w.domain}`));
    const [{ at }] = (await ctx.deps.db.execute(sql`SELECT UNIX_TIMESTAMP('2026-01-03 03:04:05') AS at`))[0] as unknown as { at: number }[];
    expect(before).toMatchObject({ quota_used: 2900000000, messages: 12, percent_in_use: 90, percent_class: 'danger',
      last_imap_login: Number(at), last_smtp_login: 0, rl: { value: '10', frame: 'h' }, rl_scope: 'domain', custom_attributes: [] });
    await ctx.deps.redis.hset('RL_VALUE', w.user, '5 / 1m');
    const [after] = await listOf(w.api.get(`get/mailbox/all/${w.domain}`));
    expect(after).toMatchObject({ rl: { value: '5', frame: 'm' }, rl_scope: 'mailbox' });
  });
});

describe('edit/mailbox and delete/mailbox', () => {
  it('edits with a form-encoded attr as mailcow\'s UI posts it, and with JSON', async () => {
    const w = await peerWorld();
    const key = await makeMailcowKey(ctx);
    const form = await v1(ctx, key).form('edit/mailbox', { items: JSON.stringify([w.user]), attr: JSON.stringify({ name: 'Alice B', quota: '100', active: '2' }) });
    expect(await form.json()).toEqual([{ type: 'success', log: ['mailbox', 'edit', 'mailbox', { username: [w.user], name: 'Alice B', quota: '100', active: '2' }, null], msg: ['mailbox_modified', w.user] }]);
    const [row] = await ctx.deps.db.select().from(mailbox).where(eq(mailbox.username, w.user));
    expect(row).toMatchObject({ name: 'Alice B', quota: 100 * 1048576, active: 2 });
    const json = await w.api.post('edit/mailbox', { items: w.user, attr: { password: 'New-pass-456', password2: 'New-pass-456' } });
    expect((await entriesOf(json))[0]).toMatchObject({ type: 'success', log: ['mailbox', 'edit', 'mailbox', { username: [w.user], password: '*', password2: '*' }, null] });
    const bad = await w.api.post('edit/mailbox', { items: [w.user], attr: { quota: '999999' } });
    expect((await entriesOf(bad))[0]).toMatchObject({ type: 'danger', msg: ['mailbox_quota_exceeded', 10240] });
  });

  it('deletes each item and says so per item', async () => {
    const w = await peerWorld();
    await addPeerMailboxes(w);
    const items = ['alice', 'bob', 'carol'].map((u) => `${u}@${w.peer}`);
    const res = await w.api.post('delete/mailbox', items);
    const log = ['mailbox', 'delete', 'mailbox', { username: items }, null];
    // mailcow adds a warning per mailbox when dockerapi cannot move the maildir (its peer had none); Cowbell leaves maildirs to mailcow.
    expect(await res.json()).toEqual(items.map((u) => ({ type: 'success', log, msg: ['mailbox_removed', u] })));
    expect(await ctx.deps.db.select().from(mailbox).where(eq(mailbox.domain, w.peer))).toEqual([]);
  });
});

describe('keys and scope', () => {
  it('gives a domain admin\'s scoped key only its domains, and refuses the others with access_denied', async () => {
    const w = await peerWorld();
    await addPeerMailboxes(w);
    const scoped = v1(ctx, (await makeScopedKey(ctx, w.domainAdmin)).key);
    const mine = await listOf(scoped.get('get/mailbox/all'));
    expect(mine.map((m) => m.username)).toEqual([w.user]);
    expect(await text(await scoped.get(`get/mailbox/all/${w.peer}`))).toEqual({ status: 200, body: '{}' });
    expect(await text(await scoped.get(`get/mailbox/alice@${w.peer}`))).toEqual({ status: 200, body: '{}' });
    const attr = { local_part: 'z', domain: w.peer, password: 'Peer-pass-123', password2: 'Peer-pass-123' };
    expect((await entriesOf(scoped.post('add/mailbox', attr)))[0]).toMatchObject({ type: 'danger', msg: 'access_denied' });
    expect((await entriesOf(scoped.post('edit/mailbox', { items: [`bob@${w.peer}`], attr: { name: 'x' } })))[0]).toMatchObject({ type: 'danger', msg: 'access_denied' });
    expect((await entriesOf(scoped.post('delete/mailbox', [`bob@${w.peer}`])))[0]).toMatchObject({ type: 'danger', msg: 'access_denied' });
    const own = await scoped.post('add/mailbox', { ...attr, domain: w.domain });
    expect((await entriesOf(own)).at(-1)).toMatchObject({ type: 'success', msg: ['mailbox_added', `z@${w.domain}`] });
    const [log] = await ctx.deps.db.select().from(logs).where(eq(logs.msg, JSON.stringify(['mailbox_added', `z@${w.domain}`])));
    expect(log).toMatchObject({ user: w.domainAdmin, role: 'domainadmin' });
    await ctx.deps.db.insert(domainAdmins).values({ username: w.domainAdmin, domain: w.peer, active: 1 });
    expect(await listOf(scoped.get(`get/mailbox/all/${w.peer}`))).toHaveLength(3);
  });

  it('refuses a read-only key any write with mailcow\'s 403', async () => {
    const w = await peerWorld();
    const ro = v1(ctx, (await makeScopedKey(ctx, w.domainAdmin, { access: 'ro' })).key);
    const refused = await ro.post('add/mailbox', { local_part: 'r', domain: w.domain, password: 'Peer-pass-123', password2: 'Peer-pass-123' });
    expect(await text(refused)).toEqual({ status: 403, body: '{"type":"error","msg":"API read\\/write access denied"}' });
    expect((await ro.get(`get/mailbox/${w.user}`)).status).toBe(200);
  });
});
