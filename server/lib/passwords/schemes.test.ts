// Vectors made outside Cowbell: mkpasswd (whois package) for the crypt(3) family, the argon2 CLI,
// Python's hashlib for the digest schemes, PHP's documented password_verify example, and mailcow's
// own seeded admin hash.
import { afterAll, describe, expect, it } from 'vitest';
import { createPasswordHasher } from './passwords.ts';
import { verifyHash } from './schemes.ts';

const PW = 'Kuh-Glocke 7!';
const VECTORS: [scheme: string, payload: string][] = [
  ['BLF-CRYPT', '$2b$05$8E3IwTBx5GHcl7GUwMNa8eCD9COWVhN1d7n9HWCYeTYv/sQ9oLNIW'],
  ['BLF-CRYPT', '$2a$05$ertSAH1/dhMwbiFkNJso9uLz7WxJEByggO3Qecg.4jrvvJwEMGAWS'],
  ['BLF-CRYPT', '$2y$05$8E3IwTBx5GHcl7GUwMNa8eCD9COWVhN1d7n9HWCYeTYv/sQ9oLNIW'],
  ['CRYPT', '$2b$05$8E3IwTBx5GHcl7GUwMNa8eCD9COWVhN1d7n9HWCYeTYv/sQ9oLNIW'],
  ['MD5-CRYPT', '$1$YxrwZ2NJ$l0HZNKXlVr36H1PUZDuz20'],
  ['MD5', '$1$YxrwZ2NJ$l0HZNKXlVr36H1PUZDuz20'],
  ['SHA256-CRYPT', '$5$mnbrFNtkwWV.2R3b$0ipaCxxSSgXQy8ZyFzcs6qSoCOqkC5RNwedPOmazgr6'],
  ['SHA512-CRYPT', '$6$FZtcNdOEqdtslH78$NU0JtZKf5VeDRpDNVR0aNgnGF3qP16XPtHAogj7esDp4L5ruPnDFS41ficIXFpXNg0qG.0rdbkUhTIpwb..I..'],
  ['SHA512-CRYPT', '$6$rounds=10000$Tx1tdpnRpUGYEoIa$HgX2kt6TUlFfiNXppmsQBcGx/q6Z08YyoQQy7OyNu7sHNq/g6lJWdklU6CfaSBuGcDFYfdx8r1l3bqbeDCErr/'],
  ['ARGON2I', '$argon2i$v=19$m=4096,t=2,p=1$Y293YmVsbHNhbHQwMQ$lL32t2f2uIdHaB9eW4DKJL3EoClWpsGIvZxLzZELiCU'],
  ['ARGON2ID', '$argon2id$v=19$m=4096,t=2,p=1$Y293YmVsbHNhbHQwMg$6E6gJ133UgDIy0kqREcB1WnPwN7es/yZBuTEu+1I8zI'],
  ['SSHA256', '3phMFI7Yq3GVPdkHSK7ymuWv8LkEp0Xd8T6I++fYuTRmNDBkMDc0NDAyOTAxN2Rk'],
  ['SSHA512', 'Ny+ITsiOUEZHAplXDQy8tanQCZ80OXfVl7ynpGgBC+ZOBHD+EChZunIYt54lQniQ9Hgi/cEuZ/ozPHGAJPWes2Y0MGQwNzQ0MDI5MDE3ZGQ='],
  ['SSHA', 'RkLpjKHBSKm+Aa6DruAIxFFjNbpmNDBkMDc0NDAyOTAxN2Rk'],
  ['SMD5', 'UJbWZ6bUF7s0M2ScwGz6NGY0MGQwNzQ0MDI5MDE3ZGQ='],
  ['SHA', '3CwRmCcHiX9M2Jdvd0xqfhw8P4E='],
  ['SHA1', '3CwRmCcHiX9M2Jdvd0xqfhw8P4E='],
  ['SHA256', 'BF/I2oJijBIAO9V5NrJlij7cW+G3dpocpH6c7f2g9Qk='],
  ['SHA512', '2tabMa1vyyN5YrASBaJ6WYQiI7iBLENZ8auNX3/RcwXBbX68aEAF6baN1/d1PySzOhV/oxjqeiB46Ue+NYjoQQ=='],
  ['PLAIN-MD5', '0a36cc80187d1b47acbddcc6d336948d'],
  ['LDAP-MD5', 'CjbMgBh9G0esvdzG0zaUjQ=='],
  ['PBKDF2', '$1$cowbellsalt$5000$74cbcb8be237da199f780cb15d610a4db2bf1911'],
  ['PLAIN', PW],
  ['CLEAR', PW],
  ['CLEARTEXT', PW],
];

describe('verifyHash: every scheme mailcow verifies', () => {
  it.each(VECTORS)('%s accepts the right password and refuses a wrong one (%s)', async (scheme, payload) => {
    expect(await verifyHash(`{${scheme}}${payload}`, PW)).toBe(true);
    expect(await verifyHash(`{${scheme}}${payload}`, `${PW}x`)).toBe(false);
    expect(await verifyHash(`{${scheme}}${payload}`, '')).toBe(false);
  });

  it('accepts the scheme name in any case', async () => {
    expect(await verifyHash('{ssha256}3phMFI7Yq3GVPdkHSK7ymuWv8LkEp0Xd8T6I++fYuTRmNDBkMDc0NDAyOTAxN2Rk', PW)).toBe(true);
  });

  it("verifies PHP's documented $2y$ example and mailcow's seeded admin hash", async () => {
    expect(await verifyHash('{BLF-CRYPT}$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a', 'rasmuslerdorf')).toBe(true);
    expect(await verifyHash('{SSHA256}K8eVJ6YsZbQCfuJvSUbaQRLr0HPLz5rC9IAp0PAFl0tmNDBkMDc0NDAyOTAxN2Rk', 'moohoo')).toBe(true);
  });

  it('refuses hashes without a scheme, unknown schemes and DES crypt', async () => {
    expect(await verifyHash('$2b$05$8E3IwTBx5GHcl7GUwMNa8eCD9COWVhN1d7n9HWCYeTYv/sQ9oLNIW', PW)).toBe(false);
    expect(await verifyHash(`{ROT13}${PW}`, PW)).toBe(false);
    expect(await verifyHash('{CRYPT}abJnggxhB/yWI', 'test')).toBe(false);
    expect(await verifyHash('', PW)).toBe(false);
  });

  it('treats a truncated salted digest as a mismatch', async () => {
    expect(await verifyHash('{SSHA256}3phMFI7Yq3GVPdkHSK7y', PW)).toBe(false);
    expect(await verifyHash('{PBKDF2}$1$salt$notanumber$abc', PW)).toBe(false);
  });
});

describe('password hasher pool', () => {
  const hasher = createPasswordHasher(1, 5);
  afterAll(() => hasher.close());

  it('writes {BLF-CRYPT}$2y$ hashes that verify, with a fresh salt each time', async () => {
    const a = await hasher.hash(PW);
    const b = await hasher.hash(PW);
    expect(a).toMatch(/^\{BLF-CRYPT\}\$2y\$05\$[./A-Za-z0-9]{53}$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify(a, PW)).toBe(true);
    expect(await hasher.verify(a, 'nope')).toBe(false);
  });

  it('turns a malformed stored hash into a failed check, and an empty one too', async () => {
    expect(await hasher.verify('{BLF-CRYPT}$2y$10$broken', PW)).toBe(false);
    expect(await hasher.verify('{ARGON2ID}$argon2id$garbage', PW)).toBe(false);
    expect(await hasher.verify('', PW)).toBe(false);
  });
});
