// The aliases API over the typed client: time-limited aliases end to end, who is refused what, and
// every address that reaches a mailbox (reference 5.3).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { userAcl } from '../../../db/schema/access.ts';
import { alias, aliasDomain, spamalias } from '../../../db/schema/mail.ts';
import { insertMailbox } from '../../lib/mailcow/provision.ts';
import { createTestClient, seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import type { InboundAddress } from './aliases.schema.ts';

const ctx = useTestApp();

async function signedIn(username: string) {
  const client = createTestClient(ctx);
  expect((await client.signIn(username)).status).toBe(200);
  return client.api.aliases;
}

async function world() {
  const w = await seedWorld(ctx);
  const bob = await insertMailbox(ctx.deps.db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
  return { ...w, bob, api: await signedIn(w.user) };
}

const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: { code: string; issues: { path: string }[] } }).error });

describe('time-limited aliases over the API', () => {
  it('creates, lists, extends, describes and deletes', async () => {
    const w = await world();
    const defaultsRes = await w.api.defaults.$get();
    // The server's own time is told on this path only (the bench reads it).
    expect(defaultsRes.headers.get('server-timing')).toBeNull();
    const defaults = await defaultsRes.json();
    expect(defaults).toEqual({ domain: w.domain, validity: '1y', domains: [w.domain], mayCreate: true });

    const res = await w.api['time-limited'].$post({ json: { description: 'shop', validity: '1w' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('server-timing')).toMatch(/^total;dur=\d+(\.\d+)?;desc="Cowbell"$/);
    const made = await res.json();
    expect(made).toMatchObject({ goto: w.user, description: 'shop', permanent: false });
    expect(made.address).toMatch(new RegExp(`^[a-z]+\\.[a-z]+@${w.domain.replace(/\./g, '\\.')}$`));

    expect((await (await w.api['time-limited'].$get({ query: {} })).json()).items.map((i) => i.address)).toEqual([made.address]);
    const param = { address: made.address };
    const edited = await (await w.api['time-limited'][':address'].$patch({ param, json: { validity: 'permanent', description: 'shop2' } })).json();
    expect(edited).toMatchObject({ permanent: true, validity: null, description: 'shop2' });
    expect((await w.api['time-limited'][':address'].$delete({ param })).status).toBe(204);
    expect((await (await w.api['time-limited'].$get({ query: {} })).json()).items).toEqual([]);
  });

  it('refuses bad input: unknown or foreign domains, validities not offered, a description over the limit', async () => {
    const w = await world();
    const other = await seedWorld(ctx);
    for (const domain of [`nowhere${uid()}.test`, other.domain]) {
      expect(await errorOf(await w.api['time-limited'].$post({ json: { domain } }))).toMatchObject({ status: 400, code: 'validation_failed', issues: [{ path: 'domain' }] });
    }
    expect(await errorOf(await w.api['time-limited'].$post({ json: { validity: '2h' as '1h' } }))).toMatchObject({ status: 400, issues: [{ path: 'validity' }] });
    // mailcow's limit is its TEXT column (64 KiB); a body that large is stopped before it is read.
    expect(await errorOf(await w.api['time-limited'].$post({ json: { description: 'x'.repeat(70_000) } }))).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(await errorOf(await w.api['time-limited'][':address'].$patch({ param: { address: 'nope' }, json: { validity: '1d' } }))).toMatchObject({ status: 400, issues: [{ path: 'address' }] });
    expect(await errorOf(await w.api.defaults.$put({ json: { domain: other.domain } }))).toMatchObject({ status: 400, issues: [{ path: 'domain' }] });
    expect((await w.api['time-limited'].$get({ query: { limit: '500' } })).status).toBe(400);
  });

  it("never lets user B see or touch user A's aliases", async () => {
    const w = await world();
    const made = await (await w.api['time-limited'].$post({ json: {} })).json();
    const b = await signedIn(w.bob);
    const param = { address: made.address };
    expect((await b['time-limited'][':address'].$patch({ param, json: { validity: '1h' } })).status).toBe(404);
    expect((await b['time-limited'][':address'].$delete({ param })).status).toBe(404);
    expect((await b['time-limited'].$get({ query: { username: w.user } })).status).toBe(403);
    expect((await b.$get({ query: { username: w.user } })).status).toBe(403);
    expect((await b['time-limited'].$post({ json: { username: w.user } })).status).toBe(403);
    expect((await (await b['time-limited'].$get({ query: {} })).json()).items).toEqual([]);
    expect((await (await b.$get({ query: { kind: 'time_limited' } })).json()).items).toEqual([]);
    const [row] = await ctx.deps.db.select().from(spamalias).where(eq(spamalias.address, made.address));
    expect(row).toMatchObject({ goto: w.user, permanent: 0 });
  });

  it('refuses a user without the spam_alias ACL, and says so in the defaults', async () => {
    const w = await world();
    await ctx.deps.db.update(userAcl).set({ spamAlias: 0 }).where(eq(userAcl.username, w.user));
    expect(await errorOf(await w.api['time-limited'].$post({ json: {} }))).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await w.api['time-limited'].$get({ query: {} })).status).toBe(200);
    expect((await (await w.api.defaults.$get()).json()).mayCreate).toBe(false);
  });

  it("refuses a domain admin of another domain acting for A, and lets A's own act", async () => {
    const w = await world();
    const made = await (await w.api['time-limited'].$post({ json: {} })).json();
    const out = await signedIn((await seedWorld(ctx)).domainAdmin);
    expect((await out['time-limited'].$post({ json: { username: w.user } })).status).toBe(403);
    expect((await out['time-limited'][':address'].$delete({ param: { address: made.address } })).status).toBe(404);
    expect((await out.defaults.$get()).status).toBe(403);
    const own = await signedIn(w.domainAdmin);
    expect((await own['time-limited'].$post({ json: { username: w.user, validity: '1d' } })).status).toBe(201);
    expect((await own['time-limited'].$post({ json: {} })).status).toBe(400);
  });
});

describe('every address that reaches me', () => {
  async function addresses(api: Awaited<ReturnType<typeof signedIn>>, query: Record<string, string> = {}) {
    const res = await api.$get({ query });
    expect(res.status).toBe(200);
    return res.json();
  }

  it('lists direct, shared and catch-all aliases, alias-domain addresses and time-limited aliases, and nothing else', async () => {
    const w = await world();
    const d = w.domain;
    const ad = `a${uid()}.test`;
    await ctx.deps.db.insert(aliasDomain).values({ aliasDomain: ad, targetDomain: d, active: 0 });
    await ctx.deps.db.insert(alias).values([
      { address: `sales@${d}`, goto: w.user, domain: d, publicComment: 'Sales', active: 1 },
      { address: `old@${d}`, goto: w.user, domain: d, active: 0 },
      { address: `team@${d}`, goto: `${w.bob},${w.user},x@elsewhere.test`, domain: d, publicComment: 'Team', active: 1 },
      { address: `@${d}`, goto: `${w.user},${w.bob}`, domain: d, active: 1 },
      // Not A's: B's alone, and a goto that only contains A's address as part of another.
      { address: `bobs@${d}`, goto: w.bob, domain: d, active: 1 },
      { address: `near@${d}`, goto: `x${w.user},${w.user}x`, domain: d, active: 1 },
    ]);
    const tl = await (await w.api['time-limited'].$post({ json: { description: 'Shop' } })).json();
    const expired = await (await w.api['time-limited'].$post({ json: {} })).json();
    await ctx.deps.db.update(spamalias).set({ validity: Math.floor(ctx.clock.now / 1000) - 1 }).where(eq(spamalias.address, expired.address));

    const { items, nextCursor } = await addresses(w.api);
    expect(nextCursor).toBeNull();
    const byAddress = (list: InboundAddress[]) => Object.fromEntries(list.map((i) => [i.address, i]));
    const none = { otherRecipients: [], expires: null };
    expect(byAddress(items)).toEqual({
      [`@${d}`]: { address: `@${d}`, kind: 'catch_all', description: '', active: true, otherRecipients: [w.bob], expires: null },
      [`alice@${ad}`]: { address: `alice@${ad}`, kind: 'alias_domain', description: '', active: false, ...none },
      [`old@${d}`]: { address: `old@${d}`, kind: 'direct', description: '', active: false, ...none },
      [`sales@${d}`]: { address: `sales@${d}`, kind: 'direct', description: 'Sales', active: true, ...none },
      [`team@${d}`]: { address: `team@${d}`, kind: 'shared', description: 'Team', active: true, otherRecipients: [w.bob, 'x@elsewhere.test'], expires: null },
      [tl.address]: { address: tl.address, kind: 'time_limited', description: 'Shop', active: true, otherRecipients: [], expires: tl.validity },
    });
    expect(items.map((i) => i.address)).toEqual(Object.keys(byAddress(items)).sort());

    expect((await addresses(w.api, { q: 'sale' })).items.map((i) => i.address)).toEqual([`sales@${d}`]);
    expect((await addresses(w.api, { q: 'shop' })).items.map((i) => i.kind)).toEqual(['time_limited']);
    expect((await addresses(w.api, { kind: 'shared' })).items.map((i) => i.address)).toEqual([`team@${d}`]);
    expect((await addresses(await signedIn(w.bob), { kind: 'direct' })).items.map((i) => i.address)).toEqual([`bobs@${d}`]);
  });

  it('pages by address without repeats or gaps, and refuses a forged cursor', async () => {
    const w = await world();
    const d = w.domain;
    await ctx.deps.db.insert(alias).values(Array.from({ length: 7 }, (_, i) => ({ address: `p${i}@${d}`, goto: w.user, domain: d })));
    await ctx.deps.db.insert(aliasDomain).values({ aliasDomain: `a${uid()}.test`, targetDomain: d });
    await w.api['time-limited'].$post({ json: {} });
    const all = (await addresses(w.api)).items.map((i) => `${i.address} ${i.kind}`);
    expect(all).toHaveLength(9);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: InboundAddress[]; nextCursor: string | null } = await addresses(w.api, { limit: '2', ...(cursor ? { cursor } : {}) });
      paged.push(...page.items.map((i) => `${i.address} ${i.kind}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(await errorOf(await w.api.$get({ query: { cursor: 'eyJ4Ijo' } }))).toMatchObject({ status: 400, issues: [{ path: 'cursor' }] });
  });

  it("shows an admin a mailbox's addresses when named, and needs the name", async () => {
    const w = await world();
    await ctx.deps.db.insert(alias).values({ address: `info@${w.domain}`, goto: w.user, domain: w.domain });
    const admin = await signedIn(w.admin);
    expect((await addresses(admin, { username: w.user })).items.map((i) => i.address)).toEqual([`info@${w.domain}`]);
    expect(await errorOf(await admin.$get({ query: {} }))).toMatchObject({ status: 400, issues: [{ path: 'username' }] });
  });
});
