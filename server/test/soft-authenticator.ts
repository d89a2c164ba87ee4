// A software authenticator for tests: real key pairs (node crypto), authenticatorData and
// clientDataJSON built by the spec, attestation "none", assertions signed over authData ‖ SHA-256(clientData).
// It can also mint a credential outside any ceremony, for rows written the way mailcow writes them.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { pemToCose } from '../lib/auth/webauthn-keys.ts';

export type KeyAlg = 'ES256' | 'RS256' | 'Ed25519';

export interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  /** SPKI PEM, as mailcow stores it. */
  publicKeyPem: string;
  alg: KeyAlg;
  userHandle: Buffer | null;
  signCount: number;
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');

export function newCredential(alg: KeyAlg = 'ES256', userHandle: Buffer | null = null): SoftCredential {
  const { privateKey, publicKey } = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  return { id: randomBytes(32), privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), alg, userHandle, signCount: 0 };
}

function authData(rpId: string, flags: number, signCount: number, attested?: SoftCredential): Buffer {
  const count = Buffer.alloc(4);
  count.writeUInt32BE(signCount);
  const parts: Uint8Array[] = [sha256(rpId), Buffer.from([flags]), count];
  if (attested) {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(attested.id.length);
    parts.push(Buffer.alloc(16), len, attested.id, Buffer.from(pemToCose(attested.publicKeyPem)));
  }
  return Buffer.concat(parts);
}

const UP = 0x01, UV = 0x04, AT = 0x40;

/** What the authenticator reads of the options (as they come over the wire). */
interface CreationOptions { challenge: string; rp: { id?: string }; user: { id: string } }
interface RequestOptions { challenge: string; rpId?: string; allowCredentials?: { id: string }[] }

export interface Tamper {
  /** The origin the "browser" reports. */
  origin?: string;
  /** The RP id hashed into authData (e.g. mailcow's appid `https://<rpId>`). */
  rpId?: string;
  /** Answer with this challenge instead of the one asked. */
  challenge?: string;
  /** A key without a PIN or biometrics: user presence only, no user verification flag. */
  noUserVerification?: boolean;
}

export function createSoftAuthenticator(origin: string) {
  const credentials: SoftCredential[] = [];
  const clientData = (type: string, challenge: string, t: Tamper) =>
    Buffer.from(JSON.stringify({ type, challenge: t.challenge ?? challenge, origin: t.origin ?? origin, crossOrigin: false }));

  return {
    credentials,
    /** A credential the authenticator holds without having registered it here (e.g. in mailcow). */
    adopt(c: SoftCredential) { credentials.push(c); return c; },

    register(options: CreationOptions, t: Tamper = {}, alg: KeyAlg = 'ES256'): RegistrationResponseJSON {
      const c = newCredential(alg, Buffer.from(options.user.id, 'base64url'));
      credentials.push(c);
      const data = authData(t.rpId ?? options.rp.id!, UP | UV | AT, c.signCount, c);
      const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', new Uint8Array(data)]]) as never);
      return {
        id: b64u(c.id), rawId: b64u(c.id), type: 'public-key', clientExtensionResults: {},
        response: { clientDataJSON: b64u(clientData('webauthn.create', options.challenge, t)), attestationObject: b64u(attestationObject), transports: ['internal'] },
      };
    },

    /** Answers with `use`, else the first held credential the options allow (any, when they allow all). */
    assert(options: RequestOptions, t: Tamper = {}, use?: SoftCredential): AuthenticationResponseJSON {
      const allowed = options.allowCredentials?.map((a) => a.id);
      const c = use ?? credentials.find((k) => !allowed || allowed.includes(b64u(k.id)));
      if (!c) throw new Error('no credential for these options');
      c.signCount += 1;
      const data = authData(t.rpId ?? options.rpId!, t.noUserVerification ? UP : UP | UV, c.signCount);
      const cdj = clientData('webauthn.get', options.challenge, t);
      const signed = Buffer.concat([data, sha256(cdj)]);
      const signature = sign(c.alg === 'Ed25519' ? null : 'sha256', signed, c.privateKey);
      return {
        id: b64u(c.id), rawId: b64u(c.id), type: 'public-key', clientExtensionResults: t.rpId?.startsWith('https://') ? { appid: true } : {},
        response: { clientDataJSON: b64u(cdj), authenticatorData: b64u(data), signature: b64u(signature), ...(c.userHandle ? { userHandle: b64u(c.userHandle) } : {}) },
      };
    },
  };
}
