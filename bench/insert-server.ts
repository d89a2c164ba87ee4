// The baseline for the alias-creation figure: the one write every new alias needs, a single INSERT of
// a spamalias row (an address of mailcow's shape, for the bench mailbox), behind a bare Hono route that
// takes the same request. Same runtime, database and pool size as Cowbell; no token, no checks, no audit.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createDb } from '../db/client.ts';
import { spamalias } from '../db/schema/mail.ts';
import { cryptoRandomInt, isDuplicateKey, readableLocalPart } from '../server/mailcow/spamalias-address.ts';

const { db } = createDb(process.env.DATABASE_URL!);
const goto = process.env.BENCH_ALIAS_GOTO!;
const domain = goto.split('@')[1];
const YEAR = 365 * 24 * 3600;
const app = new Hono().post('/api/alias/random/new', async (c) => {
  const { note } = await c.req.json<{ note?: string }>();
  // Short local parts repeat within a few thousand (a one-syllable pair is one in 16 of 10,000): a taken one is drawn again, as Cowbell does.
  for (;;) {
    const address = `${readableLocalPart(cryptoRandomInt)}@${domain}`;
    try {
      await db.insert(spamalias).values({ address, goto, description: c.req.query('hostname') ?? note ?? '',
        validity: Math.floor(Date.now() / 1000) + YEAR, permanent: 1 });
      return c.json({ alias: address }, 201);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) },
  (info) => console.log(`listening on http://${info.address}:${info.port}`));
