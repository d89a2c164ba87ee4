import { eq } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { createDb } from './client.ts';
import { templates } from './schema/mail.ts';

const { db, pool } = createDb(process.env.DATABASE_URL!, 1);
afterAll(() => pool.end());

it("returns mailcow's JSON columns as strings, exactly as stored", async () => {
  const json = '{"quarantine_notification":"hourly","force_pw_update":"0"}';
  const [res] = await db.insert(templates).values({ template: 'Default', type: 'mailbox', attributes: json });
  const [row] = await db.select().from(templates).where(eq(templates.id, res.insertId));
  expect(typeof row.attributes).toBe('string');
  expect(JSON.parse(row.attributes!)).toEqual(JSON.parse(json));
  expect(typeof row.created).toBe('string');
});

it('reads dates as strings without the per-field typeCast drizzle sends with every query', async () => {
  // Drizzle's typeCast only turns DATE, DATETIME and TIMESTAMP into strings; dateStrings does that.
  // The pool drizzle was given (db.$client), not the raw one createDb hands back for closing.
  const [rows] = await (db as unknown as { $client: typeof pool }).$client.query({ sql: "SELECT NOW() AS now, DATE('2026-12-01') AS day, 1 AS n",
    typeCast: () => { throw new Error('a typeCast function reached mysql2'); } } as never);
  const [row] = rows as unknown as { now: unknown; day: unknown; n: unknown }[];
  expect(row).toEqual({ now: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), day: '2026-12-01', n: 1 });
  const [viaDrizzle] = await db.select({ created: templates.created }).from(templates).limit(1);
  expect(typeof viaDrizzle.created).toBe('string');
});

it('keeps transactions and connections working through the pool it wraps', async () => {
  const created = await db.transaction(async (tx) => {
    const [res] = await tx.insert(templates).values({ template: 'In a transaction', type: 'mailbox', attributes: '{}' });
    return res.insertId;
  });
  const [row] = await db.select().from(templates).where(eq(templates.id, created));
  expect(row.template).toBe('In a transaction');
});
