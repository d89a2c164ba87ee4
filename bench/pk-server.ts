// The baseline for the list figures: one primary-key lookup per request (a quarantine row, or a
// mailbox of the admin list's bench domain), on the same runtime, database and pool size as Cowbell.
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { createDb } from '../db/client.ts';
import { mailbox } from '../db/schema/mail.ts';
import { quarantine } from '../db/schema/quarantine.ts';
import { ADMIN_BENCH_MAILBOXES, benchUser } from './admin-mailboxes.ts';

const { db } = createDb(process.env.DATABASE_URL!);
const top = Number(process.env.BENCH_MAX_ID ?? 1000);
const app = new Hono().get('/pk', async (c) => {
  const id = 1 + Math.floor(Math.random() * top);
  const [row] = await db.select({ id: quarantine.id, subject: quarantine.subject, sender: quarantine.sender })
    .from(quarantine).where(eq(quarantine.id, id));
  return c.json(row ?? null);
}).get('/mailbox', async (c) => {
  const [row] = await db.select({ username: mailbox.username, name: mailbox.name, quota: mailbox.quota, active: mailbox.active })
    .from(mailbox).where(eq(mailbox.username, benchUser(Math.floor(Math.random() * ADMIN_BENCH_MAILBOXES))));
  return c.json(row ?? null);
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) },
  (info) => console.log(`listening on http://${info.address}:${info.port}`));
