// PHP's reading of request values, where mailcow's answer depends on it.
import { AppError } from '../../lib/errors.ts';

/** PHP's intval(): a number truncated, a string's leading integer ("10abc" → 10, "abc" → 0), true → 1. */
export function phpIntval(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return 0;
  const m = /^\s*([+-]?\d+)/.exec(v);
  return m ? Number(m[1]) : 0;
}

/** A refusal from a service, to be worded as mailcow words it; anything else is a real failure. */
export function refusalOf(e: unknown): AppError {
  if (e instanceof AppError) return e;
  throw e;
}
