import { useAsync } from '../../../composables/useAsync.ts';
import { api, call } from '../../../lib/api.ts';

/** The domains the viewer administers (all of them for an admin), with mailcow's statistics. */
export function useAdminDomains() {
  return useAsync(async () => (await call(api.admin.domains.$get())).domains);
}

/** Only their names and alias domains, for pickers: cheap however many mailboxes there are. */
export function useDomainNames() {
  return useAsync(async () => (await call(api.admin['domain-names'].$get())).domains);
}
