// Pages of a list that the server cuts with a keyset cursor: the first page replaces the items,
// "more" appends the next one. Callers decide when to reload (filters, timers, the URL).
import { ref, shallowRef, type Ref } from 'vue';

export interface KeysetPage<Item, Cursor> {
  items: Item[];
  nextCursor: Cursor | null;
}

/**
 * `load(cursor)` fetches one page (`null`: the first). Only the answer to the latest request is
 * kept: a slow answer to an older filter must not overwrite a newer one, nor clear its spinner.
 * `onPage` sees each kept page, for what a caller reads beside the items (a count, what was asked).
 */
export function useKeysetList<Cursor, Page extends KeysetPage<unknown, Cursor>>(
  load: (cursor: Cursor | null) => Promise<Page>,
  onPage?: (page: Page) => void,
) {
  type Item = Page['items'][number];
  const items = shallowRef<Item[]>([]);
  const nextCursor = ref<Cursor | null>(null) as Ref<Cursor | null>;
  const pending = ref(false);
  const error = shallowRef<unknown>(null);
  let latest = 0;

  async function fetchPage(cursor: Cursor | null) {
    const ticket = ++latest;
    pending.value = true;
    error.value = null;
    try {
      const page = await load(cursor);
      if (ticket !== latest) return;
      items.value = cursor ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
      onPage?.(page);
    } catch (e) {
      if (ticket === latest) error.value = e;
    } finally {
      if (ticket === latest) pending.value = false;
    }
  }

  return {
    items, nextCursor, pending, error,
    reload: () => fetchPage(null),
    more: () => (nextCursor.value ? fetchPage(nextCursor.value) : Promise.resolve()),
  };
}
