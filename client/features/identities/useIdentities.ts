import { shallowRef } from 'vue';
import type { IdentitiesView, IdentityInput } from '../../../server/features/identities/identities.schema.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';

/**
 * The addresses the user may send as and the identity of each (display name, reply-to, signature,
 * default), kept in SOGo's preferences. Every change answers with the whole view, which replaces it;
 * `busy` names the address being changed.
 */
export function useIdentities() {
  const view = shallowRef<IdentitiesView | null>(null);
  const { error, busy, run } = useMutation();
  const change = async (address: string | null, work: () => Promise<IdentitiesView>) =>
    (await run(async () => (view.value = await work()), address)) !== null;
  const param = (address: string) => ({ param: { address } });
  void change(null, () => call(api.identities.$get()));

  return {
    view, error, busy,
    save: (address: string, json: IdentityInput) => change(address, () => call(api.identities[':address'].$put({ ...param(address), json }))),
    makeDefault: (address: string) => change(address, () => call(api.identities[':address'].default.$put(param(address)))),
    reset: (address: string) => change(address, () => call(api.identities[':address'].$delete(param(address)))),
  };
}
