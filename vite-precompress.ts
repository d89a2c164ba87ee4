// Brotli and gzip copies of every compressible file of the build (`app.js` → `app.js.br`,
// `app.js.gz`), made once at the highest levels, which would be far too slow per request. The server
// sends whichever the browser accepts (server/lib/static-files.ts).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

/** Bytes a copy must save to be worth sending (about what `Content-Encoding: br` and `Vary` cost). */
const MIN_SAVING = 64;
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml)$/;
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function compressFile(path: string): Promise<void> {
  const raw = await readFile(path);
  const [br, gzipped] = await Promise.all([
    brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
    gz(raw, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  // A tiny file is sent as it is: its copy would save fewer bytes than the Content-Encoding and
  // Vary headers it needs (and gzip alone may win by a byte or two where brotli does not).
  await Promise.all([[br, '.br'] as const, [gzipped, '.gz'] as const]
    .filter(([copy]) => copy.length <= raw.length - MIN_SAVING).map(([copy, ext]) => writeFile(`${path}${ext}`, copy)));
}

/** Writes the copies for every compressible file under `dir`. */
export async function compressDir(dir: string): Promise<void> {
  const files = (await readdir(dir, { recursive: true, encoding: 'utf8' })).filter((f) => COMPRESSIBLE.test(f));
  await Promise.all(files.map((f) => compressFile(join(dir, f))));
}

export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'cowbell:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After vite-plugin-pwa's own closeBundle has written sw.js with its precache manifest.
    closeBundle: {
      order: 'post',
      sequential: true,
      handler: () => compressDir(outDir),
    },
  };
}
