// The admin mailbox list's sorts, filters and keyset pages (ties across a page break included), its
// usage and last sign-in columns, and the bad queries it refuses.
import { describe, expect, it } from 'vitest';
import { saslLog } from '../../../db/schema/audit.ts';
import { cowbellMailboxSort } from '../../../db/schema/cowbell.ts';
import { mailbox, quota2 } from '../../../db/schema/mail.ts';
import { eq } from 'drizzle-orm';
import { insertDomain, insertMailbox } from '../../lib/mailcow/provision.ts';
import { seedWorld, signedInClient, uid, useTestApp, type SignedInClient } from '../../test/helpers.ts';
import { refreshMailboxSort } from '../../mailcow/mailbox-sort-copy.ts';

const ctx = useTestApp();
const { db } = ctx.deps;

const signedIn = (name: string) => signedInClient(ctx, name);
type Client = SignedInClient;
const list = (client: Client, query: Record<string, string>) => client.api.admin.mailboxes.$get({ query });

/** Every page of a query, following nextCursor. */
async function allPages(client: Client, query: Record<string, string>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await list(client, { ...query, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    const page = await res.json();
    seen.push(...page.items.map((m) => m.username));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

/** A domain of five mailboxes: two share a name, two share a used size, one is disallowed, one off. */
async function world() {
  const w = await seedWorld(ctx);
  const box = (localPart: string, name: string, active: 0 | 1 | 2 = 1, quotaMiB = 100) =>
    insertMailbox(db, { localPart, domain: w.domain, passwordHash: w.hash, name, active, quotaBytes: quotaMiB * 1048576 });
  const b = await box('b', 'Same', 2, 300);
  const c = await box('c', 'Same', 0, 200);
  const d = await box('d', 'Anna', 1, 300);
  const used = async (u: string, bytes: number) => db.update(quota2).set({ bytes, messages: bytes / 10 }).where(eq(quota2.username, u));
  await used(b, 500);
  await used(c, 500);
  await used(d, 900);
  return { ...w, b, c, d };
}

describe('admin mailbox list', () => {
  it('sorts by each key both ways, breaking ties by address, and pages through them with the cursor', async () => {
    const w = await world();
    const admin = await signedIn(w.admin);
    const q = { domain: w.domain, limit: '2' };
    // alice: name 'alice', 3072 MiB, 0 bytes.
    expect(await allPages(admin, { ...q, sort: 'name' })).toEqual([w.user, w.d, w.b, w.c]);
    expect(await allPages(admin, { ...q, sort: 'name', dir: 'desc' })).toEqual([w.c, w.b, w.d, w.user]);
    expect(await allPages(admin, { ...q, sort: 'used' })).toEqual([w.user, w.b, w.c, w.d]);
    expect(await allPages(admin, { ...q, sort: 'used', dir: 'desc' })).toEqual([w.d, w.c, w.b, w.user]);
    expect(await allPages(admin, { ...q, sort: 'quota', limit: '1' })).toEqual([w.c, w.b, w.d, w.user]);
    expect(await allPages(admin, { ...q, sort: 'username', dir: 'desc' })).toEqual([w.d, w.c, w.b, w.user]);
    expect(await allPages(admin, { ...q, sort: 'domain', limit: '3' })).toEqual([w.user, w.b, w.c, w.d]);
  });

  it('filters by state and search, and carries usage, the last sign-in per service and the rate limit in force', async () => {
    const w = await world();
    await db.insert(saslLog).values([
      { service: 'imap', username: w.d, realRip: '192.0.2.1', datetime: '2026-01-02 10:00:00' },
      { service: 'imap', username: w.d, realRip: '192.0.2.2', datetime: '2026-01-03 10:00:00' },
      { service: 'SSO', username: w.d, realRip: '192.0.2.1', datetime: '2026-01-01 09:00:00' },
      { service: 'smtp', username: w.b, realRip: '192.0.2.1', datetime: '2026-01-04 08:00:00' },
    ]);
    await ctx.deps.redis.hset('RL_VALUE', w.domain, '20 / 1d', w.b, '5 / 1m');
    const da = await signedIn(w.domainAdmin);
    const page = async (query: Record<string, string>) => (await (await list(da, query)).json()).items;
    expect((await page({ state: '2' })).map((m) => [m.username, m.rateLimit])).toEqual([[w.b, { value: 5, frame: 'm', scope: 'mailbox' }]]);
    expect((await page({ state: '0' })).map((m) => m.username)).toEqual([w.c]);
    expect((await page({ state: '1', q: 'anna' })).map((m) => m.username)).toEqual([w.d]);
    const [d] = await page({ q: 'anna' });
    expect(d).toEqual({ username: w.d, name: 'Anna', domain: w.domain, active: 1, quota: 300 * 1048576, bytes: 900, messages: 90,
      lastLogin: { imap: '2026-01-03 10:00:00', pop3: null, smtp: null, web: '2026-01-01 09:00:00' }, rateLimit: { value: 20, frame: 'd', scope: 'domain' } });
  });

  it('sorts across domains by name, quota and use along Cowbell\'s copy, which follows changes when refreshed', async () => {
    const w = await world();
    const admin = await signedIn(w.admin);
    // The search narrows to this world (other test files' mailboxes share the table); no domain filter.
    const q = { q: w.domain, limit: '2' };
    await refreshMailboxSort(db, [w.user, w.b, w.c, w.d]);
    expect(await allPages(admin, { ...q, sort: 'name' })).toEqual([w.user, w.d, w.b, w.c]);
    expect(await allPages(admin, { ...q, sort: 'used', dir: 'desc' })).toEqual([w.d, w.c, w.b, w.user]);
    expect(await allPages(admin, { ...q, sort: 'quota', limit: '1' })).toEqual([w.c, w.b, w.d, w.user]);
    // mailcow renames one and deletes another: a gone mailbox is never listed, the order follows on refresh.
    await db.update(mailbox).set({ name: 'Zora' }).where(eq(mailbox.username, w.d));
    await db.delete(mailbox).where(eq(mailbox.username, w.c));
    expect(await allPages(admin, { ...q, sort: 'name' })).toEqual([w.user, w.d, w.b]);
    expect(await refreshMailboxSort(db)).toMatchObject({ removed: expect.any(Number) });
    expect(await allPages(admin, { ...q, sort: 'name' })).toEqual([w.user, w.b, w.d]);
    expect(await db.select().from(cowbellMailboxSort).where(eq(cowbellMailboxSort.username, w.c))).toEqual([]);
    // A mailbox Cowbell makes is in the order at once, not a minute later; one it deletes leaves it.
    const made = (await admin.api.admin.mailboxes.$post({ json: { localPart: 'aaron', domain: w.domain, name: 'Aaron' } }));
    expect(made.status).toBe(201);
    expect(await allPages(admin, { ...q, sort: 'name' })).toEqual([`aaron@${w.domain}`, w.user, w.b, w.d]);
    expect((await admin.api.admin.mailboxes[':username'].$delete({ param: { username: `aaron@${w.domain}` } })).status).toBe(200);
    expect(await db.select().from(cowbellMailboxSort).where(eq(cowbellMailboxSort.username, `aaron@${w.domain}`))).toEqual([]);
  });

  it('keeps a domain admin to their domains whatever the sort', async () => {
    const w = await world();
    const other = await seedWorld(ctx);
    const da = await signedIn(w.domainAdmin);
    for (const sort of ['name', 'used', 'domain'] as const) {
      const seen = await allPages(da, { sort, limit: '3', ...(sort === 'domain' ? {} : { domain: w.domain }) });
      expect(seen).not.toContain(other.user);
      expect(seen).toHaveLength(4);
      if (sort !== 'domain') expect(await allPages(da, { sort, domain: other.domain })).toEqual([]);
    }
    // Across domains, along Cowbell's copy: still only theirs.
    await refreshMailboxSort(db, [w.user, w.b, w.c, w.d, other.user]);
    const across = await allPages(da, { sort: 'name', limit: '3' });
    expect(across).not.toContain(other.user);
    expect(across).toHaveLength(4);
  });

  it('refuses bad sorts, states and cursors, and a cursor of another sort or direction', async () => {
    const w = await world();
    const admin = await signedIn(w.admin);
    const first = await (await list(admin, { domain: w.domain, sort: 'name', limit: '1' })).json();
    expect(first.nextCursor).toBeTruthy();
    for (const query of [{ sort: 'password' }, { state: '3' }, { dir: 'up' }, { cursor: 'not-a-cursor' }, { cursor: first.nextCursor!, sort: 'used' },
      { cursor: first.nextCursor!, sort: 'name', dir: 'desc' }, { cursor: Buffer.from('["name","asc",5,"x"]').toString('base64url'), sort: 'name' }] as Record<string, string>[]) {
      const res = await list(admin, { domain: w.domain, ...query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect((await res.json() as unknown as { error: { code: string } }).error.code).toBe('validation_failed');
    }
  });
});

describe('domains with statistics', () => {
  it('counts mailboxes, aliases, quotas and usage, and says which limits are exhausted', async () => {
    const w = await world();
    const name = `x${uid()}.test`;
    await insertDomain(db, name);
    const admin = await signedIn(w.admin);
    const domains = (await (await admin.api.admin.domains.$get()).json()).domains;
    const mine = domains.find((d) => d.name === w.domain)!;
    expect(mine).toMatchObject({ mailboxes: 4, maxMailboxes: 10, quotaAllocated: (3072 + 800) * 1048576, quota: 10240 * 1048576, bytes: 1900, messages: 190,
      limitsExhausted: [] });
    expect(domains.find((d) => d.name === name)).toMatchObject({ mailboxes: 0, aliases: 0, bytes: 0, limitsExhausted: [] });
    await admin.api.admin.domains[':domain'].$patch({ param: { domain: w.domain }, json: { mailboxes: 4, aliases: 0 } });
    const after = (await (await admin.api.admin.domains.$get()).json()).domains.find((d) => d.name === w.domain)!;
    expect(after.limitsExhausted).toEqual(['mailboxes', 'aliases']);
  });
});
