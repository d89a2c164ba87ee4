import type { CreateDomainAdminInput, EditDomainAdminInput } from '../../../../server/mailcow/domain-admin.schema.ts';
import { useAsync } from '../../../composables/useAsync.ts';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';

const one = api.admin['domain-admins'][':username'];

/** mailcow's domain admins: the list, and adding (a generated password comes back once), changing and deleting one. */
export function useDomainAdmins() {
  const list = useAsync(async () => (await call(api.admin['domain-admins'].$get())).domainAdmins);
  const save = useMutation();
  const removal = useMutation();
  return {
    list,
    save,
    removal,
    create: (json: CreateDomainAdminInput) => save.run(() => call(api.admin['domain-admins'].$post({ json }))),
    edit: (username: string, json: EditDomainAdminInput) => save.run(() => call(one.$patch({ param: { username }, json }))),
    remove: (username: string) => removal.run(() => call(one.$delete({ param: { username } }))),
  };
}
