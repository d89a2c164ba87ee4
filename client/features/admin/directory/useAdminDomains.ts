import { useAsync } from '../../../composables/useAsync.ts';
import { api, call } from '../../../lib/api.ts';

/** The domains the viewer administers (all of them for an admin), with their alias domains. */
export function useAdminDomains() {
  return useAsync(async () => (await call(api.admin.domains.$get())).domains);
}
