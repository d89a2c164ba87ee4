// get/status/version: the version mailcow's UI and scripts read. Cowbell answers its own.
import { APP_VERSION } from '../../../lib/app-version.ts';
import { gateAllows } from '../../../lib/authz/policy.ts';
import { data, routeNotFound, type V1Family } from '../v1-types.ts';

export const statusFamily: V1Family = {
  get: {
    // mailcow answers admins only; anyone else gets nothing ({}), not a refusal.
    status: async ({ actor, object }) => {
      if (object !== 'version') return routeNotFound();
      return data(gateAllows(actor, 'status.read') ? { version: `cowbell-${APP_VERSION}` } : null);
    },
  },
};
