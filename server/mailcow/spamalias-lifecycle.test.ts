// Time-limited aliases over time: the choices a user's new aliases remember, and mailcow's daily cleanup.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cowbellAliasDefaults } from '../../db/schema/cowbell.ts';
import { aliasDomain, mailbox, spamalias } from '../../db/schema/mail.ts';
import { insertMailbox } from '../lib/mailcow/provision.ts';
import { uid, useTestApp } from '../test/helpers.ts';
import { getAliasDefaults, setAliasDefaults } from './spamalias-defaults.ts';
import { spamaliasFixture } from '../test/spamalias-fixture.ts';
import { cleanUpTimeLimitedAliases, createTimeLimitedAlias, editTimeLimitedAlias } from './spamalias.service.ts';

const ctx = useTestApp();
const { now, as, world, addAliasDomain, stored, refusal } = spamaliasFixture(ctx);

describe('remembered defaults', () => {
  it('are used when a request names no domain or validity, and fall back when the domain is gone', async () => {
    const w = await world();
    const ad = await addAliasDomain(w.domain);
    expect(await getAliasDefaults(ctx.deps, w.alice)).toEqual({ domain: w.domain, validity: '1y', domains: [w.domain, ad], mayCreate: true });
    expect(await setAliasDefaults(ctx.deps, w.alice, { domain: ad, validity: '1w' })).toMatchObject({ domain: ad, validity: '1w' });
    const made = await createTimeLimitedAlias(ctx.deps, w.alice, {});
    expect(made.address.endsWith(`@${ad}`)).toBe(true);
    expect(made.validity).toBe(now() + 168 * 3600);
    await ctx.deps.db.update(aliasDomain).set({ active: 0 }).where(eq(aliasDomain.aliasDomain, ad));
    expect(await getAliasDefaults(ctx.deps, w.alice)).toMatchObject({ domain: w.domain, validity: '1w', domains: [w.domain] });
    expect(await refusal(setAliasDefaults(ctx.deps, w.alice, { domain: ad }))).toEqual({ code: 'validation_failed', issues: ['domain:invalid'] });
    expect(await refusal(setAliasDefaults(ctx.deps, w.alice, {}))).toMatchObject({ code: 'validation_failed' });
    expect((await refusal(getAliasDefaults(ctx.deps, as(w.admin, 'admin')))).code).toBe('forbidden');
  });
});

describe('the daily cleanup', () => {
  // Expiry is set in the past rather than the clock moved on: the cleanup covers the whole shared
  // database, and must not take the rows other test files are still using.
  it("deletes what mailcow's clean_spamalias deletes, and the defaults of deleted mailboxes", async () => {
    const w = await world();
    const [gone, kept, forever] = await Promise.all([
      createTimeLimitedAlias(ctx.deps, w.alice, { validity: '1h' }),
      createTimeLimitedAlias(ctx.deps, w.alice, { validity: '1d' }),
      createTimeLimitedAlias(ctx.deps, w.alice, { validity: '1h' }),
    ]);
    await editTimeLimitedAlias(ctx.deps, w.alice, { address: forever.address, validity: 'permanent' });
    await ctx.deps.db.update(spamalias).set({ validity: now() - 1 }).where(eq(spamalias.address, gone.address));
    const leaver = await insertMailbox(ctx.deps.db, { localPart: `x${uid()}`, domain: w.domain, passwordHash: w.hash });
    await setAliasDefaults(ctx.deps, as(leaver), { validity: '1d' });
    await setAliasDefaults(ctx.deps, w.alice, { validity: '1d' });
    await ctx.deps.db.delete(mailbox).where(eq(mailbox.username, leaver));
    const result = await cleanUpTimeLimitedAliases(ctx.deps);
    expect(result.expired).toBeGreaterThanOrEqual(1);
    expect(result.orphanedDefaults).toBeGreaterThanOrEqual(1);
    expect(await stored(gone.address)).toBeUndefined();
    // permanent = 1 with validity 0 (mailcow's edit) is long past, and stays.
    for (const a of [kept, forever]) expect(await stored(a.address)).toBeDefined();
    expect(await ctx.deps.db.select().from(cowbellAliasDefaults).where(eq(cowbellAliasDefaults.username, leaver))).toEqual([]);
    expect(await ctx.deps.db.select().from(cowbellAliasDefaults).where(eq(cowbellAliasDefaults.username, w.user))).toHaveLength(1);
  });
});
