import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities, encodeHtmlEntities } from './html-entities.ts';

const enc = (s: string | number[]) => encodeHtmlEntities(typeof s === 'string' ? Buffer.from(s, 'utf8') : Uint8Array.from(s));

describe("mailcow's HTML-ENTITIES message encoding", () => {
  it('keeps ASCII (markup included) and names HTML 4 characters', () => {
    expect(enc('<p>a & b "c"</p>')).toBe('<p>a & b "c"</p>');
    expect(enc('Grüße €')).toBe('Gr&uuml;&szlig;e &euro;');
    expect(enc('Ωmega – “x” ™ ♥')).toBe('&Omega;mega &ndash; &ldquo;x&rdquo; &trade; &hearts;');
    expect(enc('\u00a0\u00ff\u0152')).toBe('&nbsp;&yuml;&OElig;');
  });

  it('writes other characters as decimal references, astral ones whole', () => {
    expect(enc('日本')).toBe('&#26085;&#26412;');
    expect(enc('😀')).toBe('&#128512;');
    expect(enc('\u202e')).toBe('&#8238;');
  });

  it('drops invalid UTF-8: stray continuation, overlong, truncated, surrogate', () => {
    expect(enc([0x61, 0x80, 0x62])).toBe('ab');
    expect(enc([0x61, 0xc0, 0xaf, 0x62])).toBe('ab');
    expect(enc([0x61, 0xe2, 0x82])).toBe('a');
    expect(enc([0x61, 0xed, 0xa0, 0x80, 0x62])).toBe('ab');
    expect(enc([0xff, 0xfe])).toBe('');
  });

  it('decodes exactly what it encodes and leaves ASCII entities alone', () => {
    const text = 'Grüße € 日本 😀 Ω – <b>&amp;</b>';
    expect(decodeHtmlEntities(enc(text))).toBe(text);
    expect(decodeHtmlEntities('&amp; &lt; &#65; &bogus; &#55296;')).toBe('&amp; &lt; &#65; &bogus; &#55296;');
  });
});
