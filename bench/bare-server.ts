// The baseline: a bare Hono route on the same runtime, no middleware, no Redis.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/bare', (c) => c.json({ session: null }));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) },
  (info) => console.log(`listening on http://${info.address}:${info.port}`));
