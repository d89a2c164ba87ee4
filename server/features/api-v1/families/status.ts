// get/status/version: the version mailcow's UI and scripts read. Cowbell answers its own.
// Imported, not read from disk: the server bundle lives elsewhere than this file (dist), and the
// bundler inlines the JSON.
import pkg from '../../../../package.json' with { type: 'json' };
import { data, routeNotFound, type V1Family } from '../v1-types.ts';

const VERSION: string = pkg.version;

export const statusFamily: V1Family = {
  get: {
    // mailcow answers admins only; anyone else gets nothing ({}), not a refusal.
    status: async ({ actor, object }) => {
      if (object !== 'version') return routeNotFound();
      return data(actor.role === 'admin' ? { version: `cowbell-${VERSION}` } : null);
    },
  },
};
