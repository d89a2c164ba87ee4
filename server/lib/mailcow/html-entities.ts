// mailcow stores quarantined messages through PHP's mb_convert_encoding($raw, 'HTML-ENTITIES', 'UTF-8')
// (reference 3.2 step 6): ASCII stays, every other character becomes an HTML 4.01 named entity where
// one exists, else &#N;. Invalid UTF-8 bytes are dropped. Cowbell writes the same and reads it back.

const NAMED: Record<number, string> = {};
// Latin-1 supplement, U+00A0..U+00FF, in code point order.
'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'
  .split(' ').forEach((name, i) => { NAMED[0xa0 + i] = name; });
// Greek, U+0391..U+03A9 (no U+03A2) and U+03B1..U+03C9.
'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho'.split(' ').forEach((n, i) => { NAMED[913 + i] = n; });
'Sigma Tau Upsilon Phi Chi Psi Omega'.split(' ').forEach((n, i) => { NAMED[931 + i] = n; });
'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau upsilon phi chi psi omega'
  .split(' ').forEach((n, i) => { NAMED[945 + i] = n; });
Object.assign(NAMED, {
  338: 'OElig', 339: 'oelig', 352: 'Scaron', 353: 'scaron', 376: 'Yuml', 402: 'fnof', 710: 'circ', 732: 'tilde',
  977: 'thetasym', 978: 'upsih', 982: 'piv',
  8194: 'ensp', 8195: 'emsp', 8201: 'thinsp', 8204: 'zwnj', 8205: 'zwj', 8206: 'lrm', 8207: 'rlm', 8211: 'ndash',
  8212: 'mdash', 8216: 'lsquo', 8217: 'rsquo', 8218: 'sbquo', 8220: 'ldquo', 8221: 'rdquo', 8222: 'bdquo',
  8224: 'dagger', 8225: 'Dagger', 8226: 'bull', 8230: 'hellip', 8240: 'permil', 8242: 'prime', 8243: 'Prime',
  8249: 'lsaquo', 8250: 'rsaquo', 8254: 'oline', 8260: 'frasl', 8364: 'euro', 8465: 'image', 8472: 'weierp',
  8476: 'real', 8482: 'trade', 8501: 'alefsym', 8592: 'larr', 8593: 'uarr', 8594: 'rarr', 8595: 'darr', 8596: 'harr',
  8629: 'crarr', 8656: 'lArr', 8657: 'uArr', 8658: 'rArr', 8659: 'dArr', 8660: 'hArr', 8704: 'forall', 8706: 'part',
  8707: 'exist', 8709: 'empty', 8711: 'nabla', 8712: 'isin', 8713: 'notin', 8715: 'ni', 8719: 'prod', 8721: 'sum',
  8722: 'minus', 8727: 'lowast', 8730: 'radic', 8733: 'prop', 8734: 'infin', 8736: 'ang', 8743: 'and', 8744: 'or',
  8745: 'cap', 8746: 'cup', 8747: 'int', 8756: 'there4', 8764: 'sim', 8773: 'cong', 8776: 'asymp', 8800: 'ne',
  8801: 'equiv', 8804: 'le', 8805: 'ge', 8834: 'sub', 8835: 'sup', 8836: 'nsub', 8838: 'sube', 8839: 'supe',
  8853: 'oplus', 8855: 'otimes', 8869: 'perp', 8901: 'sdot', 8968: 'lceil', 8969: 'rceil', 8970: 'lfloor',
  8971: 'rfloor', 9001: 'lang', 9002: 'rang', 9674: 'loz', 9824: 'spades', 9827: 'clubs', 9829: 'hearts', 9830: 'diams',
});
const BY_NAME = new Map(Object.entries(NAMED).map(([cp, name]) => [name, Number(cp)]));

/** Decodes UTF-8 leniently: each invalid or truncated sequence is skipped, as PHP's converter does. */
function* codePoints(bytes: Uint8Array): Generator<number> {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) { i++; continue; }
    if (len === 1) { yield b; i++; continue; }
    let cp = b & (0xff >> (len + 1));
    let ok = i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    const min = [0, 0, 0x80, 0x800, 0x10000][len];
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) { i++; continue; }
    yield cp;
    i += len;
  }
}

export function encodeHtmlEntities(raw: Uint8Array): string {
  const out: string[] = [];
  let ascii = '';
  for (const cp of codePoints(raw)) {
    if (cp < 0x80) { ascii += String.fromCharCode(cp); continue; }
    if (ascii) { out.push(ascii); ascii = ''; }
    out.push(NAMED[cp] ? `&${NAMED[cp]};` : `&#${cp};`);
  }
  if (ascii) out.push(ascii);
  return out.join('');
}

/**
 * The inverse, for showing a stored message: only what the encoder produces is decoded (HTML 4.01
 * names of non-ASCII characters and numeric references ≥ 128), so `&amp;` and friends stay as sent.
 */
export function decodeHtmlEntities(stored: string): string {
  return stored.replace(/&(?:#(\d{3,7})|([A-Za-z][A-Za-z0-9]{1,8}));/g, (m, num: string | undefined, name: string | undefined) => {
    const cp = num ? Number(num) : BY_NAME.get(name!);
    if (cp === undefined || cp < 0x80 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return m;
    return String.fromCodePoint(cp);
  });
}
