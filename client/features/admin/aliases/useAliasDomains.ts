import { ref } from 'vue';
import { useKeysetList } from '../../../composables/useKeysetList.ts';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';
import type { CreateAliasDomainInput, EditAliasDomainInput } from '../../../../server/mailcow/alias-domain.schema.ts';

const one = api.admin['alias-domains'][':aliasDomain'];

/** The viewer's alias domains (keyset-paged by name) and adding, changing and deleting one. */
export function useAliasDomains() {
  const search = ref('');
  const list = useKeysetList((cursor: string | null) => {
    const query: Record<string, string> = {};
    if (cursor) query.cursor = cursor;
    if (search.value.trim()) query.q = search.value.trim();
    return call(api.admin['alias-domains'].$get({ query }));
  });
  void list.reload();
  const save = useMutation();
  const removal = useMutation();
  return {
    list, search, save, removal,
    create: (input: CreateAliasDomainInput) => save.run(() => call(api.admin['alias-domains'].$post({ json: input }))),
    edit: (name: string, input: EditAliasDomainInput) => save.run(() => call(one.$patch({ param: { aliasDomain: name }, json: input }))),
    remove: (name: string) => removal.run(() => call(one.$delete({ param: { aliasDomain: name } }))),
  };
}
