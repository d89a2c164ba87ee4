// The browser's half of WebAuthn, behind @simplewebauthn/browser. Only ever imported dynamically:
// its bytes (and these words) arrive when a key or passkey is about to be used, never with the
// sign-in page itself. Failures come out as BrowserError with a translated key.
import {
  browserSupportsWebAuthnAutofill, startAuthentication, startRegistration, WebAuthnAbortService,
  type AuthenticationResponseJSON, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { loadFeatureMessages } from '../../i18n/index.ts';
import { BrowserError } from '../../lib/errors.ts';

/** The user closed the prompt, or another ceremony took its place: nothing to tell them. */
export const isCancelled = (e: unknown) => e instanceof BrowserError && e.key === 'webauthn.cancelled';

function browserError(e: unknown): BrowserError {
  const name = (e as { name?: string } | null)?.name;
  const key = name === 'NotAllowedError' || name === 'AbortError' ? 'cancelled' : name === 'InvalidStateError' ? 'alreadyRegistered' : 'failed';
  return new BrowserError(`webauthn.${key}`, { cause: e });
}

async function ceremony<T>(run: () => Promise<T>): Promise<T> {
  await loadFeatureMessages(['webauthn']);
  if (typeof window.PublicKeyCredential !== 'function') throw new BrowserError('webauthn.unsupported');
  try {
    return await run();
  } catch (e) {
    throw browserError(e);
  }
}

// The options come over the typed API as plain JSON; they are exactly SimpleWebAuthn's JSON shapes.
export const createCredential = (options: unknown): Promise<RegistrationResponseJSON> =>
  ceremony(() => startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON }));

/** `autofill`: conditional mediation (the passkey shows among the name field's suggestions). */
export const getAssertion = (options: unknown, autofill = false): Promise<AuthenticationResponseJSON> =>
  ceremony(() => startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON, useBrowserAutofill: autofill }));

export const autofillSupported = (): Promise<boolean> => browserSupportsWebAuthnAutofill();

/** Ends a waiting ceremony (conditional mediation) when the page moves on. */
export const cancelCeremony = () => WebAuthnAbortService.cancelCeremony();
