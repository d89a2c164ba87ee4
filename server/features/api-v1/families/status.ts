// get/status/version: the version mailcow's UI and scripts read. Cowbell answers its own.
// Imported, not read from disk beside this file: in the server bundle (dist-server/) that path is gone.
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
