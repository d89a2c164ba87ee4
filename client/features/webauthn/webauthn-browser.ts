// The browser's half of WebAuthn, behind @simplewebauthn/browser, and the round trip around it:
// options from the server, the authenticator's answer, the answer back to the server. Only ever
// imported dynamically: its bytes (and its words) arrive when a key or passkey is about to be used,
// never with the sign-in page itself. Browser failures come out as BrowserError with a translated key.
import {
  startAuthentication, startRegistration,
  type AuthenticationResponseJSON, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { ClientResponse } from 'hono/client';
import { loadFeatureMessages } from '../../i18n/index.ts';
import { call } from '../../lib/api.ts';
import { BrowserError } from '../../lib/errors.ts';

/** The user closed the prompt, or another ceremony took its place: nothing to tell them. */
export const isCancelled = (e: unknown) => e instanceof BrowserError && e.key === 'webauthn.cancelled';

function browserError(e: unknown): BrowserError {
  const name = (e as { name?: string } | null)?.name;
  const key = name === 'NotAllowedError' || name === 'AbortError' ? 'cancelled' : name === 'InvalidStateError' ? 'alreadyRegistered' : 'failed';
  return new BrowserError(`webauthn.${key}`, { cause: e });
}

type Request<T> = () => Promise<ClientResponse<T>>;

async function roundTrip<O, A, T>(begin: Request<O>, ask: (options: O) => Promise<A>, finish: (answer: A) => Promise<ClientResponse<T>>): Promise<T> {
  await loadFeatureMessages(['webauthn']);
  if (typeof window.PublicKeyCredential !== 'function') throw new BrowserError('webauthn.unsupported');
  const options = await call(begin());
  let answer: A;
  try {
    answer = await ask(options);
  } catch (e) {
    throw browserError(e);
  }
  return call(finish(answer));
}

// The options come over the typed API as plain JSON; they are exactly SimpleWebAuthn's JSON shapes.

/** A new credential: registration options from `begin`, the authenticator's attestation to `finish`. */
export const withNewCredential = <O, T>(begin: Request<O>, finish: (response: RegistrationResponseJSON) => Promise<ClientResponse<T>>) =>
  roundTrip(begin, (options) => startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON }), finish);

/** An assertion; `autofill`: conditional mediation (the passkey shows among the name field's suggestions). */
export const withAssertion = <O, T>(begin: Request<O>, finish: (response: AuthenticationResponseJSON) => Promise<ClientResponse<T>>, autofill = false) =>
  roundTrip(begin, (options) => startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON, useBrowserAutofill: autofill }), finish);
