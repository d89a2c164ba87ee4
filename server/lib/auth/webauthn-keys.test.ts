// PEM (mailcow's storage) ↔ COSE (SimpleWebAuthn's): every key type round-trips to the same PEM.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attestationCertificate, coseToPem, pemToCose } from './webauthn-keys.ts';

const pems = {
  'EC P-256': generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  'EC P-384': generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  RSA: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  Ed25519: generateKeyPairSync('ed25519'),
};

describe('webauthn keys', () => {
  it.each(Object.entries(pems))('round-trips a %s key', (_name, pair) => {
    const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(coseToPem(pemToCose(pem))).toBe(pem);
  });

  it('refuses a key type WebAuthn has no COSE form for here', () => {
    const pem = generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => pemToCose(pem)).toThrow(/unsupported/);
  });

  it('stores no certificate for attestation "none", as lbuchs does', () => {
    expect(attestationCertificate(undefined)).toEqual({ certificate: null, chain: null, issuer: '', subject: '' });
  });
});
