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
