import { describe, expect, it } from 'vitest';
import { capReached, recentPushes } from './cap.ts';

const NOW = Date.UTC(2026, 0, 14, 12, 0);
const MIN = 60_000;
const cap = { count: 3, minutes: 10 };

describe('capReached', () => {
  it('is reached with count pushes inside the window', () => {
    expect(capReached([NOW - MIN, NOW - 2 * MIN, NOW - 9 * MIN], NOW, cap)).toBe(true);
    expect(capReached([NOW - MIN, NOW - 2 * MIN], NOW, cap)).toBe(false);
    expect(capReached([], NOW, cap)).toBe(false);
  });

  it('drops a push exactly one window old, and keeps one a millisecond younger', () => {
    const two = [NOW - MIN, NOW - 2 * MIN];
    expect(capReached([...two, NOW - 10 * MIN], NOW, cap)).toBe(false);
    expect(capReached([...two, NOW - 10 * MIN + 1], NOW, cap)).toBe(true);
  });

  it('counts a push at this very instant, and one from a clock running ahead', () => {
    expect(capReached([NOW, NOW, NOW], NOW, cap)).toBe(true);
    expect(capReached([NOW - MIN, NOW - MIN, NOW + 5_000], NOW, cap)).toBe(true);
  });

  it('allows exactly one push per window with a cap of 1', () => {
    const one = { count: 1, minutes: 1440 };
    expect(capReached([NOW - 1439 * MIN], NOW, one)).toBe(true);
    expect(capReached([NOW - 1440 * MIN], NOW, one)).toBe(false);
  });
});

describe('recentPushes', () => {
  it('keeps what the caller still has to store, in the order given', () => {
    expect(recentPushes([NOW - 11 * MIN, NOW - 3 * MIN, NOW - 10 * MIN, NOW - MIN], NOW, cap)).toEqual([NOW - 3 * MIN, NOW - MIN]);
  });
});
