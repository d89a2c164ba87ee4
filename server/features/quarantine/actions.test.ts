import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { daAcl, userAcl } from '../../../db/schema/access.ts';
import { logs } from '../../../db/schema/audit.ts';
import { cowbellQuarantineItems } from '../../../db/schema/cowbell.ts';
import { filterconf, quarantine } from '../../../db/schema/quarantine.ts';
import { ingestMessage } from './ingest.service.ts';
import { startFakeRspamd, startSmtpSink } from '../../test/fakes.ts';
import { createTestClient, seedWorld, uid, useTestApp, type TestContext } from '../../test/helpers.ts';
import { enableQuarantine, quarantineItem } from '../../test/quarantine-helpers.ts';

const sink = await startSmtpSink();
const rspamd = await startFakeRspamd('rw-secret');
afterAll(async () => { await sink.close(); await rspamd.close(); });
const env = { TRUST_PROXY: '127.0.0.1', INGEST_ALLOWED_NETWORKS: '', RELEASE_SMTP_PORT: String(sink.port), RSPAMD_CONTROLLER_URL: rspamd.url,
  RSPAMD_CONTROLLER_PASSWORD: 'rw-secret' };
const ctx = useTestApp(env, 5);
const broken = useTestApp({ ...env, RELEASE_SMTP_PORT: '1' }, 5);
const unresolvable = useTestApp({ ...env, RELEASE_SMTP_HOST: 'postfix-mailcow.invalid' }, 5);
beforeAll(() => enableQuarantine(ctx));
beforeEach(async () => {
  sink.messages.length = 0;
  rspamd.calls.length = 0;
  rspamd.state.failWith = 0;
  await ctx.deps.redis.set('Q_RELEASE_FORMAT', 'raw');
});

const SPAM = Buffer.from('From: spammer@example.net\r\nTo: x@example.test\r\nSubject: hi\r\nX-Spam-Flag: YES\r\n\r\nGrüße €\r\n.dot line\r\n', 'utf8');

async function item(c: TestContext, rcpt: string) {
  const { stored } = await ingestMessage(c.deps, { qid: `Q${uid()}`.toUpperCase(), rcpt: [rcpt], from: 'spammer@example.net',
    action: 'reject', score: 30, subject: 'hi' }, SPAM);
  return stored[0].id;
}

async function act(c: TestContext, who: string, action: string, ids: number[]) {
  const client = createTestClient(c, { ip: '198.51.100.4' });
  await client.signIn(who);
  return client.api.quarantine.actions.$post({ json: { action: action as 'delete', ids } });
}

const exists = async (id: number) => (await ctx.deps.db.select().from(quarantine).where(eq(quarantine.id, id))).length > 0;
const indexed = async (id: number) => (await ctx.deps.db.select().from(cowbellQuarantineItems).where(eq(cowbellQuarantineItems.id, id))).length > 0;

describe('release', () => {
  it('re-injects the message as mailcow does, restores its text, and removes the row', async () => {
    const w = await seedWorld(ctx);
    const id = await item(ctx, w.user);
    const res = await act(ctx, w.user, 'release', [id]);
    expect(await res.json()).toEqual({ results: [{ id, ok: true }] });
    expect(sink.messages).toHaveLength(1);
    const [mail] = sink.messages;
    expect(mail).toMatchObject({ from: 'spammer@example.net', to: [w.user] });
    expect(mail.raw).toContain('X-Pre-Release-Spam-Flag: YES');
    expect(mail.raw).not.toMatch(/^X-Spam-Flag:/m);
    expect(mail.raw).toContain('Grüße €');
    expect(mail.raw).toContain('\r\n.dot line');
    expect(await exists(id)).toBe(false);
    expect(await indexed(id)).toBe(false);
    const [log] = await ctx.deps.db.select().from(logs).where(and(eq(logs.user, w.user), eq(logs.remote, '198.51.100.4'), like(logs.call, '["quarantine"%')));
    expect(log).toMatchObject({ type: 'success', role: 'user' });
    expect(JSON.parse(log.msg!)).toEqual(['item_released', id]);
    expect(JSON.parse(log.call!)).toEqual(['quarantine', 'edit', { id: [id], action: 'release' }]);
  });

  it('wraps the message as an attachment when Q_RELEASE_FORMAT says so', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.redis.set('Q_RELEASE_FORMAT', 'attachment');
    const id = await item(ctx, w.user);
    const [row] = await ctx.deps.db.select().from(quarantine).where(eq(quarantine.id, id));
    await act(ctx, w.user, 'release', [id]);
    expect(sink.messages[0].raw).toContain(`Subject: Potentially damaging quarantine item ${row.qid}`);
    expect(sink.messages[0].raw).toContain(`filename=${row.qid}.eml`);
  });

  it.each([['refused', broken], ['unresolvable', unresolvable]])(
    'says release needs the mail server when its address is %s, and keeps the row', async (_, c) => {
      const w = await seedWorld(c);
      for (const action of ['release', 'learn_ham']) {
        const id = await item(c, w.user);
        expect(await (await act(c, w.user, action, [id])).json()).toEqual({ results: [{ id, ok: false, error: 'mail_server_unreachable' }] });
        expect(await exists(id)).toBe(true);
      }
      // mailcow's key for a failed release, as a warning, so its log view reads the row as its own.
      const [log] = await c.deps.db.select().from(logs).where(and(eq(logs.user, w.user), like(logs.call, '["quarantine"%')));
      expect(log.type).toBe('warning');
      expect(JSON.parse(log.msg!)).toEqual(['release_send_failed', expect.stringContaining('RELEASE_SMTP_HOST')]);
    });

  it('tells a mail server that refused the message apart from one that cannot be reached', async () => {
    const w = await seedWorld(ctx);
    const id = await item(ctx, w.user);
    sink.state.refuse = true;
    try {
      expect(await (await act(ctx, w.user, 'release', [id])).json()).toEqual({ results: [{ id, ok: false, error: 'release_failed' }] });
    } finally {
      sink.state.refuse = false;
    }
    expect(await exists(id)).toBe(true);
    const [log] = await ctx.deps.db.select().from(logs).where(and(eq(logs.user, w.user), like(logs.call, '["quarantine"%')));
    expect(JSON.parse(log.msg!)).toEqual(['release_send_failed', `item ${id}: the mail server did not take the message`]);
  });
});

describe('learning', () => {
  it('learn as ham: releases, removes, then learns ham and adds fuzzy flag 13 with the password', async () => {
    const w = await seedWorld(ctx);
    const id = await item(ctx, w.user);
    expect(await (await act(ctx, w.user, 'learn_ham', [id])).json()).toEqual({ results: [{ id, ok: true }] });
    expect(sink.messages).toHaveLength(1);
    expect(rspamd.calls.map((c) => [c.path, c.flag])).toEqual([['/learnham', undefined], ['/fuzzyadd', '13']]);
    expect(rspamd.calls[0].body).toContain('Grüße €');
    expect(await exists(id)).toBe(false);
  });

  it('learn as spam: learns spam (fuzzy flag 11) and removes; a failing rspamd keeps the row', async () => {
    const w = await seedWorld(ctx);
    const id = await item(ctx, w.user);
    rspamd.state.failWith = 500;
    expect(await (await act(ctx, w.user, 'learn_spam', [id])).json()).toEqual({ results: [{ id, ok: false, error: 'learn_failed' }] });
    expect(await exists(id)).toBe(true);
    rspamd.state.failWith = 0;
    rspamd.calls.length = 0;
    expect(await (await act(ctx, w.user, 'learn_spam', [id])).json()).toEqual({ results: [{ id, ok: true }] });
    expect(rspamd.calls.map((c) => [c.path, c.flag])).toEqual([['/learnspam', undefined], ['/fuzzyadd', '11']]);
    expect(sink.messages).toHaveLength(0);
    expect(await exists(id)).toBe(false);
  });
});

describe('delete, block and bulk', () => {
  it("deletes in bulk what the caller may see and reports the rest as not_found", async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const mine = [await item(ctx, w.user), await item(ctx, w.user)];
    const theirs = await item(ctx, other.user);
    const res = await (await act(ctx, w.user, 'delete', [...mine, theirs])).json();
    expect(res.results).toEqual([{ id: mine[0], ok: true }, { id: mine[1], ok: true }, { id: theirs, ok: false, error: 'not_found' }]);
    expect(await exists(mine[0])).toBe(false);
    expect(await exists(theirs)).toBe(true);
  });

  it("adds the sender to the recipient's deny list once", async () => {
    const w = await seedWorld(ctx);
    const a = await item(ctx, w.user);
    const b = await item(ctx, w.user);
    await act(ctx, w.user, 'block_sender', [a, b]);
    const rows = await ctx.deps.db.select().from(filterconf).where(eq(filterconf.object, w.user));
    expect(rows).toMatchObject([{ option: 'blacklist_from', value: 'spammer@example.net' }]);
    expect(await exists(a)).toBe(true);
  });

  it('refuses to block when there is no real sender', async () => {
    const w = await seedWorld(ctx);
    const { stored } = await ingestMessage(ctx.deps, { qid: 'NOSENDER', rcpt: [w.user], from: '', action: 'reject', score: 30 }, SPAM);
    expect(await (await act(ctx, w.user, 'block_sender', [stored[0].id])).json()).toEqual({ results: [{ id: stored[0].id, ok: false, error: 'no_sender' }] });
    expect(await ctx.deps.db.select().from(filterconf).where(eq(filterconf.object, w.user))).toEqual([]);
  });

  // The envelope sender is whatever the other side wrote; mailcow turns the stored value into a
  // regex ("*" becomes ".*") inside a quoted string in rspamd's settings.
  it.each([
    ['*@gmail.com', 'invalid_sender'], ['"quoted"@example.net', 'invalid_sender'], ['a"b@example.net', 'invalid_sender'],
    ['spam*@example.net', 'invalid_sender'], ['x@*.example.net', 'invalid_sender'], ['no-at-sign', 'invalid_sender'],
    ['a@b', 'invalid_sender'], ['a b@example.net', 'invalid_sender'], ['a@exa$mple.net', 'invalid_sender'],
  ])('refuses to block %s, saying why', async (sender, error) => {
    const w = await seedWorld(ctx);
    const { stored } = await ingestMessage(ctx.deps, { qid: `Q${uid()}`, rcpt: [w.user], from: sender, action: 'reject', score: 30 }, SPAM);
    expect(await (await act(ctx, w.user, 'block_sender', [stored[0].id])).json()).toEqual({ results: [{ id: stored[0].id, ok: false, error }] });
    expect(await ctx.deps.db.select().from(filterconf).where(eq(filterconf.object, w.user))).toEqual([]);
  });

  it('blocks a plain address with tags and dashes, lowercased', async () => {
    const w = await seedWorld(ctx);
    const { stored } = await ingestMessage(ctx.deps, { qid: `Q${uid()}`, rcpt: [w.user], from: 'News+Promo-2026@Mail.Example.NET', action: 'reject', score: 30 }, SPAM);
    expect(await (await act(ctx, w.user, 'block_sender', [stored[0].id])).json()).toEqual({ results: [{ id: stored[0].id, ok: true }] });
    expect(await ctx.deps.db.select({ v: filterconf.value }).from(filterconf).where(eq(filterconf.object, w.user))).toEqual([{ v: 'news+promo-2026@mail.example.net' }]);
  });

  it('lets a domain admin act on their domain', async () => {
    const w = await seedWorld(ctx);
    const id = await quarantineItem(ctx, w.user);
    expect((await (await act(ctx, w.domainAdmin, 'delete', [id.id])).json()).results[0].ok).toBe(true);
  });
});

describe('denials and bad input', () => {
  it('refuses users and domain admins without the quarantine ACL, and block without spam_policy', async () => {
    const w = await seedWorld(ctx);
    const id = await item(ctx, w.user);
    await ctx.deps.db.update(userAcl).set({ quarantine: 0 }).where(eq(userAcl.username, w.user));
    expect((await act(ctx, w.user, 'delete', [id])).status).toBe(403);
    await ctx.deps.db.update(userAcl).set({ quarantine: 1, spamPolicy: 0 }).where(eq(userAcl.username, w.user));
    expect((await act(ctx, w.user, 'block_sender', [id])).status).toBe(403);
    await ctx.deps.db.update(daAcl).set({ quarantine: 0 }).where(eq(daAcl.username, w.domainAdmin));
    expect((await act(ctx, w.domainAdmin, 'delete', [id])).status).toBe(403);
    expect(await exists(id)).toBe(true);
  });

  it('answers bad input with validation_failed', async () => {
    const w = await seedWorld(ctx);
    for (const [action, ids] of [['delete', []], ['explode', [1]], ['delete', Array.from({ length: 101 }, (_, i) => i + 1)], ['delete', [-1]]] as const) {
      expect((await act(ctx, w.user, action, [...ids])).status).toBe(400);
    }
  });

  it('refuses anonymous callers', async () => {
    const client = createTestClient(ctx);
    await client.api.session.$get();
    expect((await client.api.quarantine.actions.$post({ json: { action: 'delete', ids: [1] } })).status).toBe(401);
  });
});
