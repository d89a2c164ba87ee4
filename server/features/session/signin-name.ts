// The forms a sign-in name may take, as mailcow accepts them: a mailbox address (domains in punycode,
// as mailcow stores them) or an admin name of letters, digits, "_", "." and "-". Checked before
// anything else happens, so a name can never carry a line break, a space or a control character
// into a log line, mailcow's fail2ban channel or a Redis key.
import { normaliseAddress } from '../../lib/mailcow/addresses.ts';

export const MAX_SIGNIN_NAME = 255;
/** The longest password the sign-in form takes (the form's `maxlength` reads it too). */
export const MAX_SIGNIN_PASSWORD = 1024;

const ADMIN_NAME = /^(?=.*[a-z0-9])[a-z0-9_.-]+$/;

/** The canonical form of a sign-in name, or null when it is neither a mailbox address nor an admin name. */
export function normaliseSigninName(raw: string): string | null {
  const name = raw.trim().toLowerCase();
  if (name.length === 0 || name.length > MAX_SIGNIN_NAME) return null;
  if (!name.includes('@')) return ADMIN_NAME.test(name) ? name : null;
  return normaliseAddress(name, MAX_SIGNIN_NAME);
}
