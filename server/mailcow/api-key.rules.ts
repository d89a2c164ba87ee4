// mailcow's rules for API keys (admin_api() in functions.inc.php): the key format and allow_from.
import { randomBytes } from 'node:crypto';
import { splitAllowList } from '../lib/allow-list.ts';
import { AppError } from '../lib/errors.ts';
import type { ErrorIssue } from '../lib/error-codes.ts';
import { isMailcowNetwork } from '../lib/networks.ts';

/** mailcow's key: five groups of six upper-case hex digits joined by "-". */
export const newMailcowKey = () => Array.from({ length: 5 }, () => randomBytes(3).toString('hex').toUpperCase()).join('-');

/** allow_from's column width. */
const ALLOW_FROM_MAX = 512;

/**
 * An allow-list as typed → its entries, unique, in order. mailcow drops an entry that is no IP or
 * network with a warning and saves the rest; Cowbell refuses the whole list instead, naming each bad
 * entry (issue path `<field>.<index>`, the index among splitAllowList's entries), so nobody locks a
 * script out by a typo they were never shown.
 */
export function parseAllowFrom(text: string, field = 'allowFrom'): string[] {
  const entries = splitAllowList(text);
  const issues: ErrorIssue[] = entries.flatMap((entry, i) => (isMailcowNetwork(entry) ? [] : [{
    path: `${field}.${i}`, code: 'invalid' as const,
    message: `"${entry}" is not an IP address or network (IPv4 up to /32, IPv6 up to /128).`,
  }]));
  const unique = [...new Set(entries)];
  if (issues.length === 0 && unique.join(',').length > ALLOW_FROM_MAX) {
    issues.push({ path: field, code: 'too_long', message: `The list is longer than ${ALLOW_FROM_MAX} characters.` });
  }
  if (issues.length > 0) throw new AppError('validation_failed', 'Some fields are not valid.', issues);
  return unique;
}

/** mailcow's ip_list_empty: a key checked against an empty list would let nobody in. */
export function refuseEmptyList(): never {
  throw new AppError('validation_failed', 'Some fields are not valid.', [
    { path: 'allowFrom', code: 'required', message: 'Name at least one IP address or network, or skip the IP check.' },
  ]);
}
