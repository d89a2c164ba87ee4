import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';
import type { BulkAliasInput, CreateAliasesInput } from '../../../../server/features/admin-aliases/admin-aliases.schema.ts';
import type { EditAliasInput } from '../../../../server/mailcow/alias.schema.ts';

const one = api.admin.aliases[':id'];

/**
 * Creating (several at once), changing, deleting and bulk-changing aliases. `save` carries the
 * form's error; `removal` the row and bulk actions'. Several at once answer per address.
 */
export function useAliasEditor() {
  const save = useMutation();
  const removal = useMutation();
  return {
    save,
    removal,
    create: (input: CreateAliasesInput) => save.run(async () => (await call(api.admin.aliases.$post({ json: input }))).results),
    edit: (id: number, input: Omit<EditAliasInput, 'id'>) => save.run(() => call(one.$patch({ param: { id: String(id) }, json: input }))),
    remove: (id: number) => removal.run(() => call(one.$delete({ param: { id: String(id) } }))),
    bulk: (input: BulkAliasInput) => removal.run(async () => (await call(api.admin.aliases.bulk.$post({ json: input }))).results),
  };
}
