// What the browser sends back from navigator.credentials (as @simplewebauthn/browser serialises it)
// and the few fields around it. Sizes are bounded; the content is checked by SimpleWebAuthn.
import type { AuthenticationExtensionsClientOutputs, AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';

const b64url = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9_-]*$/, 'Not base64url.');
// Browsers add transports over time: any short name is kept out of trouble by its length.
const transports = z.array(z.string().max(16)).max(8).optional();
const common = {
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.custom<AuthenticationExtensionsClientOutputs>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)
    && JSON.stringify(v).length <= 2048, 'Not extension results.').default({}),
};

export const registrationResponse = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(16_384),
    transports,
    authenticatorData: b64url(8192).optional(),
    publicKey: b64url(4096).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
  }),
}).transform((v) => v as RegistrationResponseJSON);

export const authenticationResponse = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(8192),
    signature: b64url(2048),
    userHandle: b64url(512).optional(),
  }),
}).transform((v) => v as AuthenticationResponseJSON);

export const assertionInput = z.object({ response: authenticationResponse });

const keyName = z.string().trim().min(1, 'Give the key a name.').max(255, 'This name is too long.');

/** A second-factor key: its name is mailcow's tfa.key_id. */
export const addSecurityKeyInput = z.object({ keyId: keyName, response: registrationResponse });
export type AddSecurityKeyInput = z.output<typeof addSecurityKeyInput>;

export const addPasskeyInput = z.object({ friendlyName: keyName.optional(), response: registrationResponse });
export type AddPasskeyInput = z.output<typeof addPasskeyInput>;

export const renamePasskeyInput = z.object({ friendlyName: keyName });

/** SHA2(credentialId, 256) in hex, as mailcow names a passkey. */
export const passkeyParam = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'Not a passkey.') });

export interface PasskeyView {
  id: string;
  /** The user's name for it, else the attestation certificate's subject, else null (the client says "Passkey"). */
  name: string | null;
  created: string;
}
