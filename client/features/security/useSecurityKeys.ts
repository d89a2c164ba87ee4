import { ref } from 'vue';
import { useMutation } from '../../composables/useMutation.ts';
import { api } from '../../lib/api.ts';

/** Registers a security key as a second factor (mailcow's tfa, webauthn): options, the key's answer, the server's check. */
export function useAddSecurityKey() {
  const { pending, error, run } = useMutation();
  const added = ref<string | null>(null);

  async function add(keyId: string): Promise<boolean> {
    added.value = null;
    const made = await run(async () => {
      const { withNewCredential } = await import('../webauthn/webauthn-browser.ts');
      return withNewCredential(() => api.account.factors.webauthn.options.$post(), (response) => api.account.factors.webauthn.$post({ json: { keyId, response } }));
    });
    if (made) added.value = made.keyId;
    return made !== null;
  }

  return { pending, error, added, add };
}
