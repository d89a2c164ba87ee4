import { onScopeDispose, watch, type Ref } from 'vue';
import type { AliasValidity, TimeLimitedAlias } from '../../../server/features/aliases/aliases.schema.ts';
import { useKeysetList } from '../../composables/useKeysetList.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';

/**
 * The user's time-limited aliases, newest first, filtered by `search` (reloads 250 ms after typing
 * stops), and what can be done to one: extend, make permanent, describe, delete. A change answers
 * with the alias as stored, which replaces the row in place.
 */
export function useTimeLimitedAliases(search: Ref<string>) {
  const list = useKeysetList((cursor: string | null) => {
    const query: Record<string, string> = { limit: '30' };
    if (cursor) query.cursor = cursor;
    if (search.value.trim()) query.q = search.value.trim().slice(0, 200);
    return call(api.aliases['time-limited'].$get({ query }));
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(search, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void list.reload(), 250);
  });
  onScopeDispose(() => clearTimeout(timer));
  void list.reload();

  const { error: failure, busy, run } = useMutation();
  const change = async (address: string, work: () => Promise<void>) => (await run(work, address)) !== null;
  const replace = (next: TimeLimitedAlias) => { list.items.value = list.items.value.map((a) => (a.address === next.address ? next : a)); };
  const param = (address: string) => ({ param: { address } });

  return {
    ...list, busy, failure,
    edit: (address: string, json: { validity?: AliasValidity; description?: string }) =>
      change(address, async () => replace(await call(api.aliases['time-limited'][':address'].$patch({ ...param(address), json })))),
    remove: (address: string) => change(address, async () => {
      await call(api.aliases['time-limited'][':address'].$delete(param(address)));
      list.items.value = list.items.value.filter((a) => a.address !== address);
    }),
  };
}
