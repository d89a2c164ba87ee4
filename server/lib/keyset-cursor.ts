// Opaque keyset cursors: the last row's sort key as base64url JSON. A cursor that is not one of ours
// is bad input (validation_failed on `cursor`), never a database error.
import { AppError } from './errors.ts';

export const encodeCursor = (key: readonly string[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** The key of a cursor made by encodeCursor: `length` strings that `valid` accepts. */
export function decodeCursor(cursor: string, length: number, valid: (key: string[]) => boolean = () => true): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length && key.every((k) => typeof k === 'string') && valid(key)) return key;
  } catch {
    // not JSON: refused below
  }
  throw new AppError('validation_failed', 'Some fields are not valid.', [{ path: 'cursor', message: 'Not a cursor from this list.', code: 'invalid' }]);
}
