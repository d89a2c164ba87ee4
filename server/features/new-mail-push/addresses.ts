// The sender as Dovecot's event carries it is the raw From header: `"Jürgen" <juergen@example.org>`,
// `=?UTF-8?B?...?= <j@example.org>` or a bare `j@example.org`. The rules compare addresses only, so
// everything here turns that header into one lowercase address (and a name to show, when there is one).
import libmime from 'libmime';

/** The last `<...>`: a display name may itself contain brackets (`"a <b@c>" <real@x>`). */
const ANGLE = /<([^<>]*)>\s*$/;

/** The lowercase address in a From header; '' when there is none. Case-insensitive by the house rule, not RFC 5321's. */
export function senderAddress(from: string): string {
  const angled = ANGLE.exec(from);
  return (angled ? angled[1] : from).trim().toLowerCase();
}

/** What a notification calls the sender: the display name (MIME encoded words decoded), else the address. */
export function senderLabel(from: string): string {
  const angled = ANGLE.exec(from);
  if (!angled) return from.trim();
  const name = from.slice(0, angled.index).trim().replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1').trim();
  const decoded = /=\?[^?]+\?[bBqQ]\?/.test(name) ? libmime.decodeWords(name).trim() : name;
  return decoded !== '' ? decoded : angled[1].trim();
}
