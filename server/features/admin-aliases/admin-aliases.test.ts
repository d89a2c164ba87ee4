// The admin alias routes through the typed client: the list (scope, search, filter, both sorts, keyset
// pages), several addresses at once, bulk actions, and the edge's answers to bad input.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { alias, aliasDomain } from '../../../db/schema/mail.ts';
import { seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { signedInClient } from '../../test/webauthn-fixture.ts';

const ctx = useTestApp();
const { db } = ctx.deps;

const signedIn = (name: string) => signedInClient(ctx, name);
type Client = Awaited<ReturnType<typeof signedIn>>;
const list = async (client: Client, query: Record<string, string>) => (await client.api.admin.aliases.$get({ query })).json();
/** Every page, following the cursor. */
async function allPages(client: Client, query: Record<string, string>) {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(client, { ...query, limit: '2', ...(cursor ? { cursor } : {}) });
    out.push(...page.items.map((a) => a.address));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe('the alias list', () => {
  it('pages by address or domain either way, searches address and targets, and keeps to the viewer\'s domains', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const ad = `ad${uid()}.test`;
    await db.insert(aliasDomain).values({ aliasDomain: ad, targetDomain: w.domain });
    await db.insert(alias).values([
      { address: `b@${w.domain}`, goto: w.user, domain: w.domain }, { address: `a@${w.domain}`, goto: 'spam@localhost', domain: w.domain },
      { address: `c@${ad}`, goto: `${w.user},far@example.org`, domain: ad }, { address: `x@${other.domain}`, goto: other.user, domain: other.domain },
    ]);
    const da = await signedIn(w.domainAdmin);
    // The mailbox's own row (address = goto) is no alias.
    expect(await allPages(da, {})).toEqual([`a@${w.domain}`, `b@${w.domain}`, `c@${ad}`].sort());
    expect(await allPages(da, { dir: 'desc' })).toEqual([`a@${w.domain}`, `b@${w.domain}`, `c@${ad}`].sort().reverse());
    // By domain, then oldest first within one (the domain index's order).
    const byDomain = [ad, w.domain].sort()[0] === ad ? [`c@${ad}`, `b@${w.domain}`, `a@${w.domain}`] : [`b@${w.domain}`, `a@${w.domain}`, `c@${ad}`];
    expect(await allPages(da, { sort: 'domain' })).toEqual(byDomain);
    expect(await allPages(da, { sort: 'domain', dir: 'desc' })).toEqual([...byDomain].reverse());
    expect(await allPages(da, { q: 'far@' })).toEqual([`c@${ad}`]);
    expect(await allPages(da, { domain: ad })).toEqual([`c@${ad}`]);
    expect(await allPages(da, { domain: other.domain })).toEqual([]);
    expect(await allPages(da, { q: 'x@' })).toEqual([]);
    const admin = await signedIn(w.admin);
    expect(await allPages(admin, { domain: other.domain })).toEqual([`x@${other.domain}`]);
    const [first] = (await list(da, { q: `b@${w.domain}` })).items;
    expect(first).toMatchObject({ goto: [w.user], active: true, catchAll: false });
    expect((await da.api.admin.aliases.$get({ query: { sort: 'goto' as 'address', limit: '1000' } })).status).toBe(400);
    // A cursor that is not one of this order is refused, not taken for page one (a client would loop).
    for (const cursor of ['not-a-cursor', Buffer.from('["a"]').toString('base64url')]) {
      expect((await da.api.admin.aliases.$get({ query: { sort: 'domain', cursor } })).status).toBe(400);
    }
    expect((await (await signedIn(w.user)).api.admin.aliases.$get({ query: {} })).status).toBe(403);
  });
});

describe('several aliases at once', () => {
  it('makes each address it may and says why it refused the others', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const da = await signedIn(w.domainAdmin);
    const res = await da.api.admin.aliases.$post({ json: {
      addresses: `one@${w.domain}\nTWO@${w.domain}, ${w.user}; x@${other.domain} @${w.domain}`, goto: w.user, publicComment: 'hi',
    } });
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results.map((r) => [r.address, 'alias' in r ? 'made' : r.error.code])).toEqual([
      [`one@${w.domain}`, 'made'], [`two@${w.domain}`, 'made'], [w.user, 'validation_failed'], [`x@${other.domain}`, 'forbidden'], [`@${w.domain}`, 'made'],
    ]);
    expect(await db.$count(alias, eq(alias.address, `two@${w.domain}`))).toBe(1);
    const bad = await da.api.admin.aliases.$post({ json: { addresses: ['not an address', `ok@${w.domain}`], goto: 'nope', extra: 1 } as never });
    expect(bad.status).toBe(400);
    const body = await bad.json() as unknown as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(['', 'addresses.0', 'goto.0']);
  });
});

describe('editing, deleting and bulk actions', () => {
  it('edits and deletes by id within scope, and acts on a selection one by one', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const [mine, theirs, also] = await Promise.all([`m@${w.domain}`, `t@${other.domain}`, `n@${w.domain}`].map(async (address) =>
      (await db.insert(alias).values({ address, goto: w.user, domain: address.split('@')[1] }).$returningId())[0].id));
    const da = await signedIn(w.domainAdmin);
    const edited = await da.api.admin.aliases[':id'].$patch({ param: { id: String(mine) }, json: { gotoSpam: true, sogoVisible: false } });
    expect(edited.status).toBe(200);
    expect((await edited.json()).alias).toMatchObject({ goto: ['spam@localhost'], sogoVisible: false });
    expect((await da.api.admin.aliases[':id'].$patch({ param: { id: String(theirs) }, json: { active: false } })).status).toBe(404);
    expect((await da.api.admin.aliases[':id'].$patch({ param: { id: 'x' }, json: {} })).status).toBe(400);
    const bulk = await da.api.admin.aliases.bulk.$post({ json: { ids: [mine, theirs], action: 'deactivate' } });
    expect((await bulk.json()).results).toEqual([{ id: mine }, { id: theirs, error: expect.objectContaining({ code: 'not_found' }) }]);
    expect((await db.select({ a: alias.active }).from(alias).where(eq(alias.id, mine)))[0].a).toBe(0);
    const gone = await da.api.admin.aliases.bulk.$post({ json: { ids: [mine, also], action: 'delete' } });
    expect((await gone.json()).results).toEqual([{ id: mine }, { id: also }]);
    expect((await da.api.admin.aliases[':id'].$delete({ param: { id: String(mine) } })).status).toBe(404);
    expect((await da.api.admin.aliases.bulk.$post({ json: { ids: [], action: 'nuke' as 'delete' } })).status).toBe(400);
  });
});

describe('the alias-domain routes', () => {
  it('list the viewer\'s alias domains and answer bad names per field', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const [mine, theirs] = [`m${uid()}.test`, `t${uid()}.test`];
    await db.insert(aliasDomain).values([{ aliasDomain: mine, targetDomain: w.domain }, { aliasDomain: theirs, targetDomain: other.domain }]);
    const da = await signedIn(w.domainAdmin);
    const page = await (await da.api.admin['alias-domains'].$get({ query: {} })).json();
    expect(page.items.map((d) => d.aliasDomain)).toEqual([mine]);
    const admin = await signedIn(w.admin);
    const bad = await admin.api.admin['alias-domains'].$post({ json: { aliasDomain: 'no domain', targetDomain: w.domain, keySize: 5 as 1024 } });
    expect(bad.status).toBe(400);
    expect((await bad.json() as unknown as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path).sort()).toEqual(['aliasDomain', 'keySize']);
    const made = await admin.api.admin['alias-domains'].$post({ json: { aliasDomain: `Straße-${uid()}.test`, targetDomain: w.domain } });
    expect(made.status).toBe(201);
    const name = (await made.json()).aliasDomain.aliasDomain;
    expect(name).toMatch(/^xn--/);
    expect((await admin.api.admin['alias-domains'][':aliasDomain'].$patch({ param: { aliasDomain: name }, json: { active: false } })).status).toBe(200);
    expect((await admin.api.admin['alias-domains'][':aliasDomain'].$delete({ param: { aliasDomain: name } })).status).toBe(200);
  });
});
