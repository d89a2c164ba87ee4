// A mailbox user's choice to have the admin's announcements pushed to its devices.
import { useAsync } from '../../composables/useAsync.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';

export function useAnnouncementPush() {
  const resource = useAsync(() => call(api.announcement.push.$get()));
  const mutation = useMutation();
  async function set(push: boolean) {
    const saved = await mutation.run(() => call(api.announcement.push.$put({ json: { push } })));
    if (saved) resource.data.value = saved;
  }
  return { data: resource.data, error: mutation.error, pending: mutation.pending, set };
}
