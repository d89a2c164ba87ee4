// mailcow's password rules (`password_complexity('get')` and `password_check()` in functions.inc.php):
// the Redis hash PASSWD_POLICY, missing keys at their defaults (length 6, nothing else required).
import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ErrorIssue } from '../lib/error-codes.ts';
import { mailcowKeys } from '../lib/redis-keys.ts';

export interface PasswordPolicy {
  /** Minimum length in bytes: mailcow measures with PHP's strlen. */
  length: number;
  chars: boolean;
  specialChars: boolean;
  lowerupper: boolean;
  numbers: boolean;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { length: 6, chars: false, specialChars: false, lowerupper: false, numbers: false };

const flag = (v: string | undefined) => v !== undefined && v.trim() === '1';

export async function readPasswordPolicy(redis: Redis): Promise<PasswordPolicy> {
  const raw = await redis.hgetall(mailcowKeys.passwordPolicy);
  const length = Number.parseInt(raw.length ?? '', 10);
  return {
    length: Number.isFinite(length) ? length : DEFAULT_PASSWORD_POLICY.length,
    chars: flag(raw.chars),
    specialChars: flag(raw.special_chars),
    lowerupper: flag(raw.lowerupper),
    numbers: flag(raw.numbers),
  };
}

/**
 * Every rule `password` breaks, as issues of `path` (mailcow stops at the first and says only
 * "password_complexity"; naming each lets the form say what to fix). Same tests as mailcow's:
 * ASCII letters, digits, anything else is special, one lower- and one upper-case ASCII letter.
 */
export function passwordPolicyIssues(policy: PasswordPolicy, password: string, path = 'password'): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  if (Buffer.byteLength(password, 'utf8') < policy.length) {
    issues.push({ path, code: 'too_short', message: `The password must be at least ${policy.length} characters long.` });
  }
  if (policy.chars && !/[a-zA-Z]/.test(password)) issues.push({ path, code: 'needs_letters', message: 'The password must contain a letter.' });
  if (policy.specialChars && !/[^a-zA-Z\d]/.test(password)) {
    issues.push({ path, code: 'needs_special_chars', message: 'The password must contain a character that is neither a letter nor a digit.' });
  }
  if (policy.lowerupper && !(/[a-z]/.test(password) && /[A-Z]/.test(password))) {
    issues.push({ path, code: 'needs_lowerupper', message: 'The password must contain lower-case and upper-case letters.' });
  }
  if (policy.numbers && !/\d/.test(password)) issues.push({ path, code: 'needs_numbers', message: 'The password must contain a digit.' });
  return issues;
}

/**
 * The schemes mailcow's hash_password() takes as already hashed (reference 2): such a "password" is
 * stored as it is, so mailboxes can move from another server with their hashes.
 */
const PRE_HASHED = /^\{(ARGON2I|ARGON2ID|BLF-CRYPT|CLEAR|CLEARTEXT|CRYPT|DES-CRYPT|LDAP-MD5|MD5|MD5-CRYPT|PBKDF2|PLAIN|PLAIN-MD4|PLAIN-MD5|PLAIN-TRUNC|SHA|SHA1|SHA256|SHA256-CRYPT|SHA512|SHA512-CRYPT|SMD5|SSHA|SSHA256|SSHA512)\}/i;

export const isPreHashed = (password: string) => PRE_HASHED.test(password);

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SPECIAL = '-_.+!#%';

/**
 * A strong password every PASSWD_POLICY accepts: at least 20 characters (or the policy's length),
 * always with lower- and upper-case letters, digits and a special character; no look-alikes (0/O, 1/l/I).
 */
export function generatePassword(policy: PasswordPolicy): string {
  const length = Math.max(20, policy.length);
  const all = LOWER + UPPER + DIGITS + SPECIAL;
  const chars = [LOWER, UPPER, DIGITS, SPECIAL].map((set) => set[randomInt(set.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
