// get/status/version: the version mailcow's UI and scripts read. Cowbell answers its own.
import { existsSync, readFileSync } from 'node:fs';
import { data, routeNotFound, type V1Family } from '../v1-types.ts';

// From the source tree, package.json is four levels up; from the server bundle (dist-server/index.mjs), one.
const packageJson = ['../../../../package.json', '../package.json'].map((p) => new URL(p, import.meta.url)).find((u) => existsSync(u));
const VERSION: string = packageJson ? JSON.parse(readFileSync(packageJson, 'utf8')).version : 'unknown';

export const statusFamily: V1Family = {
  get: {
    // mailcow answers admins only; anyone else gets nothing ({}), not a refusal.
    status: async ({ actor, object }) => {
      if (object !== 'version') return routeNotFound();
      return data(actor.role === 'admin' ? { version: `cowbell-${VERSION}` } : null);
    },
  },
};
