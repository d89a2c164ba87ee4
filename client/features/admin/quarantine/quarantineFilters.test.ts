import { describe, expect, it } from 'vitest';
import { filtersFromQuery, hasFilters, isAddress, listQuery, queryFromFilters } from './quarantineFilters.ts';

describe('admin quarantine filters', () => {
  it('reads the address bar, keeping only known verdicts and the first of repeated values', () => {
    expect(filtersFromQuery({ action: 'reject', domain: ['a.test', 'b.test'], mailbox: 'x@a.test' }))
      .toEqual({ q: '', action: 'reject', domain: 'a.test', mailbox: 'x@a.test' });
    expect(filtersFromQuery({ action: 'drop', q: 'x'.repeat(300) })).toMatchObject({ action: '', q: 'x'.repeat(200) });
  });

  it('writes back only what is set', () => {
    const filters = { q: ' invoice ', action: '' as const, domain: 'a.test', mailbox: '' };
    expect(queryFromFilters(filters)).toEqual({ q: 'invoice', domain: 'a.test' });
    expect(hasFilters(filters)).toBe(true);
    expect(hasFilters({ q: ' ', action: '', domain: '', mailbox: '' })).toBe(false);
  });

  it('sends a mailbox only once it is a whole address', () => {
    const base = { q: '', action: 'add header' as const, domain: '', mailbox: 'ali' };
    expect(listQuery(base, null)).toEqual({ limit: '30', action: 'add header' });
    expect(listQuery({ ...base, mailbox: 'alice@a.test ' }, 42)).toEqual({ limit: '30', cursor: '42', action: 'add header', mailbox: 'alice@a.test' });
    expect(isAddress('a@b')).toBe(true);
    expect(isAddress('a@b@c')).toBe(false);
    expect(isAddress('a b@c')).toBe(false);
  });
});
