import { shallowRef } from 'vue';
import type { DaAclInput, UserAclInput } from '../../../../server/mailcow/domain-admin.schema.ts';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';

/** One ACL (a domain admin's da_acl or a mailbox's user_acl): loaded at once, saved with the flags changed. */
function useAclEditor<V, In>(load: () => Promise<V>, store: (acl: In) => Promise<V>) {
  const view = shallowRef<V | null>(null);
  const { pending, error, run } = useMutation();
  const reload = () => run(async () => (view.value = await load()));
  void reload();
  return { view, pending, error, reload, save: async (acl: In) => (await run(async () => (view.value = await store(acl)))) !== null };
}

export const useDaAcl = (username: string) => {
  const param = { username };
  return useAclEditor(() => call(api.admin['domain-admins'][':username'].acl.$get({ param })),
    (acl: DaAclInput['acl']) => call(api.admin['domain-admins'][':username'].acl.$put({ param, json: { acl } })));
};

export const useUserAcl = (username: string) => {
  const param = { username };
  return useAclEditor(() => call(api.admin.mailboxes[':username'].acl.$get({ param })),
    (acl: UserAclInput['acl']) => call(api.admin.mailboxes[':username'].acl.$put({ param, json: { acl } })));
};
