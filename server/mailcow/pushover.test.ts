import { createServer, type Server } from 'node:http';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userAcl } from '../../db/schema/access.ts';
import { logs } from '../../db/schema/audit.ts';
import { pushover } from '../../db/schema/quarantine.ts';
import { insertMailbox } from '../lib/mailcow/provision.ts';
import { listenOnFreePort } from '../test/fakes.ts';
import { createTestClient, seedWorld, useTestApp } from '../test/helpers.ts';
import { checkPhpRegex } from './pushover-regex.ts';
import { cleanSenders } from './pushover.service.ts';

const ctx = useTestApp({ PUSHOVER_TIMEOUT_MS: '300' });

const KEY = 'u'.repeat(15) + '1234567890abcde';
const TOKEN = 'a'.repeat(10) + 'B'.repeat(10) + '0123456789';
const GOOD = { key: KEY, token: TOKEN };

/** Pushover's validate.json: status 1 for GOOD, status 0 naming the bad field otherwise; `hang` never answers. */
const fake = { calls: [] as URLSearchParams[], hang: false, server: null as Server | null };
beforeAll(async () => {
  fake.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      if (fake.hang) return;
      const form = new URLSearchParams(body);
      fake.calls.push(form);
      const send = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.url !== '/1/users/validate.json' || req.method !== 'POST') return send(404, { status: 0 });
      if (form.get('token') !== TOKEN) return send(400, { token: 'invalid', errors: ['application token is invalid'], status: 0 });
      if (form.get('user') !== KEY) return send(400, { user: 'invalid', errors: ['user key is invalid'], status: 0 });
      return send(200, { status: 1, group: 0, devices: ['phone'] });
    });
  });
  const port = await listenOnFreePort(fake.server);
  // The app was built before the fake had a port; the env is read per request.
  ctx.deps.env.PUSHOVER_API_URL = `http://127.0.0.1:${port}`;
});
afterAll(() => { fake.server?.closeAllConnections(); fake.server?.close(); });

async function user() {
  const w = await seedWorld(ctx);
  const client = createTestClient(ctx);
  await client.signIn(w.user);
  return { w, client };
}

const settings = { ...GOOD, title: 'New mail', text: 'From {SENDER}', senders: '', sendersRegex: '', evaluateXPrio: true, onlyXPrio: false, sound: 'bugle' as const, active: true };

describe('pushover settings', () => {
  it("stores the user's own row as mailcow does, with an audit row that hides the credentials", async () => {
    const { w, client } = await user();
    expect(await (await client.api.pushover.$get()).json()).toEqual({ settings: null, mayEdit: true });
    const res = await client.api.pushover.$put({ json: { ...settings, senders: 'A.B@gmail.com; x@example.org,not-an-address\nc@d.test' } });
    expect(res.status).toBe(200);
    const [row] = await ctx.deps.db.select().from(pushover).where(eq(pushover.username, w.user));
    expect(row).toMatchObject({ key: KEY, token: TOKEN, title: 'New mail', text: 'From {SENDER}', senders: 'AB@gmail.com,x@example.org,c@d.test', sendersRegex: '', active: 1 });
    expect(JSON.parse(row.attributes!)).toEqual({ evaluate_x_prio: '1', only_x_prio: '0', sound: 'bugle' });
    expect((await res.json()).settings).toMatchObject({ senders: 'AB@gmail.com,x@example.org,c@d.test', sound: 'bugle', evaluateXPrio: true });
    const [log] = await ctx.deps.db.select().from(logs).where(and(eq(logs.user, w.user), like(logs.call, '["pushover","edit"%')));
    expect(log.type).toBe('success');
    expect(JSON.parse(log.msg!)).toEqual(['pushover_settings_edited', w.user]);
    expect(JSON.parse(log.call!)[2]).toMatchObject({ key: '*', token: '*', sound: 'bugle' });
    expect(log.call).not.toContain(KEY);
    expect((await client.api.pushover.$delete()).status).toBe(204);
    expect(await ctx.deps.db.select().from(pushover).where(eq(pushover.username, w.user))).toEqual([]);
  });

  it("never shows or changes another user's row", async () => {
    const { w, client } = await user();
    await client.api.pushover.$put({ json: settings });
    const bob = await insertMailbox(ctx.deps.db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
    const b = createTestClient(ctx);
    await b.signIn(bob);
    expect(await (await b.api.pushover.$get()).json()).toEqual({ settings: null, mayEdit: true });
    await b.api.pushover.$put({ json: { ...settings, title: 'Bob' } });
    await b.api.pushover.$delete();
    const [row] = await ctx.deps.db.select().from(pushover).where(eq(pushover.username, w.user));
    expect(row.title).toBe('New mail');
  });

  it('refuses a user without the pushover ACL, and admins', async () => {
    const { w, client } = await user();
    await ctx.deps.db.update(userAcl).set({ pushover: 0 }).where(eq(userAcl.username, w.user));
    expect(await (await client.api.pushover.$get()).json()).toMatchObject({ mayEdit: false });
    expect((await client.api.pushover.$put({ json: settings })).status).toBe(403);
    expect((await client.api.pushover.verify.$post({ json: GOOD })).status).toBe(403);
    expect(await ctx.deps.db.select().from(pushover).where(eq(pushover.username, w.user))).toEqual([]);
    const admin = createTestClient(ctx);
    await admin.signIn(w.admin);
    expect((await admin.api.pushover.$get()).status).toBe(403);
  });

  it('refuses bad keys, tokens and regexes, each under its field with the reason', async () => {
    const { client } = await user();
    const issues = async (json: Record<string, unknown>) => {
      const res = await client.api.pushover.$put({ json: { ...settings, ...json } });
      expect(res.status).toBe(400);
      return ((await res.json()) as unknown as { error: { issues: { path: string; message: string }[] } }).error.issues;
    };
    expect(await issues({ key: 'short' })).toEqual([expect.objectContaining({ path: 'key' })]);
    expect(await issues({ token: `${'a'.repeat(29)}-` })).toEqual([expect.objectContaining({ path: 'token' })]);
    expect(await issues({ sendersRegex: '/(foo/' })).toEqual([expect.objectContaining({ path: 'sendersRegex', message: expect.stringMatching(/^Compilation failed: /) })]);
    expect(await issues({ sendersRegex: 'foo' })).toEqual([expect.objectContaining({ message: 'Delimiter must not be alphanumeric, backslash, or NUL' })]);
    expect(await issues({ sendersRegex: '/foo/c' })).toEqual([expect.objectContaining({ message: "Unknown modifier 'c'" })]);
    expect(await issues({ sound: 'klaxon' })).toEqual([expect.objectContaining({ path: 'sound' })]);
  });

  it('accepts the regexes PHP accepts', () => {
    for (const ok of ['/@example\\.com$/i', '#^a++b(?>c)$#', '{^x(?P<n>y)}', '~ a b # comment\n c ~x', '/\\A(?i)boss@x\\.test\\z/']) expect(checkPhpRegex(ok), ok).toBeNull();
    expect(checkPhpRegex('/abc')).toBe("No ending delimiter '/' found");
    expect(checkPhpRegex('(abc')).toBe("No ending matching delimiter ')' found");
  });

  it("cleans senders as mailcow: split, invalid dropped, gmail dots removed", () => {
    expect(cleanSenders(' a@b.test ,,;\nfoo bar@baz.test first.last@gmail.com x.y@example.com')).toBe('a@b.test,bar@baz.test,firstlast@gmail.com,x.y@example.com');
    expect(cleanSenders('nothing here')).toBe('');
  });
});

describe('verify credentials', () => {
  it('maps answers from Pushover to closed reasons', async () => {
    const { client } = await user();
    const verify = async (json: { key: string; token: string }) => (await client.api.pushover.verify.$post({ json })).json();
    expect(await verify(GOOD)).toEqual({ ok: true });
    expect(fake.calls.at(-1)?.get('user')).toBe(KEY);
    expect(await verify({ ...GOOD, key: 'x'.repeat(30) })).toEqual({ ok: false, reason: 'invalid_user' });
    expect(await verify({ ...GOOD, token: 'x'.repeat(30) })).toEqual({ ok: false, reason: 'invalid_token' });
  });

  it('says timeout when Pushover hangs and unreachable when nothing listens', async () => {
    const { client } = await user();
    const base = ctx.deps.env.PUSHOVER_API_URL;
    fake.hang = true;
    try {
      expect(await (await client.api.pushover.verify.$post({ json: GOOD })).json()).toEqual({ ok: false, reason: 'timeout' });
    } finally {
      fake.hang = false;
    }
    ctx.deps.env.PUSHOVER_API_URL = 'http://127.0.0.1:9';
    try {
      expect(await (await client.api.pushover.verify.$post({ json: GOOD })).json()).toEqual({ ok: false, reason: 'unreachable' });
    } finally {
      ctx.deps.env.PUSHOVER_API_URL = base;
    }
  });
});
