// Managing password-manager tokens from the app, and the rules around them.
import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cowbellAliasTokens } from '../../../db/schema/cowbell.ts';
import { mailbox } from '../../../db/schema/mail.ts';
import { keys } from '../../lib/redis-keys.ts';
import { insertMailbox } from '../../lib/mailcow/provision.ts';
import { createTimeLimitedAlias, listTimeLimitedAliases } from '../../mailcow/spamalias.service.ts';
import { createTestClient, fromSocket, seedWorld, useTestApp } from '../../test/helpers.ts';
import { siteOf } from './alias-api.service.ts';
import { MAX_TOKENS_PER_USER } from './alias-tokens.service.ts';

const ctx = useTestApp();

async function signedInUser() {
  const w = await seedWorld(ctx);
  const client = createTestClient(ctx);
  expect((await client.signIn(w.user)).status).toBe(200);
  const create = (name = 'Bitwarden', validity: 'permanent' | '1y' = 'permanent') => client.api['alias-tokens'].$post({ json: { name, validity } });
  const list = async () => (await (await client.api['alias-tokens'].$get()).json()).tokens;
  return { w, client, create, list };
}

const useToken = (secret: string) => ctx.app.request('http://cowbell.test/api/alias/random/new?hostname=example.com', {
  method: 'POST', headers: { authentication: secret, 'content-type': 'application/json' }, body: '{}',
}, fromSocket(`2001:db8:${randomBytes(2).toString('hex')}::1`));

describe('tokens', () => {
  it('are shown once and kept only as their SHA-256', async () => {
    const { create, list } = await signedInUser();
    const res = await create('Bitwarden on my phone');
    expect(res.status).toBe(201);
    const { token, secret } = await res.json();
    expect(secret).toMatch(/^cwb_[A-Za-z0-9_-]{43}$/);
    expect(token).toEqual({ id: expect.any(Number), name: 'Bitwarden on my phone', validity: 'permanent', created: expect.any(String), lastUsedAt: null });
    const listed = await list();
    expect(listed).toEqual([token]);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(4));
    const [row] = await ctx.deps.db.select().from(cowbellAliasTokens).where(eq(cowbellAliasTokens.id, token.id));
    expect(row.tokenHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(Object.values(row).some((v) => typeof v === 'string' && v.includes(secret.slice(4)))).toBe(false);
  });

  it('record their last use, cheaply: the first use of each minute writes it', async () => {
    const { create, list } = await signedInUser();
    const { token, secret } = await (await create()).json();
    expect((await useToken(secret)).status).toBe(201);
    expect((await list())[0].lastUsedAt).toEqual(expect.any(String));
    // Within the minute no further write: a value set by hand stays.
    await ctx.deps.db.update(cowbellAliasTokens).set({ lastUsedAt: '2001-01-01 00:00:00' }).where(eq(cowbellAliasTokens.id, token.id));
    expect((await useToken(secret)).status).toBe(201);
    expect((await list())[0].lastUsedAt).toBe('2001-01-01 00:00:00');
    // A new minute (its counter gone): written again.
    await ctx.deps.redis.del(keys.aliasTokenUses(token.id));
    expect((await useToken(secret)).status).toBe(201);
    expect((await list())[0].lastUsedAt).not.toBe('2001-01-01 00:00:00');
  });

  it('are revoked at once, and only by their owner', async () => {
    const a = await signedInUser();
    const b = await signedInUser();
    const { token, secret } = await (await a.create()).json();
    expect((await useToken(secret)).status).toBe(201);
    expect((await b.client.api['alias-tokens'][':id'].$delete({ param: { id: String(token.id) } })).status).toBe(404);
    expect((await useToken(secret)).status).toBe(201);
    expect((await a.client.api['alias-tokens'][':id'].$delete({ param: { id: String(token.id) } })).status).toBe(204);
    expect((await useToken(secret)).status).toBe(401);
    expect(await a.list()).toEqual([]);
    expect((await a.client.api['alias-tokens'][':id'].$delete({ param: { id: String(token.id) } })).status).toBe(404);
  });

  it('are kept per user', async () => {
    const a = await signedInUser();
    const b = await signedInUser();
    await a.create('mine');
    expect(await b.list()).toEqual([]);
  });

  it('need a name and one of mailcow\'s validities, and number at most MAX_TOKENS_PER_USER', async () => {
    const { client, create } = await signedInUser();
    expect((await create('  ')).status).toBe(400);
    expect((await create('x'.repeat(101))).status).toBe(400);
    expect((await client.api['alias-tokens'].$post({ json: { name: 'n', validity: '2d' as '1y' } })).status).toBe(400);
    expect((await client.api['alias-tokens'][':id'].$delete({ param: { id: 'abc' } })).status).toBe(400);
    for (let i = 0; i < MAX_TOKENS_PER_USER; i++) expect((await create(`t${i}`, '1y')).status).toBe(201);
    const refused = await create('one too many');
    expect(refused.status).toBe(409);
  });

  it('survive the owner signing in again with a new password (like app passwords)', async () => {
    const { w, create } = await signedInUser();
    const { secret } = await (await create()).json();
    const hash = await ctx.deps.hasher.hash('Another-Horse-7');
    await ctx.deps.db.update(mailbox).set({ password: hash }).where(eq(mailbox.username, w.user));
    expect((await useToken(secret)).status).toBe(201);
  });
});

describe('the time-limited alias service, called with a token', () => {
  it("refuses to create or list for another mailbox than the token's owner", async () => {
    const w = await seedWorld(ctx);
    const other = await insertMailbox(ctx.deps.db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
    const token = { kind: 'alias_token' as const, username: w.user, role: 'user' as const, ip: '192.0.2.1' };
    await expect(createTimeLimitedAlias(ctx.deps, token, { username: other })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listTimeLimitedAliases(ctx.deps, token, { username: other })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await createTimeLimitedAlias(ctx.deps, token, { description: 'mine' })).goto).toBe(w.user);
  });
});

describe('siteOf', () => {
  it.each([
    ['example.com', 'Website: other.example. Generated by Bitwarden.', 'example.com'],
    [undefined, 'Website: shop.example.co.uk. Generated by Bitwarden.', 'shop.example.co.uk'],
    ['', 'Generated by Bitwarden.', 'Generated by Bitwarden.'],
    [undefined, 'Webseite: a.example. Generiert von Bitwarden.', 'Webseite: a.example. Generiert von Bitwarden.'],
    [' x.example\n', null, 'x.example'],
    [undefined, 'line\u2028break\u0000', 'line break'],
    [undefined, undefined, ''],
  ])('(%j, %j) → %j', (hostname, note, site) => expect(siteOf(hostname, note)).toBe(site));

  it('keeps at most 255 characters', () => expect(siteOf('a'.repeat(300), null)).toHaveLength(255));
});
