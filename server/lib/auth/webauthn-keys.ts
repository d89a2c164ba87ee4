// mailcow keeps WebAuthn public keys as PEM (SPKI, 64-character lines, as lbuchs/WebAuthn writes
// them) and @simplewebauthn wants COSE. Both directions go through node's own key objects (JWK), so
// nothing here parses key material by hand. The CBOR is tiny-cbor, the library SimpleWebAuthn's own
// isoCBOR wraps (Maps stay Maps, no tag 64): importing SimpleWebAuthn itself costs the server ~25 MiB,
// so only a ceremony loads it (features/webauthn/ceremony.ts).
import { createPublicKey, X509Certificate, type JsonWebKey } from 'node:crypto';
import { decodePartialCBOR, encodeCBOR, type CBORType } from '@levischuck/tiny-cbor';

// COSE labels (RFC 9053): kty 1, alg 3; EC2/OKP crv -1, x -2, y -3; RSA n -1, e -2.
const KTY_OKP = 1, KTY_EC2 = 2, KTY_RSA = 3;
const EC_CURVES: Record<string, { crv: number; alg: number }> = {
  'P-256': { crv: 1, alg: -7 }, 'P-384': { crv: 2, alg: -35 }, 'P-521': { crv: 3, alg: -36 },
};
const CURVE_NAMES = Object.fromEntries(Object.entries(EC_CURVES).map(([name, v]) => [v.crv, name]));
const ED25519 = { crv: 6, alg: -8 };
/** mailcow offers only ES256 and RS256 (lbuchs checks RSA signatures with SHA-256, PKCS#1 v1.5). */
const RS256 = -257;

const b64u = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');

/** A stored PEM as the COSE key SimpleWebAuthn verifies with. */
export function pemToCose(pem: string): Uint8Array {
  const jwk = createPublicKey(pem).export({ format: 'jwk' });
  const map = new Map<number, number | Uint8Array>();
  if (jwk.kty === 'EC' && jwk.crv && EC_CURVES[jwk.crv]) {
    const { crv, alg } = EC_CURVES[jwk.crv];
    map.set(1, KTY_EC2).set(3, alg).set(-1, crv).set(-2, b64u(jwk.x)).set(-3, b64u(jwk.y));
  } else if (jwk.kty === 'RSA') {
    map.set(1, KTY_RSA).set(3, RS256).set(-1, b64u(jwk.n)).set(-2, b64u(jwk.e));
  } else if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    map.set(1, KTY_OKP).set(3, ED25519.alg).set(-1, ED25519.crv).set(-2, b64u(jwk.x));
  } else {
    throw new Error(`unsupported key type ${jwk.kty}/${jwk.crv ?? ''}`);
  }
  return encodeCBOR(map as Map<number, CBORType>);
}

/** A credential's COSE key as mailcow stores it: SPKI PEM with 64-character lines and a final newline. */
export function coseToPem(cose: Uint8Array): string {
  // A copy: the decoder may keep views into what it reads.
  const [map] = decodePartialCBOR(new Uint8Array(cose), 0) as [Map<number, number | Uint8Array>, number];
  const bytes = (label: number) => Buffer.from(map.get(label) as Uint8Array).toString('base64url');
  const kty = map.get(1);
  let jwk: JsonWebKey;
  if (kty === KTY_EC2 && CURVE_NAMES[map.get(-1) as number]) {
    jwk = { kty: 'EC', crv: CURVE_NAMES[map.get(-1) as number], x: bytes(-2), y: bytes(-3) };
  } else if (kty === KTY_RSA) {
    jwk = { kty: 'RSA', n: bytes(-1), e: bytes(-2) };
  } else if (kty === KTY_OKP && map.get(-1) === ED25519.crv) {
    jwk = { kty: 'OKP', crv: 'Ed25519', x: bytes(-2) };
  } else {
    throw new Error(`unsupported COSE key type ${String(kty)}`);
  }
  return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
}

export interface AttestationCertificate {
  /** The leaf (PEM), or null for attestation "none" (lbuchs gives null). */
  certificate: string | null;
  /** The rest of x5c as concatenated PEMs, or null. */
  chain: string | null;
  /** lbuchs's wording: "CN (O OU)"; '' when there is no certificate. */
  issuer: string;
  subject: string;
}

/** One distinguished name the way lbuchs/WebAuthn shortens it. */
function shortName(dn: string): string {
  const field = (key: string) => dn.split('\n').find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1) ?? '';
  const cn = field('CN');
  const rest = `${field('O')} ${field('OU')}`.trim();
  if (cn) return rest ? `${cn} (${rest})` : cn;
  return rest;
}

const toPem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;

/** The attestation statement's x5c, as mailcow's tables keep it. */
export function attestationCertificate(x5c: Uint8Array[] | undefined): AttestationCertificate {
  if (!x5c || x5c.length === 0) return { certificate: null, chain: null, issuer: '', subject: '' };
  const leaf = new X509Certificate(Buffer.from(x5c[0]));
  return {
    certificate: toPem(x5c[0]),
    chain: x5c.length > 1 ? x5c.slice(1).map(toPem).join('\n') : null,
    issuer: shortName(leaf.issuer).slice(0, 255),
    subject: shortName(leaf.subject).slice(0, 255),
  };
}
