import { onScopeDispose, watch, type Ref } from 'vue';
import type { InboundKind } from '../../../server/features/aliases/aliases.schema.ts';
import { useKeysetList } from '../../composables/useKeysetList.ts';
import { api, call } from '../../lib/api.ts';

/**
 * Every address that reaches the mailbox (aliases, shared ones, catch-alls, alias domains,
 * time-limited), searchable. Nothing loads until `shown` is first true (a tab not opened costs nothing).
 */
export function useInboundAddresses(search: Ref<string>, kind: Ref<InboundKind | ''>, shown: Ref<boolean>) {
  const list = useKeysetList((cursor: string | null) => {
    const query: Record<string, string> = { limit: '50' };
    if (cursor) query.cursor = cursor;
    if (search.value.trim()) query.q = search.value.trim().slice(0, 200);
    if (kind.value) query.kind = kind.value;
    return call(api.aliases.$get({ query }));
  });
  let loaded = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch([search, kind], () => {
    clearTimeout(timer);
    if (shown.value) timer = setTimeout(() => void list.reload(), 250);
    else loaded = false;
  });
  watch(shown, (now) => {
    if (now && !loaded) {
      loaded = true;
      void list.reload();
    }
  }, { immediate: true });
  onScopeDispose(() => clearTimeout(timer));
  return list;
}
