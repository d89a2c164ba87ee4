// Content codings: which one a client takes, and JSON answers compressed on the fly. Static files come
// compressed from the build (vite-precompress.ts); only the API's JSON is compressed per request.
import { promisify } from 'node:util';
import { Readable } from 'node:stream';
import { brotliCompress, brotliCompressSync, constants, createBrotliCompress, createGzip, gzip, gzipSync } from 'node:zlib';
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

// Brotli at quality 3 with a 256 KiB window compresses a list page as well as quality 4 (and better
// than gzip -9) in some 25 µs; the build's level 11 would take milliseconds per answer. Up to SYNC_MAX_BYTES that is
// cheaper on the event loop than a hand-off to the thread pool; larger bodies are compressed there.
const SYNC_MAX_BYTES = 64 * 1024;
const brotliOptions = (size?: number) => ({ params: {
  [constants.BROTLI_PARAM_QUALITY]: 3, [constants.BROTLI_PARAM_LGWIN]: 18, ...(size ? { [constants.BROTLI_PARAM_SIZE_HINT]: size } : {}) } });
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

async function encode(coding: Coding, body: Buffer): Promise<Buffer> {
  const sync = body.length <= SYNC_MAX_BYTES;
  if (coding === 'br') return sync ? brotliCompressSync(body, brotliOptions(body.length)) : brotliAsync(body, brotliOptions(body.length));
  return sync ? gzipSync(body, { level: 6 }) : gzipAsync(body, { level: 6 });
}

/** The Buffer's bytes as the Uint8Array a Response takes: a view, not a copy (answers run to megabytes). */
const bytesOf = (b: Buffer) => new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/**
 * A JSON text as it goes out: in the client's preferred coding from COMPRESS_MIN_BYTES on, with the
 * headers that say so. For a route that has its answer as text already (mailcow's /api/v1 lists run
 * to megabytes): encoding it here spares compressJson reading the answer back out of a Response.
 */
export async function encodeJson(text: string, acceptEncoding: string | undefined, minBytes = COMPRESS_MIN_BYTES) {
  const body = Buffer.from(text);
  const coding = body.length >= minBytes ? pickCoding(acceptEncoding) : null;
  const headers: Record<string, string> = {};
  if (body.length >= minBytes) headers.vary = 'Accept-Encoding';
  if (coding) headers['content-encoding'] = coding;
  const sent = bytesOf(coding ? await encode(coding, body) : body);
  headers['content-length'] = String(sent.length);
  return { body: sent, headers };
}

/**
 * JSON answers of COMPRESS_MIN_BYTES or more go out in the client's preferred coding. Anything else
 * (event streams, files, answers already encoded or marked no-transform, HEAD) passes untouched.
 */
export function compressJson(minBytes = COMPRESS_MIN_BYTES) {
  return createMiddleware<{ Variables: { encoded?: boolean } }>(async (c, next) => {
    await next();
    if (c.get('encoded')) return;
    const res = c.res;
    const type = res.headers.get('content-type') ?? '';
    if (c.req.method === 'HEAD' || [204, 206, 304].includes(res.status) || res.headers.has('content-encoding')) return;
    if (!JSON_TYPE.test(type) || /\bno-transform\b/i.test(res.headers.get('cache-control') ?? '')) return;
    const body = Buffer.from(await res.text());
    const coding = body.length >= minBytes ? pickCoding(c.req.header('accept-encoding')) : null;
    const sent = bytesOf(coding ? await encode(coding, body) : body);
    const headers = new Headers(res.headers);
    if (body.length >= minBytes) addVary(headers, 'Accept-Encoding');
    if (coding) headers.set('content-encoding', coding);
    headers.set('content-length', String(sent.length));
    // Cleared first: assigning over an answer would copy the old one's headers back and re-wrap the body as a stream.
    c.res = undefined;
    c.res = new Response(sent, { status: res.status, headers });
  });
}

/**
 * A JSON text written as it is made (a list of thousands read page by page): sent chunked, in the
 * client's preferred coding when it takes one (compressed on the thread pool, a chunk at a time).
 * Its length is not known in advance, so it is always treated as worth compressing.
 */
export function streamJson(chunks: AsyncIterable<Buffer>, acceptEncoding: string | undefined) {
  const coding = pickCoding(acceptEncoding);
  const headers: Record<string, string> = { vary: 'Accept-Encoding' };
  let source: Readable = Readable.from(chunks, { objectMode: false });
  if (coding) {
    headers['content-encoding'] = coding;
    source = source.pipe(coding === 'br' ? createBrotliCompress(brotliOptions()) : createGzip({ level: 6 }));
  }
  return { body: Readable.toWeb(source) as ReadableStream<Uint8Array>, headers };
}
