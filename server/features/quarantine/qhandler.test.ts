import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userAcl } from '../../../db/schema/access.ts';
import { logs } from '../../../db/schema/audit.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { startFakeRspamd, startSmtpSink } from '../../test/fakes.ts';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';
import { enableQuarantine, fixture, quarantineItem } from '../../test/quarantine-helpers.ts';
import { ingestMessage } from './ingest.service.ts';
import { QHANDLER_LIMIT } from './qhandler.service.ts';

const sink = await startSmtpSink();
const rspamd = await startFakeRspamd('pw');
afterAll(async () => { await sink.close(); await rspamd.close(); });
const env = { RELEASE_SMTP_PORT: String(sink.port), RSPAMD_CONTROLLER_URL: rspamd.url, RSPAMD_CONTROLLER_PASSWORD: 'pw' };
const ctx = useTestApp(env, 6);
const noMailServer = useTestApp({ ...env, RELEASE_SMTP_PORT: '1' }, 6);
beforeAll(() => enableQuarantine(ctx));

async function linkFor(rcpt: string) {
  const item = await quarantineItem(ctx, rcpt, { subject: 'Win a prize' });
  const [row] = await ctx.deps.db.select().from(quarantine).where(eq(quarantine.id, item.id));
  return { id: item.id, hash: row.qhash! };
}

async function anonymous(c = ctx) {
  const client = createTestClient(c);
  await client.api.session.$get();
  return client;
}

describe('qhandler links (no sign-in)', () => {
  it('shows the reduced detail and releases without learning', async () => {
    const w = await seedWorld(ctx);
    const { id, hash } = await linkFor(w.user);
    const client = await anonymous();
    const view = await (await client.api.qhandler[':hash'].$get({ param: { hash } })).json();
    expect(view).toMatchObject({ subject: 'Win a prize', rcpt: w.user, sender: 'spammer@example.net', action: 'reject' });
    const res = await client.api.qhandler[':hash'].$post({ param: { hash }, json: { action: 'release' } });
    expect(await res.json()).toEqual({ id, ok: true });
    expect(sink.messages.some((m) => m.to.includes(w.user))).toBe(true);
    expect(rspamd.calls).toEqual([]);
    expect((await client.api.qhandler[':hash'].$get({ param: { hash } })).status).toBe(404);
  });

  it('says why a release failed, the mail server refusing it or not reachable, and the link keeps working', async () => {
    const w = await seedWorld(ctx);
    const { id, hash } = await linkFor(w.user);
    const client = await anonymous();
    sink.state.refuse = true;
    try {
      const res = await client.api.qhandler[':hash'].$post({ param: { hash }, json: { action: 'release' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id, ok: false, error: 'release_failed' });
    } finally {
      sink.state.refuse = false;
    }
    const unreachable = await (await anonymous(noMailServer)).api.qhandler[':hash'].$post({ param: { hash }, json: { action: 'release' } });
    expect(await unreachable.json()).toEqual({ id, ok: false, error: 'mail_server_unreachable' });
    expect((await client.api.qhandler[':hash'].$get({ param: { hash } })).status).toBe(200);
  });

  it('deletes through the delete link', async () => {
    const w = await seedWorld(ctx);
    const { id, hash } = await linkFor(w.user);
    await (await anonymous()).api.qhandler[':hash'].$post({ param: { hash }, json: { action: 'delete' } });
    expect(await ctx.deps.db.select().from(quarantine).where(eq(quarantine.id, id))).toEqual([]);
  });

  it('refuses when the mailbox lacks the quarantine ACL, for malformed hashes, and without CSRF', async () => {
    const w = await seedWorld(ctx);
    const { hash } = await linkFor(w.user);
    const client = await anonymous();
    expect((await client.api.qhandler[':hash'].$get({ param: { hash: hash.toUpperCase() } })).status).toBe(400);
    expect((await client.api.qhandler[':hash'].$get({ param: { hash: 'a'.repeat(64) } })).status).toBe(404);
    const noCsrf = createTestClient(ctx, { omitCsrf: true });
    await noCsrf.api.session.$get();
    expect((await noCsrf.api.qhandler[':hash'].$post({ param: { hash }, json: { action: 'delete' } })).status).toBe(403);
    await ctx.deps.db.update(userAcl).set({ quarantine: 0 }).where(eq(userAcl.username, w.user));
    expect((await client.api.qhandler[':hash'].$get({ param: { hash } })).status).toBe(404);
    expect((await client.api.qhandler[':hash'].$post({ param: { hash }, json: { action: 'delete' } })).status).toBe(404);
  });

  it("logs quick actions in mailcow's shape: the plain hash as data", async () => {
    const w = await seedWorld(ctx);
    const released = await linkFor(w.user);
    const deleted = await linkFor(w.user);
    const client = createTestClient(ctx, { peer: '192.0.2.61' });
    await client.api.session.$get();
    await client.api.qhandler[':hash'].$post({ param: { hash: released.hash }, json: { action: 'release' } });
    await client.api.qhandler[':hash'].$post({ param: { hash: deleted.hash }, json: { action: 'delete' } });
    const rows = await ctx.deps.db.select().from(logs).where(eq(logs.remote, '192.0.2.61')).orderBy(logs.id);
    expect(rows.map((r) => [JSON.parse(r.call!), JSON.parse(r.msg!), r.user, r.type])).toEqual([
      [['quarantine', 'quick_release', released.hash], ['item_released', released.hash], 'unauthenticated', 'success'],
      [['quarantine', 'quick_delete', deleted.hash], ['item_deleted', deleted.id], 'unauthenticated', 'success'],
    ]);
  });
});

describe('guessable links (review hole)', () => {
  it.each([[undefined], ['unknown'], ['']])('stores an unguessable queue id when rspamd gives %o, keeping mailcow\'s hash formula', async (qid) => {
    const w = await seedWorld(ctx);
    const first = await ingestMessage(ctx.deps, { qid, rcpt: [w.user], from: 'a@example.net', action: 'reject' }, fixture('ham.eml'));
    const second = await ingestMessage(ctx.deps, { qid, rcpt: [w.user], from: 'a@example.net', action: 'reject' }, fixture('ham.eml'));
    const rows = await ctx.deps.db.select().from(quarantine).where(inArray(quarantine.id, [first.stored[0].id, second.stored[0].id]));
    for (const row of rows) {
      expect(row.qid).toMatch(/^[0-9A-Za-z]{20}$/);
      expect(row.qhash).toBe(createHash('sha256').update(`${row.id}${row.qid}`).digest('hex'));
      const guessed = createHash('sha256').update(`${row.id}unknown`).digest('hex');
      expect((await (await anonymous()).api.qhandler[':hash'].$get({ param: { hash: guessed } })).status).toBe(404);
    }
    expect(rows[0].qid).not.toBe(rows[1].qid);
  });

  it("does not honour links of rows stored with mailcow's qid \"unknown\" (pipe.php, older rows)", async () => {
    const w = await seedWorld(ctx);
    // As mailcow's pipe.php stores a message rspamd gave no queue id.
    const [res] = await ctx.deps.db.insert(quarantine).values({ qid: 'unknown', sender: 'a@example.net', rcpt: w.user, msg: 'x', action: 'reject' });
    const hash = createHash('sha256').update(`${res.insertId}unknown`).digest('hex');
    await ctx.deps.db.update(quarantine).set({ qhash: hash }).where(eq(quarantine.id, res.insertId));
    const client = await anonymous();
    expect((await client.api.qhandler[':hash'].$get({ param: { hash } })).status).toBe(404);
    expect((await client.api.qhandler[':hash'].$post({ param: { hash }, json: { action: 'delete' } })).status).toBe(404);
    expect(await ctx.deps.db.select({ id: quarantine.id }).from(quarantine).where(eq(quarantine.id, res.insertId))).toHaveLength(1);
  });

  it('throttles look-ups per client, an IPv6 client by its /64', async () => {
    const w = await seedWorld(ctx);
    const { hash } = await linkFor(w.user);
    const scanner = createTestClient(ctx, { peer: '192.0.2.99' });
    const statuses: number[] = [];
    for (let i = 0; i < QHANDLER_LIMIT.perWindow + 2; i++) {
      statuses.push((await scanner.api.qhandler[':hash'].$get({ param: { hash: i % 2 ? hash : 'b'.repeat(64) } })).status);
    }
    expect(statuses.slice(0, QHANDLER_LIMIT.perWindow).every((s) => s === 200 || s === 404)).toBe(true);
    expect(statuses.slice(QHANDLER_LIMIT.perWindow)).toEqual([429, 429]);
    const person = createTestClient(ctx, { peer: '192.0.2.100' });
    expect((await person.api.qhandler[':hash'].$get({ param: { hash } })).status).toBe(200);
    const v6 = (host: number) => createTestClient(ctx, { peer: `2001:db8:77:1::${host.toString(16)}` });
    for (let i = 0; i < QHANDLER_LIMIT.perWindow; i++) await v6(i + 1).api.qhandler[':hash'].$get({ param: { hash: 'c'.repeat(64) } });
    expect((await v6(0xffff).api.qhandler[':hash'].$get({ param: { hash } })).status).toBe(429);
    expect((await createTestClient(ctx, { peer: '2001:db8:77:2::1' }).api.qhandler[':hash'].$get({ param: { hash } })).status).toBe(200);
  });
});
