import { onScopeDispose, reactive, ref, shallowRef, watch } from 'vue';
import { onBeforeRouteLeave, useRoute, useRouter } from 'vue-router';
import type { QuarantineListItem } from '../../../../server/features/quarantine/quarantine.schema.ts';
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
  const items = shallowRef<QuarantineListItem[]>([]);
  const nextCursor = ref<number | null>(null);
  const pending = ref(false);
  const error = shallowRef<unknown>(null);
  let request = 0;

  async function fetchPage(cursor: number | null) {
    const mine = ++request;
    pending.value = true;
    error.value = null;
    try {
      const page = await call(api.quarantine.$get({ query: listQuery(filters, cursor) }));
      if (mine !== request) return; // a newer filter's answer wins
      items.value = cursor ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
    } catch (e) {
      if (mine === request) error.value = e;
    } finally {
      if (mine === request) pending.value = false;
    }
  }

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
      void fetchPage(null);
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
  void fetchPage(null);

  return {
    filters, items, nextCursor, pending, error,
    reload: () => fetchPage(null),
    more: () => (nextCursor.value ? fetchPage(nextCursor.value) : Promise.resolve()),
    drop: (ids: number[]) => { items.value = items.value.filter((i) => !ids.includes(i.id)); },
    clear: () => Object.assign(filters, { q: '', action: '', domain: '', mailbox: '' }),
  };
}
