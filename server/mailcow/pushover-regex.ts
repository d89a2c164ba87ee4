// mailcow keeps pushover.senders_regex as a PHP PCRE with delimiters and checks it with preg_match
// (is_valid_regex); pushover.php later runs it with preg_match. Node has no PCRE, so this checks:
// 1. the delimiters and modifiers exactly as PHP 8.2's preg parses them (same messages), and
// 2. the pattern by compiling it as a JavaScript RegExp after rewriting the PCRE-only syntax that
//    has a harmless JS equivalent for a syntax check (atomic groups, possessive quantifiers, (?P<n>,
//    inline flags). JS without the `u` flag accepts unknown escapes (\A, \z, \h) as PCRE does.
// What is left over: a few PCRE constructs (recursion, conditionals, \Q…\E) are refused here though
// PHP accepts them; rare in a sender filter, and the reason names what JavaScript could not read.
// Shared with the client: no Node APIs.

const BRACKETS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
/** PHP 8.2's modifiers (n since 8.2; e was removed in 7.0, r only came in 8.4). */
const MODIFIERS = new Set([...'imsxADSUXJun']);

/** Pattern body and modifiers, or PHP's warning text. */
function splitDelimiters(regex: string): { body: string; modifiers: string } | { error: string } {
  const s = regex.replace(/^\s+/, '');
  if (s === '') return { error: 'Empty regular expression' };
  const start = s[0];
  if (/[A-Za-z0-9\\\0]/.test(start)) return { error: 'Delimiter must not be alphanumeric, backslash, or NUL' };
  const end = BRACKETS[start] ?? start;
  let depth = 1;
  let i = 1;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') { i++; continue; }
    if (c === end && end !== start ? --depth === 0 : c === end) break;
    if (end !== start && c === start) depth++;
  }
  if (i >= s.length) {
    return { error: end === start ? `No ending delimiter '${end}' found` : `No ending matching delimiter '${end}' found` };
  }
  return { body: s.slice(1, i), modifiers: s.slice(i + 1) };
}

/** x: whitespace and #-comments outside character classes are not part of the pattern. */
function stripExtended(body: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') { out += c + (body[i + 1] ?? ''); i++; continue; }
    if (inClass) { if (c === ']') inClass = false; out += c; continue; }
    if (c === '[') { inClass = true; out += c; continue; }
    if (/\s/.test(c)) continue;
    if (c === '#') { while (i < body.length && body[i] !== '\n') i++; continue; }
    out += c;
  }
  return out;
}

const toJavaScript = (body: string) => body
  .replace(/\(\?>/g, '(?:')
  .replace(/\(\?P</g, '(?<')
  .replace(/\(\?[imsxJUn-]+\)/g, '')
  .replace(/\(\?[imsxJUn-]+:/g, '(?:')
  .replace(/([*+?}])\+/g, '$1');

/** null when PHP would accept the regex; otherwise why not. */
export function checkPhpRegex(regex: string): string | null {
  const parts = splitDelimiters(regex);
  if ('error' in parts) return parts.error;
  for (const m of parts.modifiers) {
    if (m === ' ' || m === '\n' || m === '\r') continue;
    if (!MODIFIERS.has(m)) return `Unknown modifier '${m}'`;
  }
  const body = parts.modifiers.includes('x') ? stripExtended(parts.body) : parts.body;
  const flags = [...'ims'].filter((f) => parts.modifiers.includes(f)).join('');
  try {
    new RegExp(toJavaScript(body), flags);
    return null;
  } catch (e) {
    // "Invalid regular expression: /(a/: Unterminated group" → "Unterminated group"
    const reason = e instanceof SyntaxError ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : 'Invalid pattern';
    return `Compilation failed: ${reason}`;
  }
}
