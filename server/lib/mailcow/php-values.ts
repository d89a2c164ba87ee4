// PHP's loose conversions, as mailcow's functions apply them to what a form or /api/v1 sent: a value
// Cowbell writes for mailcow must be the one PHP would have written from the same input.

import { normaliseAddress } from './addresses.ts';

const NUMERIC_PREFIX = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;

/** PHP 8's intval(): a string's leading number (exponent included), truncated; arrays 0 or 1. */
export function phpIntval(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Array.isArray(v)) return v.length > 0 ? 1 : 0;
  if (typeof v !== 'string') return 0;
  const m = NUMERIC_PREFIX.exec(v);
  if (!m) return 0;
  const n = m[2] !== undefined || m[3] !== undefined || m[1].startsWith('.') ? Math.trunc(Number.parseFloat(m[0])) : Number.parseInt(m[0], 10);
  return Number.isFinite(n) ? n : 0;
}

/** PHP's floatval(). */
export function phpFloatval(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Array.isArray(v)) return v.length > 0 ? 1 : 0;
  if (typeof v !== 'string') return 0;
  const m = NUMERIC_PREFIX.exec(v);
  return m ? Number.parseFloat(m[0]) : 0;
}

/** A float as phpredis sends it to Redis (precision 14, "%.14G": 15.0 → "15", 0.1 + 0.2 → "0.3"). */
export function phpFloatString(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? 'INF' : n < 0 ? '-INF' : 'NAN';
  // Huge and tiny numbers differ in their exponent's spelling; no setting mailcow keeps is one.
  return String(Number(n.toPrecision(14)));
}

/** PHP's loose `$v == ""` in PHP 8: null, false and the empty string. */
export const phpLooseEmptyString = (v: unknown) => v === undefined || v === null || v === false || v === '';

/** PHP's empty(). */
export const phpEmpty = (v: unknown) => v === undefined || v === null || v === false || v === 0 || v === '' || v === '0'
  || (Array.isArray(v) && v.length === 0);

/** A scalar as PHP turns it into a string (phpredis's SET of it): null and false "", true "1". */
export function phpString(v: unknown): string {
  if (v === undefined || v === null || v === false) return '';
  if (v === true) return '1';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : phpFloatString(v);
  if (typeof v === 'string') return v;
  // An array or object: PHP would write "Array"; mailcow never means that, so nothing is written.
  return '';
}

/** PHP's filter_var($v, FILTER_VALIDATE_EMAIL): ASCII only, no surrounding space. */
export const phpValidEmail = (v: unknown): v is string =>
  typeof v === 'string' && /^[\x21-\x7e]+$/.test(v) && normaliseAddress(v) !== null;
