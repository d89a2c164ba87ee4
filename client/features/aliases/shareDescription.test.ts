import { describe, expect, it } from 'vitest';
import { shareDescription } from './shareDescription.ts';

describe('shareDescription', () => {
  it.each([
    [{ url: 'https://www.shop.example/basket?id=1' }, 'shop.example'],
    [{ title: 'Shop', text: 'Look at this https://news.example/a/b' }, 'news.example'],
    [{ title: 'A page', url: 'javascript:alert(1)' }, 'A page'],
    [{ title: '  Two\n lines  ' }, 'Two lines'],
    [{ text: 'not a url' }, 'not a url'],
    [{}, ''],
  ])('%j → %s', (share, expected) => {
    expect(shareDescription(share)).toBe(expected);
  });

  it('keeps a long title to 200 characters without cutting a character in two', () => {
    expect([...shareDescription({ title: '😀'.repeat(300) })]).toHaveLength(200);
  });
});
