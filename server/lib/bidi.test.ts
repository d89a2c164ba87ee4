import { describe, expect, it } from 'vitest';
import { isolate } from './bidi.ts';

const FSI = '\u2068';
const PDI = '\u2069';

describe('bidi isolation of untrusted text', () => {
  it('wraps text in a first-strong isolate', () => {
    expect(isolate('Cheap pills')).toBe(`${FSI}Cheap pills${PDI}`);
    expect(isolate('')).toBe(`${FSI}${PDI}`);
  });

  it('closes embeddings, overrides and isolates left open, innermost first', () => {
    expect(isolate('a\u202Eb')).toBe(`${FSI}a\u202Eb\u202C${PDI}`);
    expect(isolate('a\u2067b\u202Dc')).toBe(`${FSI}a\u2067b\u202Dc\u202C${PDI}${PDI}`);
  });

  it('drops closers that close nothing, so they cannot end the isolate early', () => {
    expect(isolate(`a${PDI}b\u202Cc`)).toBe(`${FSI}abc${PDI}`);
    expect(isolate('\u202Bx\u2066y\u202Cz')).toBe(`${FSI}\u202Bx\u2066yz${PDI}\u202C${PDI}`);
  });

  it('keeps balanced pairs, and a PDI also closes the embeddings opened inside its isolate', () => {
    expect(isolate('\u202Bab\u202C \u2067c\u2069')).toBe(`${FSI}\u202Bab\u202C \u2067c${PDI}${PDI}`);
    expect(isolate(`\u2066a\u202Eb${PDI}c`)).toBe(`${FSI}\u2066a\u202Eb\u202C${PDI}c${PDI}`);
  });

  it('turns paragraph separators into spaces (they would end every isolate)', () => {
    expect(isolate('a\nb\u2029c\rd\u0085e\u001Cf')).toBe(`${FSI}a b c d e f${PDI}`);
  });
});
