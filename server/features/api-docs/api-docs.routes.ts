// GET /api/openapi.json (the generated document) and /api/docs (Swagger UI over it). Public: the
// document lists routes and their input shapes, as Cowbell's source does; it grants nothing.
// Swagger UI is served from the installed swagger-ui-dist package under the app's own CSP: its
// start-up script is a file here, never inline.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Hono, type Context } from 'hono';
import type { Deps } from '../../deps.ts';
import { APP_VERSION } from '../../lib/app-version.ts';
import type { AppEnv } from '../../lib/auth/middleware.ts';
import { pickCoding } from '../../lib/compression.ts';
import { CONTENT_SECURITY_POLICY } from '../../lib/security-headers.ts';
import { openApiDocument } from './openapi-document.ts';

const gzipAsync = promisify(gzip);
const ASSETS = { 'swagger-ui.css': 'text/css; charset=utf-8', 'swagger-ui-bundle.js': 'text/javascript; charset=utf-8' } as const;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cowbell API</title><link rel="stylesheet" href="docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="docs/swagger-ui-bundle.js"></script><script src="docs/init.js"></script></body></html>`;

// Relative to the page (…/api/docs), so it works under any BASE_PATH.
const INIT = `window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#swagger-ui', deepLinking: true,
  requestInterceptor: function (req) {
    var m = document.cookie.match(/(?:^|; )(?:__Host-|__Secure-)?cowbell_csrf=([^;]+)/);
    if (m) req.headers['X-CSRF-Token'] = decodeURIComponent(m[1]);
    return req;
  } });
`;

export function apiDocsRoutes(deps: Deps, app: () => Hono<never>) {
  let document: Promise<unknown> | null = null;
  const assets = new Map<string, Promise<Buffer>>();
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  // The bundle is 1.7 MB as installed: gzipped once, on first use, and kept.
  const asset = (name: keyof typeof ASSETS) => {
    let body = assets.get(name);
    if (!body) assets.set(name, body = readFile(join(dist, name)).then((b) => gzipAsync(b, { level: 6 })));
    return body;
  };
  const html = (c: Context, body: string) => c.html(body, 200, { 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
  return new Hono<AppEnv>()
    .get('/openapi.json', async (c) => {
      document ??= openApiDocument(app(), deps.env, APP_VERSION);
      return c.json(await document as object, 200);
    })
    .get('/docs', (c) => html(c, PAGE))
    .get('/docs/init.js', (c) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .get('/docs/:asset{swagger-ui\\.css|swagger-ui-bundle\\.js}', async (c) => {
      const name = c.req.param('asset') as keyof typeof ASSETS;
      if (pickCoding(c.req.header('accept-encoding')) === null) {
        return c.body(new Uint8Array(await readFile(join(dist, name))), 200, { 'content-type': ASSETS[name] });
      }
      return c.body(new Uint8Array(await asset(name)), 200, { 'content-type': ASSETS[name], 'content-encoding': 'gzip', vary: 'Accept-Encoding', 'cache-control': 'public, max-age=86400' });
    });
}
