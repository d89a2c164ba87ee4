// mailcow's rules for time-limited aliases, called on the service as other features do (the routes'
// authorisation and wire shapes are in features/aliases/aliases.test.ts).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { userAcl } from '../../db/schema/access.ts';
import { alias, aliasDomain, spamalias } from '../../db/schema/mail.ts';
import { insertMailbox } from '../lib/mailcow/provision.ts';
import { seedWorld, uid, useTestApp } from '../test/helpers.ts';
import { getAliasDefaults } from './spamalias-defaults.ts';
import type { RandomInt } from './spamalias-address.ts';
import {
  ADDRESS_ATTEMPTS, createTimeLimitedAlias, deleteTimeLimitedAlias, editTimeLimitedAlias,
  listTimeLimitedAliases,
} from './spamalias.service.ts';

import { spamaliasFixture } from '../test/spamalias-fixture.ts';

const ctx = useTestApp();
const READABLE = /^(?:[bcdfghjklmnprstvwxyz][aeiou]){1,4}\.(?:[bcdfghjklmnprstvwxyz][aeiou]){1,4}@/;
const { now, as, world, addAliasDomain, stored, auditOf, refusal } = spamaliasFixture(ctx);
const scripted = (values: number[]): RandomInt => () => values.shift() ?? 0;
const BA_BA = Array<number>(6).fill(0); // ba.ba
const CECE = Array<number>(10).fill(1); // cece.cece

describe('creating a time-limited alias', () => {
  it("uses mailcow's shape, the mailbox's domain and a year, and logs it as mailcow does", async () => {
    const w = await world();
    const created = await createTimeLimitedAlias(ctx.deps, w.alice, {});
    expect(created.address).toMatch(READABLE);
    expect(created.address.endsWith(`@${w.domain}`)).toBe(true);
    expect(created).toMatchObject({ goto: w.user, description: '', permanent: false, validity: now() + 8760 * 3600 });
    const [row] = await auditOf(created.address);
    expect(row).toMatchObject({ type: 'success', user: w.user, role: 'user', remote: '198.51.100.7', time: now() });
    expect(JSON.parse(row.msg!)).toEqual(['mailbox_modified', w.user]);
    expect(JSON.parse(row.call!)).toEqual(['mailbox', 'add', 'time_limited_alias',
      { username: w.user, domain: w.domain, description: '', validity: 8760, permanent: 0, address: created.address }, null]);
    expect(row.task).toMatch(/^[0-9A-F]{6}$/);
  });

  it.each([['1h', 1], ['1d', 24], ['1w', 168], ['1m', 744], ['1y', 8760], ['10y', 87600]] as const)('stores %s as %i hours from now', async (validity, hours) => {
    const w = await world();
    const created = await createTimeLimitedAlias(ctx.deps, w.alice, { validity, description: 'shop' });
    expect((await stored(created.address))).toMatchObject({ validity: now() + hours * 3600, permanent: 0, description: 'shop' });
  });

  it("stores a permanent one as mailcow's create does: permanent = 1 beside the default year", async () => {
    const w = await world();
    const before = now();
    const created = await createTimeLimitedAlias(ctx.deps, w.alice, { validity: 'permanent' });
    const after = now();
    expect(created).toMatchObject({ permanent: true, validity: null });
    // Read from the clock during the call: the second may turn between the call and these lines.
    const row = await stored(created.address);
    expect(row).toMatchObject({ permanent: 1 });
    expect(row.validity).toBeGreaterThanOrEqual(before + 8760 * 3600);
    expect(row.validity).toBeLessThanOrEqual(after + 8760 * 3600);
  });

  it('takes an active alias domain of the mailbox (typed in Unicode too), and nothing else', async () => {
    const w = await world();
    const ad = await addAliasDomain(w.domain);
    expect((await createTimeLimitedAlias(ctx.deps, w.alice, { domain: ad.toUpperCase() })).address.endsWith(`@${ad}`)).toBe(true);
    const id = uid();
    await ctx.deps.db.insert(aliasDomain).values({ aliasDomain: `xn--bcher-kva.${id}.test`, targetDomain: w.domain });
    expect((await createTimeLimitedAlias(ctx.deps, w.alice, { domain: `Bücher.${id}.test` })).address.endsWith(`@xn--bcher-kva.${id}.test`)).toBe(true);

    const off = await addAliasDomain(w.domain, 0);
    const other = await seedWorld(ctx);
    for (const domain of [off, other.domain, `nowhere${uid()}.test`, 'not a domain']) {
      expect(await refusal(createTimeLimitedAlias(ctx.deps, w.alice, { domain }))).toEqual({ code: 'validation_failed', issues: ['domain:invalid'] });
    }
  });

  it('refuses bad input with the fields named', async () => {
    const w = await world();
    const cases: [Record<string, unknown>, string][] = [
      [{ validity: '2y' }, 'validity:invalid'],
      [{ validity: 8760 }, 'validity:invalid'],
      [{ description: 'x'.repeat(65_536) }, 'description:too_long'],
      // Counted in bytes, as the TEXT column does: 21,846 three-byte characters are 65,538 bytes.
      [{ description: '€'.repeat(21_846) }, 'description:too_long'],
      [{ username: 'not-an-address' }, 'username:invalid'],
    ];
    for (const [input, issue] of cases) {
      expect(await refusal(createTimeLimitedAlias(ctx.deps, w.alice, input as never))).toEqual({ code: 'validation_failed', issues: [issue] });
    }
    expect((await createTimeLimitedAlias(ctx.deps, w.alice, { description: 'x'.repeat(65_535) })).description).toHaveLength(65_535);
  });

  it('never takes an address that is a mailbox, an alias, a time-limited alias, or one of them through an alias domain', async () => {
    const w = await world();
    const ad = await addAliasDomain(w.domain);
    await insertMailbox(ctx.deps.db, { localPart: 'ba.ba', domain: w.domain, passwordHash: w.hash });
    // Every candidate is ba.ba: taken as a mailbox here, so also in the alias domain (it maps there).
    for (const domain of [w.domain, ad]) {
      expect(await refusal(createTimeLimitedAlias(ctx.deps, w.alice, { domain }, { random: () => 0 }))).toEqual({ code: 'conflict', issues: [] });
    }
    // The first candidate collides, the next one is free.
    const next = await createTimeLimitedAlias(ctx.deps, w.alice, {}, { random: scripted([...BA_BA, ...CECE]) });
    expect(next.address).toBe(`cece.cece@${w.domain}`);

    const w2 = await world();
    const ad2 = await addAliasDomain(w2.domain);
    await ctx.deps.db.insert(alias).values({ address: `ba.ba@${ad2}`, goto: w2.user, domain: ad2 });
    expect(await refusal(createTimeLimitedAlias(ctx.deps, w2.alice, {}, { random: () => 0 }))).toMatchObject({ code: 'conflict' });
    expect((await createTimeLimitedAlias(ctx.deps, w2.alice, {}, { random: scripted([...CECE]) })).address).toBe(`cece.cece@${w2.domain}`);
    expect(await refusal(createTimeLimitedAlias(ctx.deps, w2.alice, { domain: ad2 }, { random: scripted([...CECE]) }))).toMatchObject({ code: 'conflict' });
  });

  it(`gives up after ${ADDRESS_ATTEMPTS} taken addresses and writes nothing`, async () => {
    const w = await world();
    let draws = 0;
    const zeros: RandomInt = () => { draws++; return 0; };
    await createTimeLimitedAlias(ctx.deps, w.alice, {}, { random: zeros });
    expect((await refusal(createTimeLimitedAlias(ctx.deps, w.alice, {}, { random: zeros }))).code).toBe('conflict');
    expect(draws).toBe(6 * (1 + ADDRESS_ATTEMPTS));
    expect((await listTimeLimitedAliases(ctx.deps, w.alice, {})).items.map((i) => i.address)).toEqual([`ba.ba@${w.domain}`]);
  });
});

describe('listing', () => {
  it('shows the usable ones newest first, pages without repeats, and searches address and description', async () => {
    const w = await world();
    const made: string[] = [];
    for (const description of ['one', 'two', 'three', 'four', 'five']) {
      made.push((await createTimeLimitedAlias(ctx.deps, w.alice, { description })).address);
      ctx.clock.advance(1000);
      await ctx.deps.db.update(spamalias).set({ created: new Date(ctx.clock.now).toISOString().slice(0, 19).replace('T', ' ') })
        .where(eq(spamalias.address, made[made.length - 1]));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listTimeLimitedAliases(ctx.deps, w.alice, { limit: 2, cursor });
      seen.push(...page.items.map((i) => i.address));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    expect((await listTimeLimitedAliases(ctx.deps, w.alice, { q: 'thr' })).items.map((i) => i.description)).toEqual(['three']);
    expect((await listTimeLimitedAliases(ctx.deps, w.alice, { q: made[0].slice(0, 6) })).items.map((i) => i.address)).toContain(made[0]);
    expect((await listTimeLimitedAliases(ctx.deps, w.alice, { q: '%' })).items).toEqual([]);
    expect(await refusal(listTimeLimitedAliases(ctx.deps, w.alice, { cursor: 'bogus' }))).toEqual({ code: 'validation_failed', issues: ['cursor:invalid'] });
  });

  it('leaves out expired ones, keeps permanent ones, and shows only the mailbox its own', async () => {
    const w = await world();
    const expired = await createTimeLimitedAlias(ctx.deps, w.alice, { validity: '1h' });
    const forever = await createTimeLimitedAlias(ctx.deps, w.alice, { validity: 'permanent' });
    const bob = await insertMailbox(ctx.deps.db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash });
    await createTimeLimitedAlias(ctx.deps, as(bob), {});
    ctx.clock.advance(3601_000);
    expect((await listTimeLimitedAliases(ctx.deps, w.alice, {})).items.map((i) => i.address)).toEqual([forever.address]);
    ctx.clock.advance(-3601_000);
    expect((await listTimeLimitedAliases(ctx.deps, w.alice, {})).items.map((i) => i.address).sort()).toEqual([expired.address, forever.address].sort());
  });
});

describe('editing and deleting', () => {
  it("extends from now, makes permanent as mailcow's edit does, and changes the description", async () => {
    const w = await world();
    const a = await createTimeLimitedAlias(ctx.deps, w.alice, { validity: '1h' });
    ctx.clock.advance(600_000);
    expect(await editTimeLimitedAlias(ctx.deps, w.alice, { address: a.address, validity: '1w' })).toMatchObject({ validity: now() + 168 * 3600, permanent: false });
    expect(await editTimeLimitedAlias(ctx.deps, w.alice, { address: a.address, validity: 'permanent' })).toMatchObject({ validity: null, permanent: true });
    expect(await stored(a.address)).toMatchObject({ permanent: 1, validity: 0 });
    expect(await editTimeLimitedAlias(ctx.deps, w.alice, { address: a.address.toUpperCase(), description: 'newsletter' }))
      .toMatchObject({ description: 'newsletter', permanent: true });
    expect(await editTimeLimitedAlias(ctx.deps, w.alice, { address: a.address, validity: '1d' })).toMatchObject({ validity: now() + 24 * 3600, permanent: false });
    const calls = (await auditOf(a.address)).map((r) => JSON.parse(r.call!));
    expect(calls.slice(1)).toEqual([
      ['mailbox', 'edit', 'time_limited_alias', { address: [a.address], validity: 168, permanent: 0 }, null],
      ['mailbox', 'edit', 'time_limited_alias', { address: [a.address], permanent: 1 }, null],
      ['mailbox', 'edit', 'time_limited_alias', { address: [a.address], description: 'newsletter' }, null],
      ['mailbox', 'edit', 'time_limited_alias', { address: [a.address], validity: 24, permanent: 0 }, null],
    ]);
    expect(await refusal(editTimeLimitedAlias(ctx.deps, w.alice, { address: a.address }))).toMatchObject({ code: 'validation_failed' });
  });

  it('deletes with an audit row; an unknown address is not found', async () => {
    const w = await world();
    const a = await createTimeLimitedAlias(ctx.deps, w.alice, {});
    await deleteTimeLimitedAlias(ctx.deps, w.alice, { address: a.address });
    expect(await stored(a.address)).toBeUndefined();
    const [, row] = await auditOf(a.address);
    expect(JSON.parse(row.call!)).toEqual(['mailbox', 'delete', 'time_limited_alias', { address: [a.address] }, null]);
    expect(JSON.parse(row.msg!)).toEqual(['mailbox_modified', w.user]);
    expect(await refusal(deleteTimeLimitedAlias(ctx.deps, w.alice, { address: a.address }))).toMatchObject({ code: 'not_found' });
  });
});

describe('who may', () => {
  it("keeps each user to their own mailbox: another's aliases are not found, their mailbox is forbidden", async () => {
    const w = await world();
    const a = await createTimeLimitedAlias(ctx.deps, w.alice, {});
    const bob = as(await insertMailbox(ctx.deps.db, { localPart: 'bob', domain: w.domain, passwordHash: w.hash }));
    expect((await refusal(editTimeLimitedAlias(ctx.deps, bob, { address: a.address, validity: '1h' }))).code).toBe('not_found');
    expect((await refusal(deleteTimeLimitedAlias(ctx.deps, bob, { address: a.address }))).code).toBe('not_found');
    expect((await refusal(listTimeLimitedAliases(ctx.deps, bob, { username: w.user }))).code).toBe('forbidden');
    expect((await refusal(createTimeLimitedAlias(ctx.deps, bob, { username: w.user }))).code).toBe('forbidden');
    expect(await stored(a.address)).toMatchObject({ goto: w.user, permanent: 0 });
  });

  it('needs user_acl.spam_alias to write, not to read', async () => {
    const w = await world();
    const a = await createTimeLimitedAlias(ctx.deps, w.alice, {});
    await ctx.deps.db.update(userAcl).set({ spamAlias: 0 }).where(eq(userAcl.username, w.user));
    expect((await refusal(createTimeLimitedAlias(ctx.deps, w.alice, {}))).code).toBe('forbidden');
    expect((await refusal(editTimeLimitedAlias(ctx.deps, w.alice, { address: a.address, validity: '1h' }))).code).toBe('forbidden');
    expect((await refusal(deleteTimeLimitedAlias(ctx.deps, w.alice, { address: a.address }))).code).toBe('forbidden');
    expect((await listTimeLimitedAliases(ctx.deps, w.alice, {})).items).toHaveLength(1);
    expect((await getAliasDefaults(ctx.deps, w.alice)).mayCreate).toBe(false);
  });

  it("lets admins and the domain's admins act for a mailbox (mailcow's username), audited as themselves", async () => {
    const w = await world();
    const da = as(w.domainAdmin, 'domain_admin');
    const made = await createTimeLimitedAlias(ctx.deps, da, { username: w.user, validity: '1d' });
    expect(made.goto).toBe(w.user);
    expect((await auditOf(made.address))[0]).toMatchObject({ user: w.domainAdmin, role: 'domainadmin' });
    const admin = as(w.admin, 'admin');
    expect((await listTimeLimitedAliases(ctx.deps, admin, { username: w.user })).items.map((i) => i.address)).toEqual([made.address]);
    await editTimeLimitedAlias(ctx.deps, admin, { address: made.address, validity: 'permanent' });
    await deleteTimeLimitedAlias(ctx.deps, da, { address: made.address });
    // Without a mailbox named, an admin has none of their own; an unknown one is not found.
    expect(await refusal(createTimeLimitedAlias(ctx.deps, admin, {}))).toEqual({ code: 'validation_failed', issues: ['username:required'] });
    expect((await refusal(createTimeLimitedAlias(ctx.deps, admin, { username: `ghost@${w.domain}` }))).code).toBe('not_found');
  });

  it("refuses a domain admin of another domain: A's mailbox is forbidden, A's aliases not found", async () => {
    const w = await world();
    const a = await createTimeLimitedAlias(ctx.deps, w.alice, {});
    const daOut = as((await seedWorld(ctx)).domainAdmin, 'domain_admin');
    expect((await refusal(createTimeLimitedAlias(ctx.deps, daOut, { username: w.user }))).code).toBe('forbidden');
    expect((await refusal(listTimeLimitedAliases(ctx.deps, daOut, { username: w.user }))).code).toBe('forbidden');
    expect((await refusal(editTimeLimitedAlias(ctx.deps, daOut, { address: a.address, validity: '1h' }))).code).toBe('not_found');
    expect((await refusal(deleteTimeLimitedAlias(ctx.deps, daOut, { address: a.address }))).code).toBe('not_found');
    expect(await stored(a.address)).toBeDefined();
  });
});
