// The sender as Dovecot's event carries it is the raw From header: `"Jürgen" <juergen@example.org>`,
// `=?UTF-8?B?...?= <j@example.org>` or a bare `j@example.org`. The rules compare addresses only, so
// everything here turns that header into one lowercase address (and a name to show, when there is one).

/** The last `<...>`: a display name may itself contain brackets (`"a <b@c>" <real@x>`). */
const ANGLE = /<([^<>]*)>\s*$/;

/** The lowercase address in a From header; '' when there is none. Case-insensitive by the house rule, not RFC 5321's. */
export function senderAddress(from: string): string {
  const angled = ANGLE.exec(from);
  return (angled ? angled[1] : from).trim().toLowerCase();
}

/** The part after the last @ ('' without one), so `@example.org` mutes can be matched. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1);
}

/**
 * What a notification calls the sender: the display name when it is readable, otherwise the address.
 * A still MIME-encoded name (`=?UTF-8?B?…?=`) is no use to a reader, so the address stands in for it.
 */
export function senderLabel(from: string): string {
  const angled = ANGLE.exec(from);
  if (!angled) return from.trim();
  const name = from.slice(0, angled.index).trim().replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1').trim();
  return name !== '' && !name.includes('=?') ? name : angled[1].trim();
}
