import { computed, ref, shallowRef, watch } from 'vue';
import type { QuarantineListItem } from '../../../server/features/quarantine/quarantine.schema.ts';
import { api, call } from '../../lib/api.ts';
import { showAppBadge } from './appBadge.ts';
import { useHiddenItemsStore } from './hiddenItems.ts';

export type ActionFilter = '' | 'reject' | 'add header' | 'rewrite subject';
/** The server's limit for a search (listQuerySchema); the input stops there too. */
export const SEARCH_MAX = 200;

/** The quarantine list: search and filter reload it, "more" follows the keyset cursor. */
export function useQuarantineList() {
  const hidden = useHiddenItemsStore();
  const loaded = shallowRef<QuarantineListItem[]>([]);
  const nextCursor = ref<number | null>(null);
  const pending = ref(false);
  const error = shallowRef<unknown>(null);
  const search = ref('');
  const action = ref<ActionFilter>('');
  /** The search and filter the items on screen answer (the input may be ahead of them). */
  const answered = ref<{ q: string; action: ActionFilter } | null>(null);
  const items = computed(() => loaded.value.filter((i) => !hidden.ids.has(i.id)));

  let latest = 0;
  async function fetchPage(cursor: number | null) {
    const asked = { q: search.value.trim().slice(0, SEARCH_MAX), action: action.value };
    const ticket = ++latest;
    pending.value = true;
    error.value = null;
    try {
      const query: Record<string, string> = { limit: '30' };
      if (cursor) query.cursor = String(cursor);
      if (asked.q) query.q = asked.q;
      if (asked.action) query.action = asked.action;
      const page = await call(api.quarantine.$get({ query }));
      if (ticket !== latest) return; // a newer search is on its way
      loaded.value = cursor ? [...loaded.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
      answered.value = asked;
      showAppBadge(page.unreviewed);
    } catch (e) {
      if (ticket === latest) error.value = e;
    } finally {
      if (ticket === latest) pending.value = false;
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  watch([search, action], () => {
    clearTimeout(timer);
    timer = setTimeout(() => void fetchPage(null), 250);
  });
  void fetchPage(null);

  return {
    items, nextCursor, pending, error, search, action, answered,
    /** Nothing answered yet: the first page is on its way (the page shows a skeleton). */
    loading: computed(() => answered.value === null && pending.value),
    reload: () => fetchPage(null),
    more: () => (nextCursor.value ? fetchPage(nextCursor.value) : Promise.resolve()),
    clearSearch: () => { search.value = ''; action.value = ''; },
  };
}
