import { computed, ref, shallowRef, watch } from 'vue';
import type { QuarantineListItem } from '../../../server/features/quarantine/quarantine.schema.ts';
import { api, call } from '../../lib/api.ts';
import { showAppBadge } from './appBadge.ts';
import { useHiddenItemsStore } from './hiddenItems.ts';

export type ActionFilter = '' | 'reject' | 'add header' | 'rewrite subject';

/** The quarantine list: search and filter reload it, "more" follows the keyset cursor. */
export function useQuarantineList() {
  const hidden = useHiddenItemsStore();
  const loaded = shallowRef<QuarantineListItem[]>([]);
  const items = computed(() => loaded.value.filter((i) => !hidden.ids.has(i.id)));
  const nextCursor = ref<number | null>(null);
  const pending = ref(false);
  const error = shallowRef<unknown>(null);
  const search = ref('');
  const action = ref<ActionFilter>('');

  async function fetchPage(cursor: number | null) {
    pending.value = true;
    error.value = null;
    try {
      const query: Record<string, string> = { limit: '30' };
      if (cursor) query.cursor = String(cursor);
      if (search.value.trim()) query.q = search.value.trim();
      if (action.value) query.action = action.value;
      const page = await call(api.quarantine.$get({ query }));
      loaded.value = cursor ? [...loaded.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
      showAppBadge(page.unreviewed);
    } catch (e) {
      error.value = e;
    } finally {
      pending.value = false;
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  watch([search, action], () => {
    clearTimeout(timer);
    timer = setTimeout(() => void fetchPage(null), 250);
  });
  void fetchPage(null);

  return {
    items, nextCursor, pending, error, search, action,
    reload: () => fetchPage(null),
    more: () => (nextCursor.value ? fetchPage(nextCursor.value) : Promise.resolve()),
  };
}
