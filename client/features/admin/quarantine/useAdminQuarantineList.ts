import { onScopeDispose, reactive, watch } from 'vue';
import { onBeforeRouteLeave, useRoute, useRouter } from 'vue-router';
import { useKeysetList } from '../../../composables/useKeysetList.ts';
import { api, call } from '../../../lib/api.ts';
import { filtersFromQuery, listQuery, queryFromFilters, type QuarantineFilters } from './quarantineFilters.ts';

/**
 * The admin quarantine list. Filters follow the address bar both ways; changing one reloads the
 * first page, "more" follows the keyset cursor. Each row's `reviewed` is the viewer's own read.
 */
export function useAdminQuarantineList() {
  const route = useRoute();
  const router = useRouter();
  const filters = reactive<QuarantineFilters>(filtersFromQuery(route.query));
  const list = useKeysetList((cursor: number | null) => call(api.quarantine.$get({ query: listQuery(filters, cursor) })));

  const same = (a: Record<string, string>, b: Record<string, unknown>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(filters, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // The user may have opened an item meanwhile: a late filter must not rewrite that page's URL.
      if (route.name !== 'admin-quarantine') return;
      const query = queryFromFilters(filters);
      if (!same(query, route.query)) void router.replace({ query });
      void list.reload();
    }, 250);
  });
  onScopeDispose(() => clearTimeout(timer));
  // Opening an item starts a navigation that waits for the page's code; a filter timer firing in
  // that wait would replace the list's URL and so cancel the navigation (the tap would be lost).
  onBeforeRouteLeave(() => clearTimeout(timer));
  // A link to the list with other filters (the nav, an overview tile) while it is open.
  watch(() => route.query, (query) => {
    if (route.name === 'admin-quarantine' && !same(queryFromFilters(filters), query)) Object.assign(filters, filtersFromQuery(query));
  });
  void list.reload();

  return {
    filters, ...list,
    drop: (ids: number[]) => { list.items.value = list.items.value.filter((i) => !ids.includes(i.id)); },
    clear: () => Object.assign(filters, { q: '', action: '', domain: '', mailbox: '' }),
  };
}
