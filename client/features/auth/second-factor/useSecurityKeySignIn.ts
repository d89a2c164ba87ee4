import { ref, shallowRef } from 'vue';
import type { SessionView } from '../../../../server/features/session/session.schema.ts';
import { api } from '../../../lib/api.ts';

/** The second step with a security key: ask the server, let the key sign, hand the answer back. */
export function useSecurityKeySignIn() {
  const pending = ref(false);
  const error = shallowRef<unknown>(null);

  async function answer(): Promise<SessionView | null> {
    pending.value = true;
    error.value = null;
    try {
      const { withAssertion } = await import('../../webauthn/webauthn-browser.ts');
      return (await withAssertion(() => api.session.tfa.webauthn.options.$post(), (response) => api.session.tfa.webauthn.$post({ json: { response } }))).session;
    } catch (e) {
      error.value = e;
      return null;
    } finally {
      pending.value = false;
    }
  }

  return { pending, error, answer };
}
