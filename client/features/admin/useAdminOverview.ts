import { useAsync } from '../../composables/useAsync.ts';
import { api, call } from '../../lib/api.ts';

export function useAdminOverview() {
  return useAsync(() => call(api.admin.overview.$get()));
}
