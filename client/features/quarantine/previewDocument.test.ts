import { describe, expect, it } from 'vitest';
import { previewDocument } from './previewDocument.ts';

describe('previewDocument', () => {
  it('blocks every request by CSP unless remote images were asked for', () => {
    expect(previewDocument('<p>x</p>', false, false)).toContain("default-src 'none'; img-src data:;");
    expect(previewDocument('<p>x</p>', true, false)).toContain('img-src data: https: http:;');
    expect(previewDocument('<p>x</p>', false, false)).toContain("form-action 'none'");
  });
});
