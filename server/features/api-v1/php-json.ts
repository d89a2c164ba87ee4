// mailcow answers with PHP's json_encode: '/' escaped as '\/', non-ASCII as \uXXXX unless
// JSON_UNESCAPED_UNICODE, and JSON_PRETTY_PRINT indents by four spaces. Scripts that compare
// bodies byte for byte (or grep them) see the same text from Cowbell.
export function phpJson(value: unknown, options: { pretty?: boolean; unescapedUnicode?: boolean } = {}): string {
  let text = JSON.stringify(value, null, options.pretty ? 4 : undefined) ?? 'null';
  text = text.replace(/\//g, '\\/');
  if (!options.unescapedUnicode) text = text.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text;
}
