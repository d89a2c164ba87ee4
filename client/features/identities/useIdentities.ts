import { ref, shallowRef } from 'vue';
import type { IdentitiesView, IdentityInput } from '../../../server/features/identities/identities.schema.ts';
import { api, call } from '../../lib/api.ts';

/**
 * The addresses the user may send as and the identity of each (display name, reply-to, signature,
 * default), kept in SOGo's preferences. Every change answers with the whole view, which replaces it.
 */
export function useIdentities() {
  const view = shallowRef<IdentitiesView | null>(null);
  const error = shallowRef<unknown>(null);
  const busy = ref<string | null>(null);

  async function run(address: string | null, work: () => Promise<IdentitiesView>): Promise<boolean> {
    busy.value = address ?? '';
    error.value = null;
    try {
      view.value = await work();
      return true;
    } catch (e) {
      error.value = e;
      return false;
    } finally {
      busy.value = null;
    }
  }
  const param = (address: string) => ({ param: { address } });
  void run(null, () => call(api.identities.$get()));

  return {
    view, error, busy,
    save: (address: string, json: IdentityInput) => run(address, () => call(api.identities[':address'].$put({ ...param(address), json }))),
    makeDefault: (address: string) => run(address, () => call(api.identities[':address'].default.$put(param(address)))),
    reset: (address: string) => run(address, () => call(api.identities[':address'].$delete(param(address)))),
  };
}
