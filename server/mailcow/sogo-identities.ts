// SOGo's mail identities: c_defaults.SOGoMailIdentities, an array of objects with exactly the keys
// email, fullName, replyTo, signature and isDefault (Alinto/sogo ee2ebbb8:
// UI/PreferencesUI/UIxPreferences.m _validateAccountIdentities refuses any other key, and an
// identity without a non-empty fullName and email; UI/WebServerResources/js/Mailer/Account.service.js
// saves `_.pick(identity, ['email', 'fullName', 'replyTo', 'signature', 'isDefault'])`).
// How SOGo reads them (SoObjects/SOGo/SOGoUser.m _appendSystemMailAccountWithDelegatedIdentities,
// defaultIdentity; SoObjects/SOGo/SOGoUserDefaults.m mailIdentities):
// - an identity without an email gets the login's address; only the first isDefault counts;
// - every address of the user's _sogo_static_view row with no identity is added read-only, and when
//   none is stored at all the login's own address becomes the (editable) default identity;
// - with no isDefault anywhere, the identity of the login's own address is the default;
// - fullName is stripped of HTML tags on every read; the signature is HTML when the user composes
//   in HTML (SOGoMailComposeMessageType, "html" unless set: SoObjects/SOGo/SOGoDefaults.plist).
import type { SogoDefaults } from './sogo-profile.service.ts';

export const IDENTITIES_KEY = 'SOGoMailIdentities';

/** Foundation's boolValue: YES for true, a non-zero number, or a string starting with Y, T or 1–9. */
export function sogoBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return typeof value === 'string' && /^\s*[yYtT1-9]/.test(value);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The stored list as found (a copy), and its entries SOGo can use (objects; those are shared with the copy). */
function storedList(defaults: SogoDefaults): { list: unknown[]; entries: Record<string, unknown>[] } {
  const list = Array.isArray(defaults[IDENTITIES_KEY]) ? [...(defaults[IDENTITIES_KEY] as unknown[])] : [];
  return { list, entries: list.filter(isObject) };
}

/** The stored identities SOGo can use, in order. */
export const storedIdentities = (defaults: SogoDefaults) => storedList(defaults).entries;

/** The address an entry stands for: its email, or the login's address when it has none. */
export const identityAddress = (entry: Record<string, unknown>, login: string) =>
  typeof entry.email === 'string' && entry.email.trim() !== '' ? entry.email.trim().toLowerCase() : login;

/** The default identity's address, as SOGo picks it. */
export function defaultAddress(entries: Record<string, unknown>[], login: string): string {
  const chosen = entries.find((e) => sogoBool(e.isDefault));
  return chosen ? identityAddress(chosen, login) : login;
}

export interface IdentityFields { fullName: string; replyTo: string | null; signature: string }

/**
 * The list after setting one address's fields. The first stored list starts with the login's own
 * identity as SOGo's preferences would save it (editable, default), so storing an alias's
 * identity never turns the user's own into SOGo's read-only stand-in.
 */
export function withIdentity(defaults: SogoDefaults, login: string, address: string, fields: IdentityFields | null, ownName: string): SogoDefaults {
  const { list, entries } = storedList(defaults);
  const add = (entry: Record<string, unknown>) => { list.push(entry); entries.push(entry); return entry; };
  if (entries.length === 0) add({ email: login, fullName: ownName, isDefault: true });
  const entry = entries.find((e) => identityAddress(e, login) === address) ?? add({ email: address, fullName: ownName });
  if (fields) {
    entry.fullName = fields.fullName;
    if (fields.replyTo) entry.replyTo = fields.replyTo;
    else delete entry.replyTo;
    if (fields.signature !== '') entry.signature = fields.signature;
    else delete entry.signature;
  }
  return { ...defaults, [IDENTITIES_KEY]: list };
}

/** The list with `address` as the one default (SOGo's preferences drop isDefault from the others). */
export function withDefault(defaults: SogoDefaults, login: string, address: string, ownName: string): SogoDefaults {
  const next = withIdentity(defaults, login, address, null, ownName);
  for (const e of storedIdentities(next)) {
    if (identityAddress(e, login) === address) e.isDefault = true;
    else delete e.isDefault;
  }
  return next;
}

/** The list without `address`'s identity; null when there was none. No list left: the key goes. */
export function withoutIdentity(defaults: SogoDefaults, login: string, address: string): SogoDefaults | null {
  const { list } = storedList(defaults);
  const left = list.filter((e) => !isObject(e) || identityAddress(e, login) !== address);
  if (left.length === list.length) return null;
  const { [IDENTITIES_KEY]: _old, ...rest } = defaults;
  return left.length > 0 ? { ...rest, [IDENTITIES_KEY]: left } : rest;
}
