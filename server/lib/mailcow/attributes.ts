// mailcow's JSON attribute columns (mailbox.attributes, admin.attributes, pushover.attributes):
// values are strings ("1", "0", "hourly"), a missing key means its default, and numbers may appear
// in rows written by other tools. Read leniently, write strings.

export type Attributes = Record<string, unknown>;

export function parseAttributes(json: string | null | undefined): Attributes {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Attributes) : {};
  } catch {
    return {};
  }
}

/** A "0"/"1" flag; anything missing or unreadable is the default. */
export function attrFlag(attrs: Attributes, key: string, fallback: boolean): boolean {
  const v = attrs[key];
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v === 'boolean') return v;
  return String(v).trim() === '1';
}

export function attrString<T extends string>(attrs: Attributes, key: string, allowed: readonly T[], fallback: T): T {
  const v = attrs[key];
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** Writes changes back the way mailcow does: booleans as "1"/"0", numbers as strings, other keys kept. */
export function withAttributes(json: string | null | undefined, changes: Record<string, string | number | boolean>): string {
  const attrs = parseAttributes(json);
  for (const [key, value] of Object.entries(changes)) {
    attrs[key] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  }
  return JSON.stringify(attrs);
}
