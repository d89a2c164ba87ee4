import { describe, expect, it } from 'vitest';
import { useSelection } from './useSelection.ts';

const keys = ['a', 'b', 'c', 'd', 'e'];

describe('useSelection', () => {
  it('toggles one, a shift range from the last clicked row either way, and all on the page', () => {
    const s = useSelection(() => keys);
    s.toggle('b');
    s.toggle('d', true);
    expect([...s.selected.value].sort()).toEqual(['b', 'c', 'd']);
    s.toggle('a', true);
    expect([...s.selected.value].sort()).toEqual(['a', 'b', 'c', 'd']);
    s.toggle('c');
    s.toggle('a', true);
    expect([...s.selected.value].sort()).toEqual(['d']);
    expect(s.allOnPage.value).toBe(false);
    s.toggleAll();
    expect(s.allOnPage.value).toBe(true);
    s.toggleAll();
    expect(s.selected.value.size).toBe(0);
  });

  it('treats shift without an earlier click as a plain toggle', () => {
    const s = useSelection(() => keys);
    s.toggle('c', true);
    expect([...s.selected.value]).toEqual(['c']);
  });
});
