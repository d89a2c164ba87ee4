// Sign-in with a passkey alone (lazy: the sign-in page imports this only when a passkey is used or
// offered in the name field's suggestions). Null when nothing came of it that the user should hear
// about: in the suggestions, only a passkey the user picked and the server refused is worth words.
import type { SessionView } from '../../../server/features/session/session.schema.ts';
import { api, call } from '../../lib/api.ts';
import { autofillSupported, cancelCeremony, getAssertion, isCancelled } from '../webauthn/webauthn-browser.ts';

export { cancelCeremony, isCancelled };

async function askForAssertion(autofill: boolean) {
  const options = await call(api.session.passkey.options.$post());
  return getAssertion(options, autofill);
}

export async function passkeySignIn(autofill: boolean): Promise<SessionView | null> {
  if (autofill && !(await autofillSupported())) return null;
  const response = autofill ? await askForAssertion(true).catch(() => null) : await askForAssertion(false);
  if (!response) return null;
  return (await call(api.session.passkey.$post({ json: { response } }))).session;
}
