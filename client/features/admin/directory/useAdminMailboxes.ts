import { ref, shallowRef, watch, type Ref } from 'vue';
import type { MailboxView } from '../../../../server/features/admin-directory/directory.schema.ts';
import { api, call } from '../../../lib/api.ts';

/**
 * Mailboxes in the viewer's scope matching `search` (part of the address or name) in `domain`:
 * reloads as they change, "more" follows the keyset cursor. Also feeds the quarantine's mailbox field.
 */
export function useAdminMailboxes(search: Ref<string>, domain: Ref<string>, limit = 30) {
  const items = shallowRef<MailboxView[]>([]);
  const nextCursor = ref<string | null>(null);
  const pending = ref(false);
  const error = shallowRef<unknown>(null);
  let request = 0;

  async function fetchPage(cursor: string | null) {
    const mine = ++request;
    pending.value = true;
    error.value = null;
    try {
      const query: Record<string, string> = { limit: String(limit) };
      if (cursor) query.cursor = cursor;
      if (search.value.trim()) query.q = search.value.trim().slice(0, 200);
      if (domain.value) query.domain = domain.value;
      const page = await call(api.admin.mailboxes.$get({ query }));
      if (mine !== request) return;
      items.value = cursor ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
    } catch (e) {
      if (mine === request) error.value = e;
    } finally {
      if (mine === request) pending.value = false;
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  watch([search, domain], () => {
    clearTimeout(timer);
    timer = setTimeout(() => void fetchPage(null), 250);
  });
  void fetchPage(null);

  return { items, nextCursor, pending, error, reload: () => fetchPage(null), more: () => (nextCursor.value ? fetchPage(nextCursor.value) : Promise.resolve()) };
}
