import { describe, expect, it } from 'vitest';
import { useKeysetList, type KeysetPage } from './useKeysetList.ts';

type Page = KeysetPage<string, number>;

// Each load hands back a promise the test settles, so answers can arrive out of order.
function pages() {
  const asked: { cursor: number | null; resolve: (p: Page) => void; reject: (e: unknown) => void }[] = [];
  const load = (cursor: number | null) => new Promise<Page>((resolve, reject) => asked.push({ cursor, resolve, reject }));
  return { asked, load };
}

describe('useKeysetList', () => {
  it('keeps only the answer to the latest request, whatever order the answers come in', async () => {
    const { asked, load } = pages();
    const seen: Page[] = [];
    const list = useKeysetList(load, (p) => seen.push(p));
    const older = list.reload();
    const newer = list.reload();
    asked[1].resolve({ items: ['new'], nextCursor: null });
    await newer;
    expect(list.pending.value).toBe(false);
    asked[0].resolve({ items: ['old'], nextCursor: 7 });
    await older;
    expect(list.items.value).toEqual(['new']);
    expect(list.nextCursor.value).toBeNull();
    expect(seen).toHaveLength(1);
  });

  it('appends the page after the cursor and replaces the list on reload', async () => {
    const { asked, load } = pages();
    const list = useKeysetList(load);
    const first = list.reload();
    asked[0].resolve({ items: ['a'], nextCursor: 1 });
    await first;
    const more = list.more();
    expect(asked[1].cursor).toBe(1);
    asked[1].resolve({ items: ['b'], nextCursor: null });
    await more;
    expect(list.items.value).toEqual(['a', 'b']);
    await list.more(); // no cursor left: nothing asked
    expect(asked).toHaveLength(2);
    const again = list.reload();
    asked[2].resolve({ items: ['c'], nextCursor: null });
    await again;
    expect(list.items.value).toEqual(['c']);
  });

  it('shows an error only when it answers the latest request', async () => {
    const { asked, load } = pages();
    const list = useKeysetList(load);
    const older = list.reload();
    const newer = list.reload();
    asked[0].reject(new Error('stale'));
    await older;
    expect(list.error.value).toBeNull();
    expect(list.pending.value).toBe(true);
    asked[1].reject(new Error('down'));
    await newer;
    expect(list.error.value).toEqual(new Error('down'));
    expect(list.pending.value).toBe(false);
  });
});
