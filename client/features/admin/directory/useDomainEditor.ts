import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';
import type { CreateDomainInput, EditDomainInput } from '../../../../server/mailcow/domain.schema.ts';

const one = api.admin.domains[':domain'];

/**
 * Adding, reading (for the edit form), changing and deleting a domain. `save` carries the form's error (its issues go under the
 * fields); `removal` the delete dialog's, the preview's load included.
 */
export function useDomainEditor() {
  const save = useMutation();
  const removal = useMutation();
  return {
    save,
    removal,
    load: (name: string) => save.run(async () => (await call(one.$get({ param: { domain: name } }))).domain),
    create: (input: CreateDomainInput) => save.run(() => call(api.admin.domains.$post({ json: input }))),
    edit: (name: string, input: EditDomainInput) => save.run(() => call(one.$patch({ param: { domain: name }, json: input }))),
    preview: (name: string) => removal.run(async () =>
      (await call(one['delete-preview'].$get({ param: { domain: name } }))).preview),
    remove: (name: string) => removal.run(() => call(one.$delete({ param: { domain: name } }))),
  };
}
