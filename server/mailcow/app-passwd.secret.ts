// The passwords Cowbell makes for app passwords: typed on a phone or pasted into a mail app, so from
// an alphabet without look-alikes (no 0/O, 1/l/I), in dash-separated groups of four. 24 characters
// from 56 give about 139 bits. The dashes count as mailcow's special characters; a draw that still
// breaks a PASSWD_POLICY rule (no digit, say) is drawn again.
import { randomInt } from 'node:crypto';
import { passwordPolicyIssues, type PasswordPolicy } from './password-policy.ts';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const APP_PASSWORD_CHARS = 24;
const GROUP = 4;

function draw(chars: number): string {
  let out = '';
  for (let i = 0; i < chars; i++) {
    if (i > 0 && i % GROUP === 0) out += '-';
    out += ALPHABET[randomInt(ALPHABET.length)];
  }
  return out;
}

/** A fresh password that meets `policy` (a longer minimum length than ours makes it longer). */
export function generateAppPassword(policy: PasswordPolicy): string {
  const chars = Math.max(APP_PASSWORD_CHARS, policy.length);
  for (;;) {
    const password = draw(chars);
    if (/[a-z]/.test(password) && /[A-Z]/.test(password) && /\d/.test(password) && passwordPolicyIssues(policy, password).length === 0) {
      return password;
    }
  }
}
