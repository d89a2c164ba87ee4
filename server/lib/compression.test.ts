// JSON answers compressed per request: the client's preferred coding above a small size, nothing
// else touched (tiny answers, event streams, answers that say no-transform).
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestClient, seedWorld, useTestApp } from '../test/helpers.ts';
import { enableQuarantine, quarantineItem } from '../test/quarantine-helpers.ts';
import { COMPRESS_MIN_BYTES, compressJson, encodeJson, pickCoding } from './compression.ts';

// Not the Redis database of a file that switches the quarantine off (demo-quarantine.test.ts, 2).
const ctx = useTestApp({}, 12);
beforeAll(() => enableQuarantine(ctx));
const CHROMIUM = 'gzip, deflate, br, zstd';

describe('which coding a client gets', () => {
  it.each([
    [CHROMIUM, 'br'], ['gzip, deflate', 'gzip'], ['br;q=0.5, gzip', 'gzip'], ['gzip;q=0.5, br;q=0.5', 'br'],
    ['br;q=0, gzip;q=0', null], ['*', 'br'], ['identity', null], ['', null], [undefined, null],
  ])('Accept-Encoding %j → %s', (header, coding) => {
    expect(pickCoding(header)).toBe(coding);
  });
});

describe('JSON answers', () => {
  it('a list page goes out in brotli or gzip as accepted, the same JSON once decoded, and says it varies', async () => {
    const w = await seedWorld(ctx);
    for (let i = 0; i < 8; i++) await quarantineItem(ctx, w.user, { subject: `Offer ${i}` });
    const client = createTestClient(ctx);
    await client.signIn(w.user);
    const list = (encoding?: string) => client.api.quarantine.$get({ query: {} }, { headers: encoding ? { 'accept-encoding': encoding } : {} });
    const plain = await list();
    const text = await plain.text();
    expect(text.length).toBeGreaterThan(COMPRESS_MIN_BYTES);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');

    const br = await list(CHROMIUM);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('content-type')).toMatch(/^application\/json/);
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(Number(br.headers.get('content-length'))).toBe(brBody.length);
    expect(brBody.length).toBeLessThan(text.length / 3);
    expect(JSON.parse(brotliDecompressSync(brBody).toString())).toEqual(JSON.parse(text));

    const gz = await list('gzip, deflate');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString())).toEqual(JSON.parse(text));
  });

  it('a small answer goes as it is', async () => {
    const res = await ctx.app.request('/api/health', { headers: { 'accept-encoding': CHROMIUM } });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('vary')).toBeNull();
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('event streams, no-transform answers and HEAD requests pass untouched', async () => {
    const big = { filler: 'x'.repeat(4 * COMPRESS_MIN_BYTES) };
    const app = new Hono().use(compressJson())
      .get('/events', (c) => streamSSE(c, async (s) => { await s.writeSSE({ data: JSON.stringify(big) }); }))
      .get('/no-transform', (c) => c.json(big, 200, { 'cache-control': 'no-transform' }))
      .get('/json', (c) => c.json(big));
    const headers = { 'accept-encoding': CHROMIUM };
    const events = await app.request('/events', { headers });
    expect(events.headers.get('content-encoding')).toBeNull();
    expect(await events.text()).toContain(big.filler);
    const kept = await app.request('/no-transform', { headers });
    expect(kept.headers.get('content-encoding')).toBeNull();
    expect(await kept.json()).toEqual(big);
    expect((await app.request('/json', { method: 'HEAD', headers })).headers.get('content-encoding')).toBeNull();
    expect((await app.request('/json', { headers })).headers.get('content-encoding')).toBe('br');
  });
});

describe('a route that encodes its own JSON text (mailcow\'s /api/v1)', () => {
  it('answers as compressJson would, and compressJson leaves it as it is', async () => {
    const text = JSON.stringify({ filler: 'y'.repeat(4 * COMPRESS_MIN_BYTES) });
    const app = new Hono<{ Variables: { encoded?: boolean } }>().use(compressJson()).get('/own', async (c) => {
      const { body, headers } = await encodeJson(text, c.req.header('accept-encoding'));
      c.set('encoded', true);
      return c.body(body, 200, { 'content-type': 'application/json', ...headers });
    });
    const gz = await app.request('/own', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toBe('Accept-Encoding');
    const body = Buffer.from(await gz.arrayBuffer());
    expect(Number(gz.headers.get('content-length'))).toBe(body.length);
    expect(gunzipSync(body).toString()).toBe(text);
    const plain = await app.request('/own');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(text);
    const small = await encodeJson('{}', 'br');
    expect(small.headers).toEqual({ 'content-length': '2' });
  });
});
