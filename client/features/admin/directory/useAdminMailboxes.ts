import { watch, type Ref } from 'vue';
import { useKeysetList } from '../../../composables/useKeysetList.ts';
import { api, call } from '../../../lib/api.ts';

/**
 * Mailboxes in the viewer's scope matching `search` (part of the address or name) in `domain`:
 * reloads as they change, "more" follows the keyset cursor. Also feeds the quarantine's mailbox field.
 */
export function useAdminMailboxes(search: Ref<string>, domain: Ref<string>, limit = 30) {
  const list = useKeysetList((cursor: string | null) => {
    const query: Record<string, string> = { limit: String(limit) };
    if (cursor) query.cursor = cursor;
    if (search.value.trim()) query.q = search.value.trim().slice(0, 200);
    if (domain.value) query.domain = domain.value;
    return call(api.admin.mailboxes.$get({ query }));
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  watch([search, domain], () => {
    clearTimeout(timer);
    timer = setTimeout(() => void list.reload(), 250);
  });
  void list.reload();

  return list;
}
