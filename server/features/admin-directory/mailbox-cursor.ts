// The mailbox list's keyset cursor: the last row's sort value and address, with the sort and
// direction it belongs to, as base64url JSON. Opaque to the client; checked, never trusted.
export const MAILBOX_SORTS = ['username', 'domain', 'name', 'quota', 'used'] as const;
export type MailboxSort = (typeof MAILBOX_SORTS)[number];
export type SortDir = 'asc' | 'desc';

export interface MailboxCursor { value: string | number; username: string }

const numeric = (sort: MailboxSort) => sort === 'quota' || sort === 'used';

// btoa/atob over UTF-8 bytes rather than Buffer: the schema that decodes cursors is shared with the client.
const toBase64url = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64url = (raw: string) => new TextDecoder('utf-8', { fatal: true })
  .decode(Uint8Array.from(atob(raw.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));

export function encodeCursor(sort: MailboxSort, dir: SortDir, c: MailboxCursor): string {
  return toBase64url(JSON.stringify([sort, dir, c.value, c.username]));
}

/** The cursor, or null when it is not one, or one of another sort or direction. */
export function decodeCursor(raw: string, sort: MailboxSort, dir: SortDir): MailboxCursor | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64url(raw));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return null;
  const [s, d, value, username] = parsed as unknown[];
  if (s !== sort || d !== dir || typeof username !== 'string' || username.length > 255) return null;
  if (numeric(sort) ? !Number.isSafeInteger(value) : typeof value !== 'string' || value.length > 255) return null;
  return { value: value as string | number, username };
}
