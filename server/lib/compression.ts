// Content codings: which one a client takes, and JSON answers compressed on the fly. Static files come
// compressed from the build (vite-precompress.ts); only the API's JSON is compressed per request.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { createMiddleware } from 'hono/factory';
import { parseAccept } from 'hono/utils/accept';

export type Coding = 'br' | 'gzip';

/** Below this a JSON body goes as it is: the coding's framing and the CPU would cost more than they save. */
export const COMPRESS_MIN_BYTES = 1024;

/** The coding the client prefers by its q-values; brotli on a tie (it is smaller). */
export function pickCoding(acceptEncoding: string | undefined): Coding | null {
  if (!acceptEncoding) return null;
  const accepts = parseAccept(acceptEncoding);
  const q = (coding: Coding) => accepts.find((a) => a.type.toLowerCase() === coding)?.q ?? accepts.find((a) => a.type === '*')?.q ?? 0;
  const [br, gz] = [q('br'), q('gzip')];
  if (br > 0 && br >= gz) return 'br';
  return gz > 0 ? 'gzip' : null;
}

export function addVary(headers: Headers, name: string): void {
  const current = headers.get('vary');
  if (current === '*' || current?.toLowerCase().split(/\s*,\s*/).includes(name.toLowerCase())) return;
  headers.set('vary', current ? `${current}, ${name}` : name);
}

// Brotli at quality 4 compresses a list page about as well as gzip -9 in a fraction of a millisecond;
// the build's level 11 would take milliseconds per answer.
const encoders: Record<Coding, (body: Uint8Array) => Promise<Buffer>> = {
  br: (body) => promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: (body) => promisify(gzip)(body, { level: 6 }),
};

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/**
 * JSON answers of COMPRESS_MIN_BYTES or more go out in the client's preferred coding. Anything else
 * (event streams, files, answers already encoded or marked no-transform, HEAD) passes untouched.
 */
export function compressJson(minBytes = COMPRESS_MIN_BYTES) {
  return createMiddleware(async (c, next) => {
    await next();
    const res = c.res;
    if (c.req.method === 'HEAD' || !res.body || res.status === 206 || res.headers.has('content-encoding')) return;
    if (!JSON_TYPE.test(res.headers.get('content-type') ?? '') || /\bno-transform\b/i.test(res.headers.get('cache-control') ?? '')) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const coding = body.length >= minBytes ? pickCoding(c.req.header('accept-encoding')) : null;
    const sent = coding ? new Uint8Array(await encoders[coding](body)) : body;
    c.res = new Response(sent, res);
    // The setter above copies the old answer's headers onto the new one: fix them up afterwards.
    if (body.length >= minBytes) addVary(c.res.headers, 'Accept-Encoding');
    if (coding) c.res.headers.set('content-encoding', coding);
    c.res.headers.set('content-length', String(sent.length));
  });
}
