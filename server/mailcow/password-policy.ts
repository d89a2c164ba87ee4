// mailcow's password rules (`password_complexity('get')` and `password_check()` in functions.inc.php):
// the Redis hash PASSWD_POLICY, missing keys at their defaults (length 6, nothing else required).
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
