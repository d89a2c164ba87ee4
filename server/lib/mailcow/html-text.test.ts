import { describe, expect, it } from 'vitest';
import { decodeHtmlText, encodeHtmlText } from './html-text.ts';

describe('mailcow HTML-escaped names', () => {
  it('escapes like htmlspecialchars with ENT_QUOTES and reads it back', () => {
    const name = `Tom's "phone" <iOS> & more`;
    expect(encodeHtmlText(name)).toBe('Tom&#039;s &quot;phone&quot; &lt;iOS&gt; &amp; more');
    expect(decodeHtmlText(encodeHtmlText(name))).toBe(name);
  });

  it('decodes once: an escaped escape stays an escape', () => {
    expect(decodeHtmlText('&amp;lt;')).toBe('&lt;');
    expect(decodeHtmlText('&eacute; &#x27;')).toBe('&eacute; &#x27;');
  });
});
