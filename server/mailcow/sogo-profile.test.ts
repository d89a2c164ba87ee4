// SOGo's profile table where SOGo never ran: read as "unavailable", never created by Cowbell.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { seedWorld, useTestApp } from '../test/helpers.ts';
import { usePrivateDatabase } from '../test/private-database.ts';
import { readSogoDefaults, updateSogoDefaults } from './sogo-profile.service.ts';

const ctx = useTestApp({ DATABASE_URL: usePrivateDatabase() });

beforeAll(async () => {
  await ctx.deps.db.execute(sql`DROP TABLE sogo_user_profile`);
});

it('reads a missing sogo_user_profile table as unavailable and refuses to write', async () => {
  const w = await seedWorld(ctx);
  expect(await readSogoDefaults(ctx.deps.db, w.user)).toEqual({ state: 'unavailable', defaults: {} });
  await expect(updateSogoDefaults(ctx.deps, w.user, (d) => ({ ...d, X: 1 }))).rejects.toMatchObject({ code: 'conflict' });
  const [rows] = await ctx.deps.db.execute(sql`SELECT COUNT(*) AS n FROM information_schema.tables
    WHERE table_schema = DATABASE() AND table_name = 'sogo_user_profile'`);
  expect(Number((rows as unknown as { n: number }[])[0].n)).toBe(0);
});
