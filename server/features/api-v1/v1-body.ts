// What json_api.php makes of a request body: JSON (Content-Type application/json) is mapped onto the
// UI's form fields `attr` and `items`, each a JSON string, and both are then decoded with PHP's
// `(array)json_decode(…, true)`.
import type { Context } from 'hono';
import type { V1Action } from './v1-types.ts';

export interface V1Body {
  /** The form fields as json_api.php sees them in $_POST, JSON strings. */
  post: Record<string, string>;
  /** The JSON body was not JSON (mailcow: 400 for anything but get). */
  invalidJson: boolean;
}

export async function readV1Body(c: Context, action: string): Promise<V1Body> {
  const type = c.req.header('content-type') ?? '';
  // PHP reads a JSON body whatever the method (so a PUT gets as far as the method check), but fills
  // $_POST from a form only for POST.
  if (type.includes('application/json') && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const text = await c.req.text();
    let decoded: unknown;
    try { decoded = JSON.parse(text); } catch { return { post: {}, invalidJson: true }; }
    if (decoded === null) return { post: {}, invalidJson: true };
    const field = (v: unknown) => JSON.stringify(v ?? null);
    if (action === 'add') return { post: { attr: text }, invalidJson: false };
    if (action === 'edit') {
      const o = (typeof decoded === 'object' && !Array.isArray(decoded) ? decoded : {}) as Record<string, unknown>;
      return { post: { attr: field(o.attr), items: field(o.items) }, invalidJson: false };
    }
    if (action === 'delete') return { post: { items: text }, invalidJson: false };
    return { post: {}, invalidJson: false };
  }
  if (c.req.method === 'POST' && (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data'))) {
    const form = await c.req.parseBody();
    return { post: Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string')), invalidJson: false };
  }
  return { post: {}, invalidJson: false };
}

function phpDecode(text: string | undefined): unknown {
  if (text === undefined) return null;
  try { return JSON.parse(text); } catch { return null; }
}

/** `(array)json_decode($attr, true)` with the UI's csrf_token dropped: an object, or {} for anything else. */
export function decodeAttr(text: string | undefined): Record<string, unknown> {
  const v = phpDecode(text);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
  const { csrf_token: _csrf, ...attr } = v as Record<string, unknown>;
  return attr;
}

/** `(array)json_decode($items, true)`: null → [], a single value → [value], an object → its values. */
export function decodeItems(text: string | undefined): unknown[] {
  const v = phpDecode(text);
  if (v === null) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>);
  return [v];
}

/**
 * Keys whose values API_LOG masks: mailcow's /pass/i, and the secrets it would keep in the clear for
 * every admin reading the log (add/dkim_import's private_key_file, any *secret*).
 */
const MASKED = /pass|private_key|secret/i;

/** `$_POST` as API_LOG keeps it: `key='value'` joined by ', ', any top-level key matching MASKED masked. */
export function apiLogData(post: Record<string, string>): string {
  return Object.entries(post).filter(([k]) => k !== 'csrf_token').map(([k, raw]) => {
    let value = raw;
    const v = phpDecode(raw);
    if (v && typeof v === 'object') {
      const copy: Record<string, unknown> = Array.isArray(v) ? { ...v } : { ...(v as Record<string, unknown>) };
      delete copy.csrf_token;
      for (const key of Object.keys(copy)) if (MASKED.test(key)) copy[key] = '*';
      value = JSON.stringify(Array.isArray(v) ? Object.values(copy) : copy);
    }
    return `${k}='${value}'`;
  }).join(', ');
}

export const writeActions: readonly V1Action[] = ['add', 'edit', 'delete'];
