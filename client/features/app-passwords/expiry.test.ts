import { expect, it } from 'vitest';
import { endOfLocalDay, localDay } from './expiry.ts';

it('reads a picked day as its last local second, and shows an instant as its local day', () => {
  const iso = endOfLocalDay('2027-03-01');
  const d = new Date(iso);
  expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()]).toEqual([2027, 2, 1, 23, 59, 59]);
  expect(localDay(iso)).toBe('2027-03-01');
});
