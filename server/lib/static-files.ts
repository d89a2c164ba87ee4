// The built client. Each compressible file has brotli and gzip copies made at build time
// (vite-precompress.ts); the copy the browser accepts is sent with its Content-Encoding, the original
// to anyone else, and every such answer says it varies with Accept-Encoding.
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';
import { addVary } from './compression.ts';

export function staticClient(root: string) {
  return new Hono()
    // The service worker must never be served stale, or updates never arrive.
    .use('/sw.js', async (c, next) => { c.header('Cache-Control', 'no-cache'); await next(); })
    .use('/assets/*', async (c, next) => { c.header('Cache-Control', 'public, max-age=31536000, immutable'); await next(); })
    .use('*', async (c, next) => {
      await next();
      // serveStatic names Accept-Encoding only when it sent a copy; a cache must know the original varies too.
      if (COMPRESSIBLE_CONTENT_TYPE_REGEX.test(c.res.headers.get('content-type') ?? '')) addVary(c.res.headers, 'Accept-Encoding');
    })
    .use('*', serveStatic({ root, precompressed: true }))
    // Every other path is a route of the app: its shell.
    .get('*', serveStatic({ root, path: 'index.html', precompressed: true }));
}
