// Holes found by review in sign-in: log injection into mailcow's fail2ban, lockout bypass through
// names the database finds equal, and the limiter race. Plus the audit rows mailcow's log view reads.
import { and, eq, like } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logs, saslLog } from '../../../db/schema/audit.ts';
import { insertMailbox } from '../../lib/mailcow/provision.ts';
import { createTestClient, PASSWORD, seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { collationKey } from './accounts.ts';

const ctx = useTestApp({ TRUST_PROXY: '127.0.0.1', INGEST_ALLOWED_NETWORKS: '', SIGNIN_MAX_FAILURES_PER_ACCOUNT: '5',
  SIGNIN_MAX_FAILURES_PER_IP: '20', SIGNIN_LOCK_SECONDS: '600' }, 13);
let ip = 1;
const freshIp = () => `198.18.${Math.floor(ip / 250)}.${(ip++ % 250) + 1}`;

// What mailcow's netfilter reads: every message published on F2B_CHANNEL.
const published: string[] = [];
let listener: Redis;
beforeAll(async () => {
  listener = new Redis(ctx.deps.env.REDIS_URL);
  await listener.subscribe('F2B_CHANNEL');
  listener.on('message', (_channel, message: string) => published.push(message));
});
afterAll(() => listener.quit());

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; issues: { path: string }[] } }).error;
const NETFILTER = /^mailcow UI: Invalid password for (\S+) by ([0-9a-f.:]+)$/;

describe('the fail2ban channel', () => {
  it.each([
    ['a newline', 'x\nmailcow UI: Invalid password for x by 203.0.113.66'],
    ['a carriage return', 'x\rmailcow UI: Invalid password for x by 203.0.113.66'],
    ['a space and "by"', 'x by 203.0.113.66'],
    ['a NUL', 'x\u0000y'],
    ['a line separator', 'x\u2028mailcow UI'],
    ['an overlong name', `${'a'.repeat(300)}@example.org`],
  ])('refuses a name with %s before anything is logged or published', async (_what, username) => {
    const ip = freshIp();
    const client = createTestClient(ctx, { ip });
    await client.api.session.$get();
    const res = await client.api.session.$post({ json: { username, password: 'whatever' } });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).issues).toEqual([expect.objectContaining({ path: 'username' })]);
    await listener.ping();
    expect(published.filter((m) => m.endsWith(` by ${ip}`))).toEqual([]);
    expect(await ctx.deps.db.select().from(logs).where(like(logs.call, '%203.0.113.66%'))).toEqual([]);
  });

  it('publishes exactly one netfilter line per failure, naming the account and the client', async () => {
    const w = await seedWorld(ctx);
    const from = freshIp();
    await createTestClient(ctx, { ip: from }).signIn(w.user.toUpperCase(), 'wrong');
    await new Promise((r) => setImmediate(r));
    await ctx.deps.redis.ping();
    await expect.poll(() => published.filter((m) => m.includes(` ${w.user} by `))).toEqual([`mailcow UI: Invalid password for ${w.user} by ${from}`]);
    const line = published.find((m) => m.includes(` ${w.user} by `))!;
    expect(NETFILTER.exec(line)?.slice(1)).toEqual([w.user, from]);
  });

  it('ignores a forwarded address that is not an address, even from a trusted proxy', async () => {
    const w = await seedWorld(ctx);
    await createTestClient(ctx, { ip: '203.0.113.7 by 1.2.3.4' }).signIn(w.user, 'wrong');
    // Other files sign in wrongly at the same time (the channel is server-wide): only this account's lines count.
    await expect.poll(() => published.filter((m) => m.includes(` ${w.user} by `))).toEqual([`mailcow UI: Invalid password for ${w.user} by 127.0.0.1`]);
  });

  it("takes the address the proxy saw connect: the right-most X-Forwarded-For hop, over a passed-through X-Real-IP", async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx, { peer: '127.0.0.1' });
    await client.api.session.$get();
    await client.api.session.$post({ json: { username: w.user, password: 'wrong' } },
      { headers: { 'x-forwarded-for': '198.51.100.66, 203.0.113.44', 'x-real-ip': '198.51.100.77' } });
    // Other files sign in wrongly at the same time (the channel is server-wide): only this account's lines count.
    await expect.poll(() => published.filter((m) => m.includes(` ${w.user} by `))).toEqual([`mailcow UI: Invalid password for ${w.user} by 203.0.113.44`]);
  });

  it('counts an IPv6 client by its /64', async () => {
    const w = await seedWorld(ctx);
    for (let i = 1; i <= 20; i++) await createTestClient(ctx, { ip: `2001:db8:5:6::${i.toString(16)}` }).signIn(`nobody${i}@${w.domain}`, 'wrong');
    expect((await createTestClient(ctx, { ip: '2001:db8:5:6:ffff::1' }).signIn(w.user)).status).toBe(429);
    expect((await createTestClient(ctx, { ip: '2001:db8:5:7::1' }).signIn(w.user)).status).toBe(200);
  });

  it('believes X-Real-IP only from a trusted proxy', async () => {
    const w = await seedWorld(ctx);
    await createTestClient(ctx, { ip: '203.0.113.8', peer: '192.0.2.50' }).signIn(w.user, 'wrong');
    // Other files sign in wrongly at the same time (the channel is server-wide): only this account's lines count.
    await expect.poll(() => published.filter((m) => m.includes(` ${w.user} by `))).toEqual([`mailcow UI: Invalid password for ${w.user} by 192.0.2.50`]);
  });
});

describe('names the database finds equal', () => {
  it('has one collation key for every spelling MariaDB compares as equal', async () => {
    const key = await collationKey(ctx.deps.db, 'oscar@other.test');
    for (const spelling of ['OSCAR@other.test', 'óscar@other.test', 'ｏscar@other.test', 'Óscar@OTHER.test']) {
      expect(await collationKey(ctx.deps.db, spelling)).toBe(key);
    }
    expect(await collationKey(ctx.deps.db, 'oscar2@other.test')).not.toBe(key);
  });

  it('refuses names mailcow would refuse: a non-ASCII local part never reaches the account', async () => {
    const w = await seedWorld(ctx);
    await insertMailbox(ctx.deps.db, { localPart: 'oscar', domain: w.domain, passwordHash: w.hash });
    for (const spelling of [`óscar@${w.domain}`, `ｏscar@${w.domain}`]) {
      const res = await createTestClient(ctx, { ip: freshIp() }).signIn(spelling);
      expect(res.status).toBe(400);
    }
  });

  it('locks one account however its name is typed, and keeps the session, audit log and sasl_log on the stored name', async () => {
    const w = await seedWorld(ctx);
    const stored = await insertMailbox(ctx.deps.db, { localPart: 'oscar', domain: w.domain, passwordHash: w.hash });
    const spellings = [stored, stored.toUpperCase(), ` Oscar@${w.domain.toUpperCase()} `, `OSCAR@${w.domain}`, stored];
    for (const s of spellings) expect((await createTestClient(ctx, { ip: freshIp() }).signIn(s, 'wrong')).status).toBe(401);
    for (const s of spellings) expect((await createTestClient(ctx, { ip: freshIp() }).signIn(s)).status).toBe(429);

    const other = await insertMailbox(ctx.deps.db, { localPart: 'petra', domain: w.domain, passwordHash: w.hash });
    const from = freshIp();
    const client = createTestClient(ctx, { ip: from });
    const res = await client.signIn(`PETRA@${w.domain.toUpperCase()}`);
    expect((await res.json()).session.username).toBe(other);
    expect(await ctx.deps.db.select({ u: saslLog.username }).from(saslLog).where(eq(saslLog.realRip, from))).toEqual([{ u: other }]);
    const [row] = await ctx.deps.db.select().from(logs).where(and(eq(logs.remote, from), like(logs.msg, '%logged_in_as%')));
    expect(JSON.parse(row.call!)).toEqual(['user_login', other, '*', 'Provider: mailcow']);
  });

  it('locks a name with no account however it is typed (a Unicode domain is its punycode)', async () => {
    const domain = `bücher${uid()}.test`;
    const ascii = new URL(`http://${domain}/`).hostname;
    for (let i = 0; i < 5; i++) await createTestClient(ctx, { ip: freshIp() }).signIn(`ghost@${domain.toUpperCase()}`, 'wrong');
    const res = await createTestClient(ctx, { ip: freshIp() }).signIn(`ghost@${ascii}`, 'wrong');
    expect(res.status).toBe(429);
  });
});

describe('the limiter under concurrency', () => {
  it('lets no more than the limit through when 60 wrong passwords arrive at once', async () => {
    const w = await seedWorld(ctx);
    const from = freshIp();
    const clients = await Promise.all(Array.from({ length: 60 }, async () => {
      const c = createTestClient(ctx, { ip: from });
      await c.api.session.$get();
      return c;
    }));
    const statuses = await Promise.all(clients.map(async (c) =>
      (await c.api.session.$post({ json: { username: w.user, password: 'wrong' } })).status as number));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(55);
    expect((await createTestClient(ctx, { ip: freshIp() }).signIn(w.user)).status).toBe(429);
  });

  it('counts per IP across accounts when they race', async () => {
    const world = await seedWorld(ctx);
    const from = freshIp();
    const names = Array.from({ length: 40 }, (_, i) => `nobody${i}@${world.domain}`);
    const statuses = await Promise.all(names.map(async (n) => (await createTestClient(ctx, { ip: from }).signIn(n, 'wrong')).status as number));
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it('gives a right password its reservation back', async () => {
    const w = await seedWorld(ctx);
    const from = freshIp();
    for (let i = 0; i < 25; i++) expect((await createTestClient(ctx, { ip: from }).signIn(w.user)).status).toBe(200);
  });
});

describe("mailcow's audit rows", () => {
  it('writes a failed sign-in as check_login / login_failed, unauthenticated', async () => {
    const w = await seedWorld(ctx);
    const from = freshIp();
    await createTestClient(ctx, { ip: from }).signIn(w.user, 'wrong');
    const rows = await ctx.deps.db.select().from(logs).where(eq(logs.remote, from));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'danger', user: 'unauthenticated', role: 'unauthenticated' });
    expect(JSON.parse(rows[0].msg!)).toBe('login_failed');
    expect(JSON.parse(rows[0].call!)).toEqual(['check_login', w.user, '*']);
  });

  it.each([
    ['user', 'user_login', 'user', ['Provider: mailcow']],
    ['admin', 'admin_login', 'admin', []],
    ['domainAdmin', 'domainadmin_login', 'domainadmin', []],
  ] as const)('writes logged_in_as for a %s, as the signed-in account', async (who, fn, role, extra) => {
    const w = await seedWorld(ctx);
    const from = freshIp();
    await createTestClient(ctx, { ip: from }).signIn(w[who], PASSWORD);
    const rows = await ctx.deps.db.select().from(logs).where(eq(logs.remote, from));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'success', user: w[who], role });
    expect(JSON.parse(rows[0].msg!)).toEqual(['logged_in_as', w[who]]);
    expect(JSON.parse(rows[0].call!)).toEqual([fn, w[who], '*', ...extra]);
  });
});
