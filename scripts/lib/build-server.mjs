// The server as it runs in production: one ESM bundle of Cowbell's own code (packages stay in
// node_modules), plus the password-hashing worker beside it. Running plain JavaScript instead of
// TypeScript through tsx spares the server tsx's loader thread, its transform cache and a copy of every
// source: about 40 MiB of RSS (`npm run bench`). esbuild takes well under a second, so every start builds.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './setup.mjs';

export const SERVER_DIST = join(ROOT, 'dist-server');
export const SERVER_ENTRY = join(SERVER_DIST, 'index.mjs');

export async function buildServer() {
  // Imported here, not at the top: on a fresh clone the scripts install node_modules first.
  const { build } = await import('esbuild');
  rmSync(SERVER_DIST, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    // Named as passwords.ts finds its worker: `./hash.worker.mjs` beside the module that starts it.
    entryPoints: { index: 'server/index.ts', 'hash.worker': 'server/lib/passwords/hash.worker.ts' },
    outdir: SERVER_DIST,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // db/migrate.ts finds its migrations beside itself (import.meta.url); in the bundle that is here.
  cpSync(join(ROOT, 'db', 'migrations'), join(SERVER_DIST, 'migrations'), { recursive: true });
  // The digest's default template (server/jobs/digest-template.ts) is read beside the module, here too.
  cpSync(join(ROOT, 'server', 'jobs', 'quarantine.tpl'), join(SERVER_DIST, 'quarantine.tpl'));
  // In a bundle every module's import.meta.url is the bundle's own: a "run me as a script" check
  // would run that script inside the server. Such entry points live in their own files.
  const code = readFileSync(SERVER_ENTRY, 'utf8');
  if (/pathToFileURL\d*\(process\.argv\[1\]\)/.test(code)) throw new Error('the server bundle contains a script entry check (see scripts/lib/build-server.mjs)');
}

if (process.argv[1] === new URL(import.meta.url).pathname) await buildServer();
