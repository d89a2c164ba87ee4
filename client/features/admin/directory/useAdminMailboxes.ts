import { ref, watch, type Ref } from 'vue';
import { useKeysetList } from '../../../composables/useKeysetList.ts';
import { api, call } from '../../../lib/api.ts';
import type { SortState } from '../components/adminTable.ts';

export interface MailboxListOptions {
  /** '' any, or mailbox.active: '1' on, '2' login disallowed, '0' off. */
  state?: Ref<string>;
  sort?: Ref<SortState>;
}

/**
 * Mailboxes in the viewer's scope matching `search` (part of the address or name) in `domain`:
 * reloads as they change, "more" follows the keyset cursor. Also feeds the quarantine's mailbox field.
 */
export function useAdminMailboxes(search: Ref<string>, domain: Ref<string>, limit = 30, options: MailboxListOptions = {}) {
  const state = options.state ?? ref('');
  const sort = options.sort ?? ref<SortState>({ key: 'username', dir: 'asc' });
  const list = useKeysetList((cursor: string | null) => {
    const query: Record<string, string> = { limit: String(limit) };
    if (cursor) query.cursor = cursor;
    if (search.value.trim()) query.q = search.value.trim().slice(0, 200);
    if (domain.value) query.domain = domain.value;
    if (state.value) query.state = state.value;
    if (sort.value.key !== 'username' || sort.value.dir !== 'asc') Object.assign(query, { sort: sort.value.key, dir: sort.value.dir });
    return call(api.admin.mailboxes.$get({ query }));
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  watch([search, domain], () => {
    clearTimeout(timer);
    timer = setTimeout(() => void list.reload(), 250);
  });
  watch([state, sort], () => void list.reload());
  void list.reload();

  return list;
}
