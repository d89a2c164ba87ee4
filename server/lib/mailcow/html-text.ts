// mailcow keeps some user-given names HTML-escaped in its tables (app_passwd.name, among others):
// PHP's htmlspecialchars() with its default ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML401 flags.
const ENCODE: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' };
const DECODE: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#039': "'", '#39': "'", apos: "'" };

/** As mailcow stores the name. */
export const encodeHtmlText = (text: string) => text.replace(/[&<>"']/g, (c) => ENCODE[c]);

/** The name as the user typed it; anything that is not one of the five escapes stays as stored. */
export const decodeHtmlText = (stored: string) => stored.replace(/&(amp|lt|gt|quot|#0?39|apos);/g, (m, name: string) => DECODE[name] ?? m);
