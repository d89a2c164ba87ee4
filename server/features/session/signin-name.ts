// The forms a sign-in name may take, as mailcow accepts them: a mailbox address (domains in punycode,
// as mailcow stores them) or an admin name of letters, digits, "_", "." and "-". Checked before
// anything else happens, so a name can never carry a line break, a space or a control character
// into a log line, mailcow's fail2ban channel or a Redis key.

export const MAX_SIGNIN_NAME = 255;
/** The longest password the sign-in form takes (the form's `maxlength` reads it too). */
export const MAX_SIGNIN_PASSWORD = 1024;

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
const ADMIN_NAME = /^(?=.*[a-z0-9])[a-z0-9_.-]+$/;

/** mailcow's idn_to_ascii: a domain typed in Unicode becomes its punycode form; null if it is no host name. */
function asciiDomain(domain: string): string | null {
  if (/^[\x21-\x7e]+$/.test(domain)) return domain;
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
}

/** The canonical form of a sign-in name, or null when it is neither a mailbox address nor an admin name. */
export function normaliseSigninName(raw: string): string | null {
  const name = raw.trim().toLowerCase();
  if (name.length === 0 || name.length > MAX_SIGNIN_NAME) return null;
  // Controls, spaces and invisible format characters: never part of a name (the URL parser below would quietly drop some).
  if (/[\u0000-\u0020\u007f-\u00a0\u00ad\u2000-\u200f\u2028-\u202f\u205f-\u206f\ufeff]/.test(name)) return null;
  const at = name.lastIndexOf('@');
  if (at === -1) return ADMIN_NAME.test(name) ? name : null;
  const local = name.slice(0, at);
  const domain = asciiDomain(name.slice(at + 1));
  if (!domain || local.length > 64 || !LOCAL_PART.test(local) || !DOMAIN.test(domain)) return null;
  const address = `${local}@${domain}`;
  return address.length <= MAX_SIGNIN_NAME ? address : null;
}
