import { useAsync } from '../../composables/useAsync.ts';
import { api, call } from '../../lib/api.ts';

export function useHome() {
  return useAsync(() => call(api.me.$get()));
}
