// The announcement as the admin edits it: its stored HTML, type and switch, and a preview of what users see.
import type { AnnouncementInput } from '../../../../server/features/announcements/announcement.schema.ts';
import { useAsync } from '../../../composables/useAsync.ts';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';

export function useAdminAnnouncement() {
  const resource = useAsync(() => call(api.admin.announcement.$get()));
  const mutation = useMutation();
  async function save(input: AnnouncementInput) {
    const saved = await mutation.run(() => call(api.admin.announcement.$put({ json: input })));
    if (saved) resource.data.value = saved;
    return saved !== null;
  }
  return { ...resource, saving: mutation.pending, saveError: mutation.error, save };
}
