import { watch, type Ref } from 'vue';
import type { AliasSort } from '../../../../server/features/admin-aliases/admin-aliases.schema.ts';
import { useKeysetList } from '../../../composables/useKeysetList.ts';
import { api, call } from '../../../lib/api.ts';

export interface AliasFilters {
  search: Ref<string>;
  domain: Ref<string>;
  sort: Ref<AliasSort>;
  dir: Ref<'asc' | 'desc'>;
}

/**
 * Aliases in the viewer's scope, searched, filtered and sorted on the server; "more" follows the
 * keyset cursor. Typing waits a moment before asking; a new sort asks at once.
 */
export function useAliasList(f: AliasFilters, limit = 50) {
  const list = useKeysetList((cursor: string | null) => {
    const query: Record<string, string> = { limit: String(limit), sort: f.sort.value, dir: f.dir.value };
    if (cursor) query.cursor = cursor;
    if (f.search.value.trim()) query.q = f.search.value.trim().slice(0, 200);
    if (f.domain.value) query.domain = f.domain.value;
    return call(api.admin.aliases.$get({ query }));
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  watch([f.search, f.domain], () => {
    clearTimeout(timer);
    timer = setTimeout(() => void list.reload(), 250);
  });
  watch([f.sort, f.dir], () => void list.reload());
  void list.reload();
  return list;
}
