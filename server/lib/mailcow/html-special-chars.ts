// PHP's htmlspecialchars() with its PHP 8.1+ defaults (ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML401), which
// mailcow applies to some names before storing them (app_passwd.name), and its inverse for display.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' };

export const htmlSpecialChars = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** htmlspecialchars_decode(ENT_QUOTES): `&amp;` last, so "&amp;lt;" comes back as "&lt;" and not "<". */
export const decodeHtmlSpecialChars = (stored: string) => stored
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#0*39;|&apos;/g, "'")
  .replace(/&amp;/g, '&');
