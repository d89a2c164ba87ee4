import { computed, ref, watch } from 'vue';
import { useKeysetList } from '../../composables/useKeysetList.ts';
import { api, call } from '../../lib/api.ts';
import { showAppBadge } from './appBadge.ts';
import { useHiddenItemsStore } from './hiddenItems.ts';

export type ActionFilter = '' | 'reject' | 'add header' | 'rewrite subject';
/** The server's limit for a search (listQuerySchema); the input stops there too. */
export const SEARCH_MAX = 200;

/** The quarantine list: search and filter reload it, "more" follows the keyset cursor. */
export function useQuarantineList() {
  const hidden = useHiddenItemsStore();
  const search = ref('');
  const action = ref<ActionFilter>('');
  /** The search and filter the items on screen answer (the input may be ahead of them). */
  const answered = ref<{ q: string; action: ActionFilter } | null>(null);
  const list = useKeysetList(async (cursor: number | null) => {
    const asked = { q: search.value.trim().slice(0, SEARCH_MAX), action: action.value };
    const query: Record<string, string> = { limit: '30' };
    if (cursor) query.cursor = String(cursor);
    if (asked.q) query.q = asked.q;
    if (asked.action) query.action = asked.action;
    return { ...await call(api.quarantine.$get({ query })), asked };
  }, (page) => {
    answered.value = page.asked;
    showAppBadge(page.unreviewed);
  });
  const items = computed(() => list.items.value.filter((i) => !hidden.ids.has(i.id)));

  let timer: ReturnType<typeof setTimeout> | undefined;
  watch([search, action], () => {
    clearTimeout(timer);
    timer = setTimeout(() => void list.reload(), 250);
  });
  void list.reload();

  return {
    ...list, items, search, action, answered,
    /** Nothing answered yet: the first page is on its way (the page shows a skeleton). */
    loading: computed(() => answered.value === null && list.pending.value),
    clearSearch: () => { search.value = ''; action.value = ''; },
  };
}
