import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { cowbellQuarantineItems } from '../../../db/schema/cowbell.ts';
import { alias, aliasDomain } from '../../../db/schema/mail.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { insertDomain, insertMailbox } from '../../lib/mailcow/provision.ts';
import { encodeHtmlEntities } from '../../lib/mailcow/html-entities.ts';
import { fromSocket, seedWorld, testEnv, uid, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp({}, 3);
const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/mail/${name}`, import.meta.url));
const FIXTURES = ['ham.eml', 'hostile-html.eml', 'attachments.eml', 'legacy-charsets.eml', 'malformed.eml'];

beforeEach(async () => {
  await ctx.deps.redis.mset({ Q_MAX_SIZE: '1', Q_RETENTION_SIZE: '20' });
  await ctx.deps.redis.del('Q_EXCLUDE_DOMAINS');
});

function multipart(meta: object, message: Uint8Array, ip = '127.0.0.1', path = '/ingest/rspamd', headers: Record<string, string> = {}) {
  const form = new FormData();
  form.set('metadata', JSON.stringify(meta));
  form.set('message', new Blob([message], { type: 'message/rfc822' }), 'message.eml');
  return ctx.app.request(new Request(`http://cowbell.test${path}`, { method: 'POST', body: form, headers }), undefined, fromSocket(ip));
}

function rawForm(headers: Record<string, string>, message: Uint8Array) {
  return ctx.app.request('/ingest/rspamd', { method: 'POST', body: message,
    headers: { 'content-type': 'text/plain', ...headers } }, fromSocket('127.0.0.1'));
}

const meta = (rcpt: string[], extra: object = {}) => ({
  qid: `Q${uid()}`.toUpperCase(), subject: 'Cheap meds', score: 51.1, rcpt, from: 'spammer@example.net', user: 'unknown',
  ip: '203.0.113.5', action: 'reject', symbols: [{ name: 'MAILSTACK_TEST_SPAM', score: 50 }], fuzzy: [], ...extra,
});

const rowsFor = (rcpt: string) => ctx.deps.db.select().from(quarantine).where(eq(quarantine.rcpt, rcpt)).orderBy(quarantine.id);

describe('ingest: the multipart form', () => {
  it.each(FIXTURES)('stores %s as mailcow does: encoded message, qhash, symbols, index row', async (file) => {
    const w = await seedWorld(ctx);
    const m = meta([w.user]);
    const res = await multipart(m, fixture(file));
    expect(res.status).toBe(200);
    const [row] = await rowsFor(w.user);
    expect(row).toMatchObject({ qid: m.qid, subject: 'Cheap meds', sender: 'spammer@example.net', ip: '203.0.113.5', action: 'reject', notified: 0 });
    expect(row.score).toBeCloseTo(51.1);
    expect(row.msg).toBe(encodeHtmlEntities(fixture(file)));
    expect(row.qhash).toBe(createHash('sha256').update(`${row.id}${m.qid}`).digest('hex'));
    expect(JSON.parse(row.symbols!)).toEqual(m.symbols);
    const [indexed] = await ctx.deps.db.select().from(cowbellQuarantineItems).where(eq(cowbellQuarantineItems.id, row.id));
    expect(indexed).toMatchObject({ rcpt: w.user, domain: w.domain, action: 'reject', reviewed: 0 });
  });

  it("answers on mailcow's /pipe.php too, and fills the empty-sender placeholder", async () => {
    const w = await seedWorld(ctx);
    expect((await multipart(meta([w.user], { from: '' }), fixture('ham.eml'), '127.0.0.1', '/pipe.php')).status).toBe(200);
    expect((await rowsFor(w.user))[0].sender).toBe('empty-env-from@localhost');
  });
});

describe('ingest: the older raw form with X-Rspamd-* headers', () => {
  it('decodes a UTF-8 subject that arrives as raw bytes, and MIME encoded words', async () => {
    const w = await seedWorld(ctx);
    const headers = (subject: string) => ({ 'x-rspamd-qid': 'AC4A0228A10', 'x-rspamd-from': 'spammer@example.net',
      'x-rspamd-rcpt': JSON.stringify([w.user]), 'x-rspamd-subject': subject, 'x-rspamd-score': '10.5',
      'x-rspamd-action': 'add header', 'x-rspamd-symbols': '[{"name":"X","score":10}]', 'x-rspamd-ip': 'unknown',
      'x-rspamd-user': 'unknown', 'x-rspamd-fuzzy': 'unknown' });
    // Node reads header bytes as latin1: this is how "Grüße € spam" reaches the server.
    const rawUtf8 = Buffer.from('Grüße € spam', 'utf8').toString('latin1');
    expect((await rawForm(headers(rawUtf8), fixture('legacy-charsets.eml'))).status).toBe(200);
    expect((await rawForm(headers('=?UTF-8?B?R3LDvMOfZSDigqwgc3BhbQ==?='), fixture('ham.eml'))).status).toBe(200);
    const rows = await rowsFor(w.user);
    expect(rows.map((r) => r.subject)).toEqual(['Grüße € spam', 'Grüße € spam']);
    expect(rows[0]).toMatchObject({ action: 'add header', qid: 'AC4A0228A10', fuzzyHashes: '[]' });
  });

  it.each(FIXTURES)('stores %s from the raw form exactly like the multipart form', async (file) => {
    const w = await seedWorld(ctx);
    const res = await rawForm({ 'x-rspamd-qid': 'RAW1', 'x-rspamd-rcpt': JSON.stringify([w.user]), 'x-rspamd-from': 'spammer@example.net',
      'x-rspamd-subject': 'raw', 'x-rspamd-score': '20', 'x-rspamd-action': 'reject', 'x-rspamd-symbols': '[]' }, fixture(file));
    expect(res.status).toBe(200);
    const [row] = await rowsFor(w.user);
    expect(row.msg).toBe(encodeHtmlEntities(fixture(file)));
    expect(row.qhash).toBe(createHash('sha256').update(`${row.id}RAW1`).digest('hex'));
  });
});

describe('ingest: size limit', () => {
  it('refuses a message over Q_MAX_SIZE with 413 and stores nothing', async () => {
    const w = await seedWorld(ctx);
    const big = Buffer.alloc(1048576 + 10, 'a');
    expect((await multipart(meta([w.user]), big)).status).toBe(413);
    const declared = await ctx.app.request('/ingest/rspamd', { method: 'POST', body: 'x',
      headers: { 'content-length': String(50 * 1048576), 'x-rspamd-rcpt': JSON.stringify([w.user]) } }, fromSocket('127.0.0.1'));
    expect(declared.status).toBe(413);
    expect(await rowsFor(w.user)).toEqual([]);
  });

  it('refuses a message over Q_MAX_SIZE as too large, naming the limit', async () => {
    const w = await seedWorld(ctx);
    const res = await multipart(meta([w.user]), Buffer.alloc(1048576 + 10, 'a'));
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large', message: expect.stringContaining('Q_MAX_SIZE') } });
  });
});

describe('ingest: quarantine switched off', () => {
  it.each([['unset', null], ['0', '0']])('answers "switched off" (503), not "too large", while Q_MAX_SIZE is %s', async (_, value) => {
    const w = await seedWorld(ctx);
    if (value === null) await ctx.deps.redis.del('Q_MAX_SIZE');
    else await ctx.deps.redis.set('Q_MAX_SIZE', value);
    for (const res of [await multipart(meta([w.user]), fixture('ham.eml')),
      await rawForm({ 'x-rspamd-rcpt': JSON.stringify([w.user]), 'x-rspamd-action': 'reject' }, fixture('ham.eml'))]) {
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: { code: 'quarantine_off', message: 'The quarantine is switched off: Q_MAX_SIZE is unset or 0.', issues: [] } });
    }
    expect(await rowsFor(w.user)).toEqual([]);
  });

  it('answers "switched off" while Q_RETENTION_SIZE is unset, after trimming the mailbox as mailcow does', async () => {
    const w = await seedWorld(ctx);
    expect((await multipart(meta([w.user]), fixture('ham.eml'))).status).toBe(200);
    await ctx.deps.redis.del('Q_RETENTION_SIZE');
    const res = await multipart(meta([w.user]), fixture('ham.eml'));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'quarantine_off', message: 'The quarantine is switched off: Q_RETENTION_SIZE is unset or 0.' } });
    expect(await rowsFor(w.user)).toEqual([]);
  });
});

describe('ingest: recipients', () => {
  it('strips +tags, skips domains outside DOMAIN_MAP and excluded domains', async () => {
    const w = await seedWorld(ctx);
    const excluded = `x${uid()}.test`;
    await insertDomain(ctx.deps.db, excluded, { redis: ctx.deps.redis });
    const ex = await insertMailbox(ctx.deps.db, { localPart: 'e', domain: excluded, passwordHash: w.hash });
    await ctx.deps.redis.set('Q_EXCLUDE_DOMAINS', JSON.stringify([excluded]));
    const [user, domain] = w.user.split('@');
    await multipart(meta([`${user}+shop@${domain}`, ex, 'someone@not-hosted.example']), fixture('ham.eml'));
    expect((await rowsFor(w.user)).length).toBe(1);
    expect(await rowsFor(ex)).toEqual([]);
  });

  it('resolves aliases, nested aliases, catch-alls and alias domains to one row per final mailbox', async () => {
    const w = await seedWorld(ctx);
    const bob = await insertMailbox(ctx.deps.db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
    const keep = await insertMailbox(ctx.deps.db, { localPart: 'keep', domain: w.domain, passwordHash: w.hash, active: 2 });
    const off = await insertMailbox(ctx.deps.db, { localPart: 'off', domain: w.domain, passwordHash: w.hash, active: 0 });
    const ad = `ad${uid()}.test`;
    await ctx.deps.db.insert(aliasDomain).values({ aliasDomain: ad, targetDomain: w.domain });
    await ctx.deps.redis.hset('DOMAIN_MAP', ad, '1');
    const d = w.domain;
    await ctx.deps.db.insert(alias).values([
      { address: `team@${d}`, goto: `${w.user},lists@${d}`, domain: d },
      { address: `lists@${d}`, goto: `${bob},team@${d}`, domain: d }, // a cycle back to team
      { address: `gone@${d}`, goto: w.user, domain: d, active: 0 },
      { address: `@${d}`, goto: keep, domain: d },
      { address: `null@${d}`, goto: 'null@localhost', domain: d },
    ]);
    await multipart(meta([`team@${d}`, `lists@${d}`, `bob@${ad}`, `nobody@${d}`, off, `null@${d}`]), fixture('ham.eml'));
    const stored = await ctx.deps.db.select({ rcpt: quarantine.rcpt }).from(quarantine)
      .where(inArray(quarantine.rcpt, [w.user, bob, keep, off]));
    expect(stored.map((r) => r.rcpt).sort()).toEqual([bob, keep, w.user].sort());
  });
});

describe('ingest: retention', () => {
  it('keeps only the newest Q_RETENTION_SIZE rows per mailbox, and none at 0', async () => {
    const w = await seedWorld(ctx);
    await ctx.deps.redis.set('Q_RETENTION_SIZE', '3');
    for (let i = 0; i < 5; i++) await multipart(meta([w.user], { subject: `n${i}` }), fixture('ham.eml'));
    expect((await rowsFor(w.user)).map((r) => r.subject)).toEqual(['n2', 'n3', 'n4']);
    const indexed = await ctx.deps.db.select().from(cowbellQuarantineItems).where(eq(cowbellQuarantineItems.rcpt, w.user));
    expect(indexed.length).toBe(3);
    await ctx.deps.redis.set('Q_RETENTION_SIZE', '0');
    await multipart(meta([w.user]), fixture('ham.eml'));
    expect(await rowsFor(w.user)).toEqual([]);
  });
});

describe('ingest: who may post, and bad input', () => {
  it('refuses callers outside the trusted networks', async () => {
    const w = await seedWorld(ctx);
    expect((await multipart(meta([w.user]), fixture('ham.eml'), '198.51.100.9')).status).toBe(403);
    expect(await rowsFor(w.user)).toEqual([]);
  });

  it('judges the TCP peer, not a forwarded header, even behind a trusted proxy', async () => {
    const w = await seedWorld(ctx);
    const forged = { 'x-real-ip': '127.0.0.1', 'x-forwarded-for': '127.0.0.1' };
    expect((await multipart(meta([w.user]), fixture('ham.eml'), '198.51.100.9', '/ingest/rspamd', forged)).status).toBe(403);
    expect(await rowsFor(w.user)).toEqual([]);
  });

  it.each([
    ['metadata that is not JSON', () => { const f = new FormData(); f.set('metadata', '{oops'); f.set('message', 'x'); return f; }],
    ['a missing message part', () => { const f = new FormData(); f.set('metadata', JSON.stringify(meta(['a@b.c']))); return f; }],
    ['metadata without recipients', () => { const f = new FormData(); f.set('metadata', JSON.stringify(meta([]))); f.set('message', 'x'); return f; }],
  ])('answers %s with 400', async (_name, body) => {
    const res = await ctx.app.request(new Request('http://cowbell.test/ingest/rspamd', { method: 'POST', body: body() }), undefined, fromSocket('127.0.0.1'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
  });

  it('answers a raw post without X-Rspamd-Rcpt, or with broken JSON, with 400', async () => {
    expect((await rawForm({}, fixture('ham.eml'))).status).toBe(400);
    expect((await rawForm({ 'x-rspamd-rcpt': '[not json' }, fixture('ham.eml'))).status).toBe(400);
  });
});

describe('ingest: shared secret', () => {
  const secured = useTestApp({ TRUST_PROXY: '1', INGEST_SECRET: 'a-long-shared-secret-123' }, 3);

  it('requires the secret when one is configured', async () => {
    const w = await seedWorld(secured);
    const post = (headers: Record<string, string>) => {
      const form = new FormData();
      form.set('metadata', JSON.stringify(meta([w.user])));
      form.set('message', new Blob([fixture('ham.eml')]));
      return secured.app.request(new Request('http://cowbell.test/ingest/rspamd', { method: 'POST', body: form, headers }), undefined, fromSocket('127.0.0.1'));
    };
    expect((await post({})).status).toBe(403);
    expect((await post({ 'x-cowbell-ingest-secret': 'wrong-secret-wrong-secret' })).status).toBe(403);
    expect((await post({ 'x-cowbell-ingest-secret': 'a-long-shared-secret-123' })).status).toBe(200);
    // A wrong secret of the same length in other bytes is refused, not an error.
    expect((await secured.app.request('/ingest/rspamd?secret=%C3%A4-long-shared-secret-12', { method: 'POST' }, fromSocket('127.0.0.1'))).status).toBe(403);
  });

  // Behind nginx the TCP peer is the proxy, inside INGEST_ALLOWED_NETWORKS: a caller from anywhere
  // would pass the network check (the hole found in review). Proxy headers mean "came through a proxy".
  it.each<Record<string, string>>([
    { 'x-real-ip': '203.0.113.9' }, { 'x-forwarded-for': '203.0.113.9' }, { 'x-forwarded-proto': 'https' },
    { forwarded: 'for=203.0.113.9' }, { 'x-forwarded-port': '443' }, { 'x-forwarded-server': 'edge' }, { via: '1.1 edge' },
  ])('refuses a post that came through a proxy (%o), even from an allowed peer with the secret', async (proxied) => {
    const w = await seedWorld(secured);
    const form = new FormData();
    form.set('metadata', JSON.stringify(meta([w.user])));
    form.set('message', new Blob([fixture('ham.eml')]));
    const res = await secured.app.request(new Request('http://cowbell.test/ingest/rspamd', { method: 'POST', body: form,
      headers: { 'x-cowbell-ingest-secret': 'a-long-shared-secret-123', ...proxied } }), undefined, fromSocket('127.0.0.1'));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/proxy/);
    expect(await secured.deps.db.select().from(quarantine).where(eq(quarantine.rcpt, w.user))).toEqual([]);
  });

  it('refuses to start behind a trusted proxy without an ingest secret (unless ingest is off)', () => {
    expect(() => testEnv({ TRUST_PROXY: '10.0.0.0/8' })).toThrow(/INGEST_SECRET: is required when TRUST_PROXY is set/);
    expect(() => testEnv({ TRUST_PROXY: '1' })).toThrow(/INGEST_SECRET/);
    expect(testEnv({ TRUST_PROXY: '10.0.0.0/8', INGEST_ALLOWED_NETWORKS: '' }).TRUST_PROXY).toHaveLength(1);
    expect(testEnv({ TRUST_PROXY: '0' }).TRUST_PROXY).toEqual([]);
    expect(() => testEnv({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY/);
  });
});
