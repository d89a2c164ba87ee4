// Sign-in with a passkey alone (lazy: the sign-in page imports this only when a passkey is used or
// offered in the name field's suggestions, so its code never weighs on the page itself).
import type { Ref } from 'vue';
import type { SessionView } from '../../../server/features/session/session.schema.ts';
import { api } from '../../lib/api.ts';
import { isCancelled, withAssertion } from '../webauthn/webauthn-browser.ts';

/**
 * `autofill`: offer the passkeys among the name field's suggestions and wait; then only a passkey the
 * user picked and the server refused is worth words (not a browser that could not offer any).
 */
export async function passkeySignIn(autofill: boolean, complete: (session: SessionView) => Promise<void>, error: Ref<unknown>): Promise<void> {
  let picked = false;
  try {
    const { session } = await withAssertion(() => api.session.passkey.options.$post(), (response) => {
      picked = true;
      return api.session.passkey.$post({ json: { response } });
    }, autofill);
    await complete(session);
  } catch (e) {
    if ((picked || !autofill) && !isCancelled(e)) error.value = e;
  }
}
