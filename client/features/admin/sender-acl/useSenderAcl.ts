import { shallowRef, type Ref } from 'vue';
import type { SenderAclInput, SenderAclView } from '../../../../server/mailcow/sender-acl.schema.ts';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';

/** One mailbox's send-as grants (mailcow's sender_acl), as the admin may see and change them. */
export function useSenderAcl(username: Ref<string>) {
  const view = shallowRef<SenderAclView | null>(null);
  const { pending, error, run } = useMutation();
  const param = () => ({ param: { username: username.value } });
  const load = () => run(async () => (view.value = await call(api.admin.mailboxes[':username']['sender-acl'].$get(param()))));
  void load();
  return {
    view, error, pending, reload: load,
    save: async (json: SenderAclInput) =>
      (await run(async () => (view.value = await call(api.admin.mailboxes[':username']['sender-acl'].$put({ ...param(), json }))))) !== null,
  };
}
