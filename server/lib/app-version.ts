// Cowbell's version from its package.json, found by walking up from this module: in the source
// tree and in the server bundle (dist-server/) alike, where a fixed relative path would differ.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cowbell' && pkg.version) return pkg.version;
    } catch { /* no package.json here: go up */ }
    const up = dirname(dir);
    if (up === dir) return '0.0.0';
    dir = up;
  }
}

export const APP_VERSION = findVersion();
