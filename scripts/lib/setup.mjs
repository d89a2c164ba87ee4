// Shared by the npm scripts: install dependencies when missing, run a TypeScript entry with tsx.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm ci` when node_modules is missing or was installed from another lock file. Judged by the lock's
 * content, not its date: a checkout or merge that leaves the lock as it was installs nothing (and a
 * worktree sharing another checkout's node_modules never wipes it).
 */
export function ensureDependencies() {
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  const marker = join(ROOT, 'node_modules', '.cowbell-lock-sha256');
  const lockHash = createHash('sha256').update(readFileSync(join(ROOT, 'package-lock.json'))).digest('hex');
  if (existsSync(installed) && existsSync(marker) && readFileSync(marker, 'utf8') === lockHash) return;
  process.stderr.write('[cowbell] installing dependencies (npm ci)…\n');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci failed');
  writeFileSync(marker, lockHash);
}

/** Runs `node --import tsx <file>` to completion; throws on a non-zero exit. Returns stdout when captured. */
export function runTs(file, env, args = [], capture = false) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: ROOT, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8', env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`${file} failed (exit ${r.status})${capture ? `\n${r.stdout}` : ''}`);
  return r.stdout ?? '';
}

export function runBin(bin, args, env = {}) {
  return spawnSync(join(ROOT, 'node_modules', '.bin', bin), args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
}

/**
 * The server's Node flags, written once: in package.json's `serve` script. They keep its memory small
 * (a young generation of 4 MB semi-spaces, an old one growing by half its live size between collections).
 */
export function serverNodeFlags() {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.serve.match(/--[\w-]+=\S+/g) ?? [];
}

/**
 * The environment the server's `serve` script sets before `node` (`MALLOC_ARENA_MAX=2`: glibc keeps
 * fewer per-thread heaps, a few MiB less RSS for a process with a handful of threads).
 */
export function serverEnv() {
  const script = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.serve;
  return Object.fromEntries([...script.matchAll(/(?:^|&& )([A-Z_]+)=(\S+) node /g)].map((m) => [m[1], m[2]]));
}

/** The built server (scripts/lib/build-server.mjs) with its flags and environment, as `npm run serve` runs it. */
export function startServer(env) {
  return spawn(process.execPath, [...serverNodeFlags(), '--enable-source-maps', join(ROOT, 'dist-server', 'index.mjs')],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...serverEnv(), ...env } });
}

function newestMtime(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((max, name) => (name === 'node_modules' ? max : Math.max(max, newestMtime(join(path, name)))), st.mtimeMs);
}

// Everything `vite build` reads: the sources (the client imports server schemas and types, so
// server/ and db/ count too), the config and the plugin it imports, the tsconfigs that steer the
// transpiler, and what decides which dependencies are installed.
const CLIENT_INPUTS = [
  'client', 'public', 'server', 'db',
  'vite.config.ts', 'vite-precompress.ts',
  'tsconfig.json', 'tsconfig.base.json', 'tsconfig.app.json', 'tsconfig.sw.json',
  'package.json', 'package-lock.json',
];
const BUILD_STAMP = join(ROOT, '.data', 'dev', 'client-build.stamp');

/** `vite build`, unless the last one (by `npm start`) is newer than every input and dist/ is still its output. */
export function buildClientIfStale(log) {
  const stamp = statSync(BUILD_STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const output = statSync(join(ROOT, 'dist', 'index.html'), { throwIfNoEntry: false })?.mtimeMs;
  const current = output !== undefined && existsSync(join(ROOT, 'dist', 'sw.js')) && stamp >= output
    && CLIENT_INPUTS.every((p) => newestMtime(join(ROOT, p)) <= stamp);
  if (current) {
    log('client build is up to date (dist/)');
    return;
  }
  if (runBin('vite', ['build', '--logLevel', 'warn']).status !== 0) throw new Error('client build failed');
  mkdirSync(dirname(BUILD_STAMP), { recursive: true });
  writeFileSync(BUILD_STAMP, '');
}
