// Addresses and domain names as mailcow stores them: lowercase, domains in punycode (idn_to_ascii),
// never with spaces or control characters. Every name from a request passes through here first.

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
/** Controls, spaces and invisible format characters (the URL parser below would quietly drop some). */
const INVISIBLE = /[\u0000-\u0020\u007f-\u00a0\u00ad\u2000-\u200f\u2028-\u202f\u205f-\u206f\ufeff]/;

/** mailcow's idn_to_ascii: a domain typed in Unicode becomes its punycode form; null if it is no host name. */
function asciiDomain(domain: string): string | null {
  if (/^[\x21-\x7e]+$/.test(domain)) return domain;
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
}

/** A domain name in stored form, or null. */
export function normaliseDomain(raw: string): string | null {
  const name = raw.trim().toLowerCase();
  if (name.length === 0 || INVISIBLE.test(name)) return null;
  const domain = asciiDomain(name);
  return domain && DOMAIN.test(domain) ? domain : null;
}

/** An address in stored form (at most `max` characters), or null. */
export function normaliseAddress(raw: string, max = 255): string | null {
  const name = raw.trim().toLowerCase();
  if (name.length === 0 || name.length > max || INVISIBLE.test(name)) return null;
  const at = name.lastIndexOf('@');
  if (at <= 0) return null;
  const local = name.slice(0, at);
  const domain = normaliseDomain(name.slice(at + 1));
  if (!domain || local.length > 64 || !LOCAL_PART.test(local)) return null;
  const address = `${local}@${domain}`;
  return address.length <= max ? address : null;
}
