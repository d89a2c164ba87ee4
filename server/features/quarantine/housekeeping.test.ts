import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowbellQuarantineItems } from '../../../db/schema/cowbell.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { seedWorld, useTestApp } from '../../test/helpers.ts';
import { usePrivateDatabase } from '../../test/private-database.ts';
import { enableQuarantine, quarantineItem } from '../../test/quarantine-helpers.ts';
import { deleteAged, pruneIndex } from './quarantine-index.ts';

// Its own database: other files' sync rounds would otherwise tidy the index before housekeeping does.
const ctx = useTestApp({ DATABASE_URL: usePrivateDatabase() }, 13);
beforeAll(() => enableQuarantine(ctx));

const exists = async (id: number) => (await ctx.deps.db.select().from(quarantine).where(eq(quarantine.id, id))).length > 0;
const indexed = async (id: number) => (await ctx.deps.db.select().from(cowbellQuarantineItems).where(eq(cowbellQuarantineItems.id, id))).length > 0;

describe('quarantine housekeeping', () => {
  it('deletes rows older than Q_MAX_AGE days (365 when unset or not positive) and keeps younger ones', async () => {
    const w = await seedWorld(ctx);
    const old = await quarantineItem(ctx, w.user);
    const young = await quarantineItem(ctx, w.user);
    await ctx.deps.db.update(quarantine).set({ created: sql`NOW() - INTERVAL 400 DAY` }).where(eq(quarantine.id, old.id));
    await ctx.deps.db.update(quarantine).set({ created: sql`NOW() - INTERVAL 30 DAY` }).where(eq(quarantine.id, young.id));
    await ctx.deps.redis.set('Q_MAX_AGE', '500');
    await deleteAged(ctx.deps.db, ctx.deps.redis);
    expect(await exists(old.id)).toBe(true);
    await ctx.deps.redis.set('Q_MAX_AGE', '0');
    await deleteAged(ctx.deps.db, ctx.deps.redis);
    expect([await exists(old.id), await exists(young.id)]).toEqual([false, true]);
  });

  it('drops index rows whose quarantine row mailcow deleted', async () => {
    const w = await seedWorld(ctx);
    const gone = await quarantineItem(ctx, w.user);
    const kept = await quarantineItem(ctx, w.user);
    await ctx.deps.db.delete(quarantine).where(eq(quarantine.id, gone.id));
    expect(await pruneIndex(ctx.deps.db)).toBeGreaterThanOrEqual(1);
    expect([await indexed(gone.id), await indexed(kept.id)]).toEqual([false, true]);
  });
});
