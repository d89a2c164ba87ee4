// Sign-in with a passkey alone (lazy: the sign-in page imports this only when a passkey is used or
// offered in the name field's suggestions). Null when the browser cannot offer passkeys that way.
import type { SessionView } from '../../../server/features/session/session.schema.ts';
import { api, call } from '../../lib/api.ts';
import { autofillSupported, cancelCeremony, getAssertion, isCancelled } from '../webauthn/webauthn-browser.ts';

export { cancelCeremony, isCancelled };

export async function passkeySignIn(autofill: boolean): Promise<SessionView | null> {
  if (autofill && !(await autofillSupported())) return null;
  const options = await call(api.session.passkey.options.$post());
  const response = await getAssertion(options, autofill);
  return (await call(api.session.passkey.$post({ json: { response } }))).session;
}
