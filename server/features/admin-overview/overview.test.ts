// The overview's quarantine figures: in the actor's scope, today, the last seven days and per action,
// counted on Cowbell's index through indexes that read only those days.
import { inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import { aliasDomain } from '../../../db/schema/mail.ts';
import { createTestClient, seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { enableQuarantine, mailcowQuarantines, quarantineItem } from '../../test/quarantine-helpers.ts';
import { syncQuarantineIndex } from '../quarantine/quarantine-index.ts';

const ctx = useTestApp({ QUARANTINE_SYNC_MS: '0' }, 4);
const { db } = ctx.deps;
beforeAll(() => enableQuarantine(ctx));

async function overviewAs(name: string) {
  const client = createTestClient(ctx);
  expect((await client.signIn(name)).status).toBe(200);
  const res = await client.api.admin.overview.$get();
  expect(res.status).toBe(200);
  return (await res.json()).quarantine;
}

const age = (ids: number[], days: number) => db.update(items).set({ created: sql`NOW() - INTERVAL ${days} DAY` }).where(inArray(items.id, ids));

/** A world with items of each action: 2 reject and 1 add header now, 1 rewrite subject 2 days ago, 1 reject 10 days ago. */
async function worldWithItems() {
  const w = await seedWorld(ctx);
  await quarantineItem(ctx, w.user);
  await quarantineItem(ctx, w.user);
  await quarantineItem(ctx, w.user, { action: 'add header' });
  await age([(await quarantineItem(ctx, w.user, { action: 'rewrite subject' })).id], 2);
  await age([(await quarantineItem(ctx, w.user)).id], 10);
  return w;
}

const EXPECTED = {
  today: 3, week: 4,
  byAction: [{ action: 'reject', today: 2, week: 2 }, { action: 'add header', today: 1, week: 1 }, { action: 'rewrite subject', today: 0, week: 1 }],
};

describe('quarantine counts on the overview', () => {
  it('counts a domain admin\'s domains only: today, the last seven days, and per action', async () => {
    const w = await worldWithItems();
    await worldWithItems();
    expect(await overviewAs(w.domainAdmin)).toEqual(EXPECTED);
  });

  it('counts the alias domains on a domain admin\'s domains too', async () => {
    const w = await worldWithItems();
    const alias = `a${uid()}.test`;
    await db.insert(aliasDomain).values({ aliasDomain: alias, targetDomain: w.domain });
    await mailcowQuarantines(db, `alice@${alias}`);
    await syncQuarantineIndex(db);
    expect(await overviewAs(w.domainAdmin)).toMatchObject({ today: 4, week: 5 });
  });

  it('counts every domain for an admin', async () => {
    const w = await worldWithItems();
    const other = await worldWithItems();
    // Other files add items meanwhile: an admin's figures include at least both worlds'.
    const counts = await overviewAs(w.admin);
    expect(counts.today).toBeGreaterThanOrEqual(2 * EXPECTED.today);
    expect(counts.week).toBeGreaterThanOrEqual(2 * EXPECTED.week);
    expect(counts.week).toBeGreaterThanOrEqual(counts.today);
    counts.byAction.forEach((a, i) => expect(a.week).toBeGreaterThanOrEqual(2 * EXPECTED.byAction[i].week));
    expect(await overviewAs(other.domainAdmin)).toEqual(EXPECTED);
  });

  it('shows nothing to a domain admin without domains', async () => {
    const w = await seedWorld(ctx);
    await quarantineItem(ctx, w.user);
    const { insertDomainAdmin } = await import('../../lib/mailcow/provision.ts');
    const lonely = `da${uid()}`;
    await insertDomainAdmin(db, lonely, w.hash, []);
    expect(await overviewAs(lonely)).toEqual({ today: 0, week: 0,
      byAction: EXPECTED.byAction.map((a) => ({ ...a, today: 0, week: 0 })) });
  });
});
