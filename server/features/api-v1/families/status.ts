// get/status/version: the version mailcow's UI and scripts read. Cowbell answers its own.
import { readFileSync } from 'node:fs';
import { data, routeNotFound, type V1Family } from '../v1-types.ts';

const VERSION: string = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')).version;

export const statusFamily: V1Family = {
  get: {
    // mailcow answers admins only; anyone else gets nothing ({}), not a refusal.
    status: async ({ actor, object }) => {
      if (object !== 'version') return routeNotFound();
      return data(actor.role === 'admin' ? { version: `cowbell-${VERSION}` } : null);
    },
  },
};
