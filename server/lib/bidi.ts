// Untrusted text (a subject, a sender) shown inside our own sentences must not reorder them: a
// U+202E RIGHT-TO-LEFT OVERRIDE in a subject would otherwise flip "From x: subject" around it, or
// make "invoice‮fdp.exe" read as "invoice.pdf". Where there is no markup (notifications, plain-text
// mail) the value goes into a first-strong isolate, with its own controls balanced so none escapes.

const EMBED_OR_OVERRIDE = new Set(['\u202A', '\u202B', '\u202D', '\u202E']); // LRE RLE LRO RLO
const ISOLATE = new Set(['\u2066', '\u2067', '\u2068']); // LRI RLI FSI
const PDF = '\u202C';
const PDI = '\u2069';
// Paragraph separators end every embedding and isolate (UAX #9, class B).
const PARAGRAPH_SEPARATORS = /[\n\r\u001C-\u001E\u0085\u2029]/g;

/** Drops closers that close nothing and closes what is left open, innermost first (UAX #9 pairing). */
export function balanceBidi(text: string): string {
  const open: ('embed' | 'isolate')[] = [];
  let out = '';
  for (const ch of text.replace(PARAGRAPH_SEPARATORS, ' ')) {
    if (EMBED_OR_OVERRIDE.has(ch)) {
      open.push('embed');
    } else if (ISOLATE.has(ch)) {
      open.push('isolate');
    } else if (ch === PDF) {
      // A PDF only closes an embedding opened inside the current isolate.
      if (open.at(-1) !== 'embed') continue;
      open.pop();
    } else if (ch === PDI) {
      // A PDI closes its isolate and every embedding opened inside it.
      if (!open.includes('isolate')) continue;
      while (open.pop() === 'embed') out += PDF;
    }
    out += ch;
  }
  while (open.length > 0) out += open.pop() === 'embed' ? PDF : PDI;
  return out;
}

/** FSI … PDI around the balanced text: its direction comes from its own first strong character. */
export const isolate = (text: string): string => `\u2068${balanceBidi(text)}${PDI}`;
