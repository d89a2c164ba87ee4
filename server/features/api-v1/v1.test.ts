// The /api/v1 frame: who gets in with which key, and json_api.php's answers around every family.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cowbellApiKeys } from '../../../db/schema/cowbell.ts';
import { seedWorld, useTestApp } from '../../test/helpers.ts';
import { makeMailcowKey, makeScopedKey, v1 } from '../../test/v1-harness.ts';
import { phpJson } from './php-json.ts';
import { apiLogData } from './v1-body.ts';

const ctx = useTestApp();
const version = async (res: Response) => ({ status: res.status, body: await res.text() });

describe('mailcow keys', () => {
  it('lets a key in from an allowed address and answers the version', async () => {
    const key = await makeMailcowKey(ctx, { allowFrom: '10.0.0.0/8, 192.0.2.7' });
    const res = await v1(ctx, key, { peer: '10.1.2.3' }).get('get/status/version');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ version: expect.stringMatching(/^cowbell-/) });
    expect((await v1(ctx, key, { peer: '192.0.2.7' }).get('get/status/version')).status).toBe(200);
  });

  it('refuses no key, an unknown key and a switched-off key with mailcow\'s 401', async () => {
    const off = await makeMailcowKey(ctx, { active: false });
    for (const key of [null, 'ABCDEF-ABCDEF-ABCDEF-ABCDEF-ABCDEF', off]) {
      expect(await version(await v1(ctx, key).get('get/status/version'))).toEqual({ status: 401, body: '{"type":"error","msg":"authentication failed"}' });
    }
  });

  it('refuses an address outside allow_from, naming it, unless the key skips the check', async () => {
    const key = await makeMailcowKey(ctx, { allowFrom: '127.0.0.1,2001:db8::/32' });
    expect(await version(await v1(ctx, key, { peer: '10.9.9.9' }).get('get/status/version')))
      .toEqual({ status: 401, body: '{"type":"error","msg":"api access denied for ip 10.9.9.9"}' });
    expect((await v1(ctx, key, { peer: '2001:db8::5' }).get('get/status/version')).status).toBe(200);
    const skip = await makeMailcowKey(ctx, { allowFrom: '', skipIpCheck: true });
    expect((await v1(ctx, skip, { peer: '203.0.113.9' }).get('get/status/version')).status).toBe(200);
  });

  it('strips what mailcow strips from the header before looking the key up', async () => {
    const key = await makeMailcowKey(ctx);
    expect((await v1(ctx, ` ${key}\t`).get('get/status/version')).status).toBe(200);
  });

  it('gives a read-only key 403 on every write, before anything else is looked at', async () => {
    const ro = await makeMailcowKey(ctx, { access: 'ro' });
    for (const path of ['add/mailbox', 'edit/mailbox', 'delete/mailbox', 'add/no-such-thing']) {
      expect(await version(await v1(ctx, ro).post(path, {}))).toEqual({ status: 403, body: '{"type":"error","msg":"API read\\/write access denied"}' });
    }
    expect((await v1(ctx, ro).get('get/status/version')).status).toBe(200);
  });
});

describe('json_api.php around the families', () => {
  it('answers methods, routes, bodies and browsers as mailcow does', async () => {
    const api = v1(ctx, await makeMailcowKey(ctx));
    expect(await version(await api.post('get/status/version'))).toEqual({ status: 405, body: '{"type":"error","msg":"only GET method is allowed"}' });
    expect(await version(await api.get('add/domain'))).toEqual({ status: 200, body: '{"type":"error","msg":"Cannot find attributes in post data"}' });
    expect(await version(await api.get('delete/domain'))).toEqual({ status: 200, body: '{"type":"error","msg":"Cannot find attributes in post data"}' });
    expect(await version(await api.call('PUT', 'add/domain', {}))).toEqual({ status: 405, body: '{"type":"error","msg":"only POST method is allowed"}' });
    expect(await version(await api.post('add/no-such-thing', {}))).toEqual({ status: 404, body: '{"type":"error","msg":"route not found"}' });
    expect(await version(await api.get('fly/to/the/moon'))).toEqual({ status: 404, body: '{"type":"error","msg":"route not found"}' });
    expect(await version(await api.post('add/domain', '{"domain": '))).toEqual({ status: 400, body: '{"type":"error","msg":"Request body doesn\'t contain valid json!"}' });
    const browser = await v1(ctx, await makeMailcowKey(ctx), { headers: { 'sec-fetch-dest': 'document' } }).get('get/status/version');
    expect(await version(browser)).toEqual({ status: 403, body: '' });
  });

  it('keeps each call in API_LOG with passwords masked, as mailcow does', async () => {
    const api = v1(ctx, await makeMailcowKey(ctx));
    await api.post('add/no-such-thing', { local_part: 'x', password: 'secret', password2: 'secret' });
    const [line] = await ctx.deps.redis.lrange('API_LOG', 0, 0);
    const entry = JSON.parse(line);
    expect(entry).toMatchObject({ uri: '/api/v1/add/no-such-thing', method: 'POST', remote: '127.0.0.1' });
    expect(entry.data).toBe('attr=\'{"local_part":"x","password":"*","password2":"*"}\'');
    expect(line).toContain('\\/api\\/v1\\/');
  });
});

describe('scoped keys', () => {
  it('act as their domain admin, and a read-only one cannot write', async () => {
    const w = await seedWorld(ctx);
    const { key, id } = await makeScopedKey(ctx, w.domainAdmin, { access: 'ro' });
    // A domain admin is no admin: mailcow shows the version to admins only.
    expect(await version(await v1(ctx, key).get('get/status/version'))).toEqual({ status: 200, body: '{}' });
    expect((await v1(ctx, key).post('add/mailbox', {})).status).toBe(403);
    const [row] = await ctx.deps.db.select().from(cowbellApiKeys).where(eq(cowbellApiKeys.id, id));
    expect(row.lastUsedIp).toBe('127.0.0.1');
    expect(row.lastUsedAt).not.toBeNull();
  });

  it('refuse an expired key, an address outside the list, a switched-off key or owner', async () => {
    const w = await seedWorld(ctx);
    const past = new Date(ctx.clock.now - 1000).toISOString().slice(0, 19).replace('T', ' ');
    const expired = await makeScopedKey(ctx, w.domainAdmin, { expiresAt: past });
    expect(await version(await v1(ctx, expired.key).get('get/status/version'))).toEqual({ status: 401, body: '{"type":"error","msg":"api key expired"}' });
    const listed = await makeScopedKey(ctx, w.domainAdmin, { allowFrom: '192.0.2.0/24' });
    expect((await v1(ctx, listed.key, { peer: '198.51.100.1' }).get('get/status/version')).status).toBe(401);
    expect((await v1(ctx, listed.key, { peer: '192.0.2.44' }).get('get/status/version')).status).toBe(200);
    const off = await makeScopedKey(ctx, w.domainAdmin, { active: false });
    expect((await v1(ctx, off.key).get('get/status/version')).status).toBe(401);
    const owner = await makeScopedKey(ctx, w.admin);
    expect((await v1(ctx, owner.key).get('get/status/version')).status).toBe(401); // an admin row is no domain admin
  });
});

describe('PHP JSON', () => {
  it('escapes slashes and non-ASCII as json_encode does, and masks only password-like keys', () => {
    expect(phpJson({ a: 'x/y', b: 'ä😀' })).toBe('{"a":"x\\/y","b":"\\u00e4\\ud83d\\ude00"}');
    expect(phpJson({ a: ['ä'] }, { pretty: true, unescapedUnicode: true })).toBe('{\n    "a": [\n        "ä"\n    ]\n}');
    expect(apiLogData({ items: '["a"]', attr: '{"passwd":"p","name":"n"}', csrf_token: 't' })).toBe('items=\'["a"]\', attr=\'{"passwd":"*","name":"n"}\'');
    // A DKIM private key pasted into add/dkim_import stays out of the log every admin reads.
    expect(apiLogData({ attr: '{"domain":"a.test","private_key_file":"-----BEGIN PRIVATE KEY-----x","client_secret":"s"}' }))
      .toBe('attr=\'{"domain":"a.test","private_key_file":"*","client_secret":"*"}\'');
  });
});
