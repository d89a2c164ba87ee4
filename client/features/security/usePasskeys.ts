import { shallowRef } from 'vue';
import type { PasskeyView } from '../../../server/features/webauthn/webauthn.schema.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';

/** The account's passkeys (mailcow's fido2): listed, added, renamed, removed. */
export function usePasskeys() {
  const passkeys = shallowRef<PasskeyView[]>([]);
  const { pending, error, busy, run } = useMutation();
  const load = () => run(async () => { passkeys.value = (await call(api.account.passkeys.$get())).passkeys; });

  return {
    passkeys, pending, error, busy, load,
    async add(friendlyName?: string): Promise<boolean> {
      const made = await run(async () => {
        const { withNewCredential } = await import('../webauthn/webauthn-browser.ts');
        return (await withNewCredential(() => api.account.passkeys.options.$post(), (response) => api.account.passkeys.$post({ json: { friendlyName, response } }))).passkey;
      }, 'add');
      if (made) passkeys.value = [...passkeys.value, made];
      return made !== null;
    },
    async rename(id: string, friendlyName: string): Promise<boolean> {
      const ok = await run(() => call(api.account.passkeys[':id'].$patch({ param: { id }, json: { friendlyName } })).then(() => true), id);
      if (ok) passkeys.value = passkeys.value.map((p) => (p.id === id ? { ...p, name: friendlyName } : p));
      return ok === true;
    },
    async remove(id: string): Promise<void> {
      const ok = await run(() => call(api.account.passkeys[':id'].$delete({ param: { id } })).then(() => true), id);
      if (ok) passkeys.value = passkeys.value.filter((p) => p.id !== id);
    },
  };
}
