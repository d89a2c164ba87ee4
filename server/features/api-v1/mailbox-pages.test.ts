// get/mailbox lists are read and written a page at a time (mailbox-details.ts, v1.routes.ts): the
// answer must be byte for byte what the whole list pretty-printed at once would be, in every coding,
// and clients that go away mid-list must not stop the next ones from being answered.
import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { saslLog } from '../../../db/schema/audit.ts';
import { alias, domain, mailbox, quota2, senderAcl } from '../../../db/schema/mail.ts';
import { defaultMailboxAttributes, insertDomain } from '../../lib/mailcow/provision.ts';
import { createDb } from '../../../db/client.ts';
import { DETAILS_PAGE, mailboxDetailPages } from '../../mailcow/mailbox-details.ts';
import { writeRateLimit } from '../../mailcow/ratelimit.service.ts';
import { uid, useTestApp } from '../../test/helpers.ts';
import { withTagsTable } from '../../test/mailbox-fixture.ts';
import { makeMailcowKey, v1 } from '../../test/v1-harness.ts';

const ctx = useTestApp();
beforeAll(() => withTagsTable(ctx));

/** Over two pages and a part: page edges are where a joining mistake would show. */
const COUNT = DETAILS_PAGE * 2 + 22;
const MIB = 1048576;

async function bigDomain() {
  const name = `pages${uid()}.test`;
  await insertDomain(ctx.deps.db, name);
  await ctx.deps.db.update(domain).set({ mailboxes: 1000, quota: 500_000, maxquota: 4096 }).where(eq(domain.domain, name));
  const users = Array.from({ length: COUNT }, (_, i) => `u${String(i).padStart(3, '0')}@${name}`);
  await ctx.deps.db.insert(mailbox).values(users.map((u, i) => ({
    username: u, password: '{BLF-CRYPT}unusable', localPart: u.split('@')[0], domain: name, active: 1,
    // A slash and non-ASCII in some names: PHP escapes the one and (for gets) keeps the other, on every page.
    name: i % 7 === 0 ? `Zoë / Team ${i}` : `Person ${i}`,
    quota: (100 + i) * MIB, attributes: defaultMailboxAttributes(new Date('2026-11-30T10:00:00Z')),
    customAttributes: i === 70 ? '{"department":"R&D/Ops"}' : '{}',
  })));
  await ctx.deps.db.insert(quota2).values(users.map((u, i) => ({ username: u, bytes: i * 1000 * MIB / 10, messages: i })));
  await ctx.deps.db.insert(alias).values(users.map((u) => ({ address: u, goto: u, domain: name })));
  // Two sign-ins by IMAP from two addresses: the later one is the one answered.
  await ctx.deps.db.insert(saslLog).values([
    { service: 'imap', username: users[5], realRip: '192.0.2.1', datetime: '2026-11-01 08:00:00' },
    { service: 'imap', username: users[5], realRip: '192.0.2.2', datetime: '2026-11-20 09:30:00' },
    { service: 'smtp', username: users[64], realRip: '192.0.2.3', datetime: '2026-11-21 10:00:00' },
  ]);
  await ctx.deps.db.insert(senderAcl).values({ loggedInAs: users[63], sendAs: `*@${name}`, external: 0 });
  await ctx.deps.db.execute(sql`INSERT INTO tags_mailbox (tag_name, username) VALUES ('red', ${users[128]}), ('blue', ${users[128]})`);
  await writeRateLimit(ctx.deps.redis, users[100], { value: 9, frame: 'h' });
  return { name, users };
}

/** PHP's JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE of the same value, written at once. */
const wholeList = (body: string) => JSON.stringify(JSON.parse(body), null, 4).replace(/\//g, '\\/');

describe('get/mailbox/all over several pages', () => {
  it('answers the whole list exactly as one pretty-printed array, with every row complete', async () => {
    const { name, users } = await bigDomain();
    const api = v1(ctx, await makeMailcowKey(ctx));
    const res = await api.get(`get/mailbox/all/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = await res.text();
    expect(body).toBe(wholeList(body));
    expect(body).toContain('"Zoë \\/ Team 7"');
    const list = JSON.parse(body) as Record<string, unknown>[];
    expect(list.map((m) => m.username)).toEqual(users);
    // Every row counts the whole domain's quota, not only its page's.
    const used = users.reduce((n, _, i) => n + (100 + i) * MIB, 0);
    expect(list[0].max_new_quota).toBe(Math.min(500_000 * MIB - (used - 100 * MIB), 4096 * MIB));
    expect(list[COUNT - 1].max_new_quota).toBe(Math.min(500_000 * MIB - (used - (100 + COUNT - 1) * MIB), 4096 * MIB));
    expect(list[5].last_imap_login).toBe(Math.floor(Date.parse('2026-11-20T09:30:00') / 1000));
    expect(list[64]).toMatchObject({ last_smtp_login: Math.floor(Date.parse('2026-11-21T10:00:00') / 1000), last_imap_login: 0 });
    expect(list[63].sender_acl).toEqual([`*@${name}`]);
    expect(list[70].custom_attributes).toEqual({ department: 'R&D/Ops' });
    expect(list[100]).toMatchObject({ rl: { value: '9', frame: 'h' }, rl_scope: 'mailbox' });
    expect(list[128].tags).toEqual(['blue', 'red']);
    expect(list[127]).not.toHaveProperty('tags');
    // reduced: the same rows without the full fields.
    const reduced = JSON.parse(await (await api.get(`get/mailbox/reduced/${name}`)).text()) as Record<string, unknown>[];
    expect(reduced).toHaveLength(COUNT);
    expect(reduced[0]).not.toHaveProperty('max_new_quota');
    expect(Object.keys(reduced[0]).at(-1)).toBe('last_sso_login');
  });

  it('sends the same bytes compressed with gzip and brotli', async () => {
    const { name } = await bigDomain();
    const key = await makeMailcowKey(ctx);
    const plain = await (await v1(ctx, key).get(`get/mailbox/all/${name}`)).text();
    for (const [coding, decode] of [['gzip', promisify(gunzip)], ['br', promisify(brotliDecompress)]] as const) {
      const res = await v1(ctx, key, { headers: { 'accept-encoding': coding } }).get(`get/mailbox/all/${name}`);
      expect(res.headers.get('content-encoding')).toBe(coding);
      expect(res.headers.get('vary')).toContain('Accept-Encoding');
      expect((await decode(Buffer.from(await res.arrayBuffer()))).toString()).toBe(plain);
    }
  });

  it('answers {} for a domain without mailboxes and [] for tags nobody has', async () => {
    const { name } = await bigDomain();
    const empty = `empty${uid()}.test`;
    await insertDomain(ctx.deps.db, empty);
    const api = v1(ctx, await makeMailcowKey(ctx));
    expect(await (await api.get(`get/mailbox/all/${empty}`)).text()).toBe('{}');
    expect(await (await api.get(`get/mailbox/${name}?tags=nosuchtag`)).text()).toBe('[]');
    expect(JSON.parse(await (await api.get(`get/mailbox/${name}?tags=red`)).text())).toHaveLength(1);
  });

  it('gives the connection back when the reader stops after the first page of a list larger than the socket holds', async () => {
    const name = `long${uid()}.test`;
    await insertDomain(ctx.deps.db, name);
    const attributes = defaultMailboxAttributes(new Date());
    for (let from = 0; from < 3000; from += 1000) {
      const users = Array.from({ length: 1000 }, (_, i) => `n${from + i}@${name}`);
      await ctx.deps.db.insert(mailbox).values(users.map((u) => ({ username: u, password: '{BLF-CRYPT}unusable', localPart: u.split('@')[0], domain: name, attributes })));
      await ctx.deps.db.insert(quota2).values(users.map((u) => ({ username: u, bytes: 0, messages: 0 })));
    }
    // One connection: if the paused stream kept it, the next query would wait for ever.
    const { db, pool } = createDb(process.env.DATABASE_URL!, 1);
    try {
      const pages = mailboxDetailPages({ db, redis: ctx.deps.redis, now: Date.now }, { kind: 'session', username: 'admin', role: 'admin', ip: '127.0.0.1' }, { domains: [name] });
      expect((await pages.next()).value).toHaveLength(DETAILS_PAGE);
      await pages.return(undefined);
      const next = db.execute(sql`SELECT 1 AS one`);
      const stuck = new Promise((resolve) => setTimeout(() => resolve('stuck'), 5000));
      expect(await Promise.race([next.then(() => 'answered'), stuck])).toBe('answered');
    } finally {
      await pool.end();
    }
  });

  it('keeps answering when clients go away after the first page, more of them than the pool has connections', async () => {
    const { name } = await bigDomain();
    const api = v1(ctx, await makeMailcowKey(ctx));
    // More abandoned lists than the pool has connections: one kept by each would leave none.
    for (let i = 0; i < 12; i++) {
      const res = await api.get(`get/mailbox/all/${name}`);
      const reader = res.body!.getReader();
      await reader.read();
      await reader.cancel();
    }
    const after = await api.get(`get/mailbox/all/${name}`);
    expect(JSON.parse(await after.text())).toHaveLength(COUNT);
  });
});
