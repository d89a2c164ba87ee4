// The built client as the server sends it: the build's brotli or gzip copy when the browser takes it
// (with the original's type), the original otherwise, and Vary on both.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressDir } from '../../vite-precompress.ts';
import { createApp } from '../app.ts';
import { useTestApp } from '../test/helpers.ts';
import { CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY } from './security-headers.ts';

const ctx = useTestApp();
const dist = mkdtempSync(join(tmpdir(), 'cowbell-dist-'));
const app = createApp(ctx.deps, { staticDir: dist });
const CHROMIUM = 'gzip, deflate, br, zstd';
const script = `export const greeting = ${JSON.stringify('hello '.repeat(400))};\n`;
const shell = `<!doctype html><html><head><title>Cowbell</title></head><body>${'<div></div>'.repeat(100)}</body></html>`;

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  mkdirSync(join(dist, 'icons'));
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), script);
  writeFileSync(join(dist, 'assets', 'tiny-abc123.js'), 'x');
  writeFileSync(join(dist, 'index.html'), shell);
  writeFileSync(join(dist, 'sw.js'), script);
  writeFileSync(join(dist, 'icons', 'icon.png'), Buffer.alloc(2048, 1));
  await compressDir(dist);
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const get = (path: string, acceptEncoding?: string) =>
  app.request(path, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('static files', () => {
  it('the build writes a brotli and a gzip copy of each compressible file, not of images or files too small to gain', () => {
    expect(brotliDecompressSync(readFileSync(join(dist, 'assets', 'app-abc123.js.br'))).toString()).toBe(script);
    expect(gunzipSync(readFileSync(join(dist, 'index.html.gz'))).toString()).toBe(shell);
    expect(() => readFileSync(join(dist, 'assets', 'tiny-abc123.js.br'))).toThrow();
    expect(() => readFileSync(join(dist, 'icons', 'icon.png.br'))).toThrow();
  });

  it('sends Chromium the brotli copy with the original type, its length and Vary', async () => {
    const res = await get('/assets/app-abc123.js', CHROMIUM);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = await bytes(res);
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    expect(body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(body).toString()).toBe(script);
  });

  it('sends gzip to a client without brotli, and the original (still with Vary) to one that takes neither', async () => {
    const gz = await get('/assets/app-abc123.js', 'gzip, deflate');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(await bytes(gz)).toString()).toBe(script);
    const plain = await get('/assets/app-abc123.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    expect((await bytes(plain)).toString()).toBe(script);
  });

  it('compresses the app shell on every route, and the service worker without letting it go stale', async () => {
    const page = await get('/quarantine/12', CHROMIUM);
    expect(page.headers.get('content-encoding')).toBe('br');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(brotliDecompressSync(await bytes(page)).toString()).toBe(shell);
    const sw = await get('/sw.js', CHROMIUM);
    expect(sw.headers.get('content-encoding')).toBe('br');
    expect(sw.headers.get('cache-control')).toBe('no-cache');
  });

  it('spares scripts and styles the document-only headers; the shell and the service worker keep them', async () => {
    const script = await get('/assets/app-abc123.js', CHROMIUM);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    for (const name of ['content-security-policy', 'x-frame-options', 'permissions-policy', 'cross-origin-opener-policy']) {
      expect(script.headers.get(name), name).toBeNull();
    }
    for (const path of ['/', '/sw.js']) {
      const res = await get(path, CHROMIUM);
      expect(res.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('permissions-policy'), path).toBe(PERMISSIONS_POLICY);
    }
  });

  it('leaves images and files without a copy as they are', async () => {
    for (const path of ['/icons/icon.png', '/assets/tiny-abc123.js']) {
      const res = await get(path, CHROMIUM);
      expect(res.headers.get('content-encoding'), path).toBeNull();
    }
    expect((await get('/icons/icon.png', CHROMIUM)).headers.get('vary')).toBeNull();
  });
});
