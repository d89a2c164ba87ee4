// Shared by the npm scripts: install dependencies when missing, run a TypeScript entry with tsx.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `npm ci` when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  process.stderr.write('[cowbell] installing dependencies (npm ci)…\n');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci failed');
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

export function startTs(file, env) {
  return spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
}
