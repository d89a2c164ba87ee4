// mailcow's verify_hash() (reference section 2), scheme for scheme. Runs inside the hashing worker
// pool: bcrypt, argon2 and the SHA/MD5 crypt schemes are CPU-heavy and must stay off the event loop.
import { createHash, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import md5Crypt from 'apache-md5';
import { argon2Verify, bcrypt, bcryptVerify, md4 } from 'hash-wasm';
import { verify as shaCryptVerify } from 'unixcrypt';

const CRYPT_SCHEMES = new Set(['ARGON2I', 'ARGON2ID', 'BLF-CRYPT', 'CRYPT', 'DES-CRYPT', 'MD5-CRYPT', 'MD5',
  'SHA256-CRYPT', 'SHA512-CRYPT']);
const SALTED_DIGESTS: Record<string, [algorithm: string, length: number]> = {
  SMD5: ['md5', 16], SSHA: ['sha1', 20], SSHA256: ['sha256', 32], SSHA512: ['sha512', 64],
};
const PLAIN_DIGESTS: Record<string, string> = { SHA: 'sha1', SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

function same(a: string | Buffer, b: string | Buffer): boolean {
  const x = Buffer.isBuffer(a) ? a : Buffer.from(a, 'utf8');
  const y = Buffer.isBuffer(b) ? b : Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

const digest = (algorithm: string, ...parts: Buffer[]) => createHash(algorithm).update(Buffer.concat(parts)).digest();

/** PHP password_verify(): the crypt(3) family, told apart by the payload's own `$id$` prefix. */
async function cryptVerify(payload: string, password: string): Promise<boolean> {
  if (/^\$2[abxy]\$\d\d\$/.test(payload)) {
    // $2y$ (PHP) and $2a$/$2b$ are the same algorithm for any password PHP would produce.
    return bcryptVerify({ password, hash: `$2b$${payload.slice(4)}` });
  }
  if (/^\$argon2id?\$/.test(payload)) return argon2Verify({ password, hash: payload });
  if (payload.startsWith('$1$')) return same(md5Crypt(password, payload), payload);
  if (/^\$[56]\$/.test(payload)) return shaCryptVerify(password, payload);
  return false; // DES crypt and unknown ids: nothing mailcow writes, refuse rather than guess.
}

function saltedVerify(scheme: string, payload: string, password: Buffer): boolean {
  const [algorithm, length] = SALTED_DIGESTS[scheme];
  const raw = Buffer.from(payload, 'base64');
  if (raw.length <= length) return false;
  return same(digest(algorithm, password, raw.subarray(length)), raw.subarray(0, length));
}

export async function verifyHash(stored: string, password: string): Promise<boolean> {
  const m = /^\{([A-Za-z0-9-]+)\}([\s\S]*)$/.exec(stored);
  // Hashes without a {SCHEME} prefix never verify in mailcow either; nor does an empty password.
  if (!m || password === '') return false;
  const scheme = m[1].toUpperCase();
  const payload = m[2];
  const pw = Buffer.from(password, 'utf8');
  if (CRYPT_SCHEMES.has(scheme)) return cryptVerify(payload, password);
  if (scheme in SALTED_DIGESTS) return saltedVerify(scheme, payload, pw);
  if (scheme in PLAIN_DIGESTS) return same(digest(PLAIN_DIGESTS[scheme], pw).toString('base64'), payload);
  switch (scheme) {
    case 'CLEAR': case 'CLEARTEXT': case 'PLAIN':
      return same(password, payload);
    case 'LDAP-MD5':
      return same(digest('md5', pw).toString('base64'), payload);
    case 'PLAIN-MD5':
      return same(digest('md5', pw).toString('hex'), payload.toLowerCase());
    case 'PLAIN-MD4':
      return same(await md4(pw), payload.toLowerCase());
    case 'PBKDF2': {
      // Dovecot: $1$<salt>$<rounds>$<hex sha1>
      const [, , salt, rounds, hash] = payload.split('$');
      const n = Number(rounds);
      if (!salt || !hash || !Number.isInteger(n) || n < 1 || n > 10_000_000) return false;
      return same(pbkdf2Sync(pw, salt, n, 20, 'sha1').toString('hex'), hash.toLowerCase());
    }
    case 'PBKDF2-SHA512': {
      // FreeIPA: <iterations>$<base64 salt>$<base64 hash>
      const [rounds, salt, hash] = payload.split('$');
      const n = Number(rounds);
      const expected = Buffer.from(hash ?? '', 'base64');
      if (!salt || expected.length === 0 || !Number.isInteger(n) || n < 1 || n > 10_000_000) return false;
      return same(pbkdf2Sync(pw, Buffer.from(salt, 'base64'), n, expected.length, 'sha512'), expected);
    }
    case 'PLAIN-TRUNC': {
      // mailcow compares the first N characters: "<N>-<prefix>" (explode('-') semantics kept).
      const parts = payload.split('-');
      if (parts.length < 2) return false;
      return same(password.slice(0, Number(parts[0])), parts[1]);
    }
    default:
      return false;
  }
}

/** New hashes: `{BLF-CRYPT}$2y$10$…`, exactly what mailcow's hash_password() writes by default. */
export async function hashBlowfish(password: string, cost = 10): Promise<string> {
  const encoded = await bcrypt({ password, salt: randomBytes(16), costFactor: cost, outputType: 'encoded' });
  return `{BLF-CRYPT}$2y$${encoded.slice(4)}`;
}
