// The built client. Each compressible file has brotli and gzip copies made at build time
// (vite-precompress.ts); the copy the browser accepts is sent with its Content-Encoding, the original
// to anyone else, and every such answer says it varies with Accept-Encoding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Handler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';
import { addVary, pickCoding } from './compression.ts';

const BASE_TAG = /<base href="[^"]*"\s*\/?>/;

/**
 * The app's shell under BASE_PATH: the build's index.html names every file relative to its
 * `<base href="/">` (Vite's base is "./"), so one build serves any path once that tag names the
 * path. Made once, on first use, with its compressed copies.
 */
function shellUnder(root: string, base: string): Handler {
  let copies: Record<'br' | 'gzip' | 'identity', Uint8Array<ArrayBuffer>> | undefined;
  const make = () => {
    const source = readFileSync(join(root, 'index.html'), 'utf8');
    const tag = `<base href="${base}">`;
    const html = Buffer.from(BASE_TAG.test(source) ? source.replace(BASE_TAG, tag) : source.replace('<head>', `<head>${tag}`));
    return { br: new Uint8Array(brotliCompressSync(html)), gzip: new Uint8Array(gzipSync(html, { level: 9 })), identity: new Uint8Array(html) };
  };
  return (c) => {
    copies ??= make();
    const coding = pickCoding(c.req.header('accept-encoding'));
    if (coding) c.header('Content-Encoding', coding);
    return c.body(copies[coding ?? 'identity'], 200, { 'Content-Type': 'text/html; charset=UTF-8' });
  };
}

export function staticClient(root: string, base = '/') {
  const shell = base === '/' ? serveStatic({ root, path: 'index.html', precompressed: true }) : shellUnder(root, base);
  return new Hono()
    // The service worker must never be served stale, or updates never arrive.
    .use('/sw.js', async (c, next) => { c.header('Cache-Control', 'no-cache'); await next(); })
    .use('/assets/*', async (c, next) => { c.header('Cache-Control', 'public, max-age=31536000, immutable'); await next(); })
    .use('*', async (c, next) => {
      await next();
      // serveStatic names Accept-Encoding only when it sent a copy; a cache must know the original varies too.
      if (COMPRESSIBLE_CONTENT_TYPE_REGEX.test(c.res.headers.get('content-type') ?? '')) addVary(c.res.headers, 'Accept-Encoding');
    })
    // The shell by its own names too (the service worker precaches "index.html"), before the files.
    .get('/', shell)
    .get('/index.html', shell)
    .use('*', serveStatic({ root, precompressed: true }))
    // Every other path is a route of the app: its shell.
    .get('*', shell);
}
