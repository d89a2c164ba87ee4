// The domains and mailboxes behind the admin area's filters and lists, in each actor's scope.
import { describe, expect, it } from 'vitest';
import { aliasDomain } from '../../../db/schema/mail.ts';
import { insertDomain, insertMailbox } from '../../lib/mailcow/provision.ts';
import { seedWorld, signedInClient, uid, useTestApp, type SignedInClient } from '../../test/helpers.ts';

const ctx = useTestApp();
const { db } = ctx.deps;

const signedIn = (name: string) => signedInClient(ctx, name);
type Client = SignedInClient;
const domains = async (client: Client) => (await (await client.api.admin.domains.$get()).json()).domains;
const mailboxes = async (client: Client, query: Record<string, string>) => (await (await client.api.admin.mailboxes.$get({ query })).json());

describe('domains in scope', () => {
  it('lists a domain admin\'s domains with their alias domains and mailbox counts, an admin\'s all', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const alias = `a${uid()}.test`;
    await db.insert(aliasDomain).values({ aliasDomain: alias, targetDomain: w.domain });
    await insertMailbox(db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
    const da = await signedIn(w.domainAdmin);
    expect(await domains(da)).toEqual([expect.objectContaining({ name: w.domain, active: true, mailboxes: 2, aliasDomains: [alias] })]);
    expect((await (await da.api.admin['domain-names'].$get()).json()).domains).toEqual([{ name: w.domain, active: true, aliasDomains: [alias] }]);
    const all = await domains(await signedIn(w.admin));
    expect(all.map((d) => d.name)).toEqual(expect.arrayContaining([w.domain, other.domain]));
    expect(all.map((d) => d.name)).toEqual([...all.map((d) => d.name)].sort());
  });
});

describe('mailboxes in scope', () => {
  it('pages a domain admin\'s mailboxes by address, and finds them by part of the address or name', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const second = `s${uid()}.test`;
    await insertDomain(db, second);
    const bob = await insertMailbox(db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash, name: 'Robert Builder' });
    const carol = await insertMailbox(db, { localPart: 'carol', domain: w.domain, passwordHash: w.hash });
    const da = await signedIn(w.domainAdmin);
    const first = await mailboxes(da, { limit: '2' });
    expect(first.items.map((m) => m.username)).toEqual([w.user, bob]);
    const rest = await mailboxes(da, { limit: '2', cursor: first.nextCursor! });
    expect(rest).toEqual({ items: [expect.objectContaining({ username: carol, name: 'carol', domain: w.domain, active: 1 })], nextCursor: null });
    expect((await mailboxes(da, { q: 'builder' })).items.map((m) => m.username)).toEqual([bob]);
    expect((await mailboxes(da, { q: 'car' })).items.map((m) => m.username)).toEqual([carol]);
    expect((await mailboxes(da, { q: '%' })).items).toEqual([]);
    // Another domain, by filter or by search, is not in this domain admin's scope.
    expect((await mailboxes(da, { domain: other.domain })).items).toEqual([]);
    expect((await mailboxes(da, { q: other.user })).items).toEqual([]);
    const admin = await signedIn(w.admin);
    expect((await mailboxes(admin, { domain: other.domain })).items.map((m) => m.username)).toEqual([other.user]);
    expect((await mailboxes(admin, { q: other.user })).items.map((m) => m.username)).toEqual([other.user]);
  });

  it('refuses mailbox users and answers bad input with validation_failed', async () => {
    const w = await seedWorld(ctx);
    const user = await signedIn(w.user);
    expect((await user.api.admin.mailboxes.$get({ query: {} })).status).toBe(403);
    expect((await user.api.admin.domains.$get()).status).toBe(403);
    const admin = await signedIn(w.admin);
    expect((await admin.api.admin.mailboxes.$get({ query: { limit: '1000' } })).status).toBe(400);
  });
});
