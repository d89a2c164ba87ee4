import { describe, expect, it } from 'vitest';
import { renderDigest } from './digest-template.ts';

describe('digest template', () => {
  it('isolates subject and sender, so an override in them cannot reorder the rest of the line', () => {
    const { html, text } = renderDigest({ username: 'a@b.test', baseUrl: 'https://c.test', withLinks: false, items: [
      { id: 1, qhash: null, subject: 'Invoice \u202Efdp.exe <b>', score: 9, sender: 'x@evil.test', created: '2024-01-01 10:00:00', action: 'reject' }] });
    expect(html).toContain('<td><bdi>Invoice \u202Efdp.exe &#60;b&#62;</bdi></td><td><bdi>x@evil.test</bdi></td>');
    expect(text).toContain('- \u2068Invoice \u202Efdp.exe <b>\u202C\u2069 (from \u2068x@evil.test\u2069, score 9');
  });
});
