import { ref, shallowRef, type Ref } from 'vue';
import type { SenderAclInput, SenderAclView } from '../../../../server/mailcow/sender-acl.schema.ts';
import { api, call } from '../../../lib/api.ts';

/** One mailbox's send-as grants (mailcow's sender_acl), as the admin may see and change them. */
export function useSenderAcl(username: Ref<string>) {
  const view = shallowRef<SenderAclView | null>(null);
  const error = shallowRef<unknown>(null);
  const pending = ref(false);
  const param = () => ({ param: { username: username.value } });

  async function run(work: () => Promise<SenderAclView>): Promise<boolean> {
    pending.value = true;
    error.value = null;
    try {
      view.value = await work();
      return true;
    } catch (e) {
      error.value = e;
      return false;
    } finally {
      pending.value = false;
    }
  }
  const load = () => run(() => call(api.admin.mailboxes[':username']['sender-acl'].$get(param())));
  void load();
  return {
    view, error, pending, reload: load,
    save: (json: SenderAclInput) => run(() => call(api.admin.mailboxes[':username']['sender-acl'].$put({ ...param(), json }))),
  };
}
