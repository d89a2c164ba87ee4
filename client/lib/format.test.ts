import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatDecimal, formatNumber, formatShortDate } from './format.ts';

// Local wall-clock times, as mailcow stores them: the tests hold in any time zone.
const now = new Date(2026, 10, 24, 15, 30);

describe('formatNumber and formatDecimal', () => {
  it('group thousands and use the locale decimal mark', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(1234567, 'de')).toBe('1.234.567');
    expect(formatNumber(12, 'de')).toBe('12');
    expect(formatDecimal(18.5, 'en', 1)).toBe('18.5');
    expect(formatDecimal(18.5, 'de', 2)).toBe('18,50');
    expect(formatDecimal(-0.25, 'de', 2)).toBe('-0,25');
    expect(formatDecimal(1234.5, 'de', 1)).toBe('1.234,5');
  });
});

describe('formatBytes', () => {
  it('picks binary units and the locale separator', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KiB');
    expect(formatBytes(3072 * 1048576, 'en')).toBe('3 GiB');
    expect(formatBytes(1536, 'de')).toBe('1,5 KiB');
    expect(formatBytes(1023, 'de')).toBe('1.023 B');
  });
});

describe('formatShortDate', () => {
  it('shows the time today, a word yesterday, the day and month this year and the year before', () => {
    expect(formatShortDate('2026-11-24 10:19:00', 'de', now)).toBe('10:19');
    expect(formatShortDate('2026-11-24 10:19:00', 'en', now)).toBe('10:19 AM');
    expect(formatShortDate('2026-11-23 23:59:00', 'de', now)).toBe('Gestern');
    expect(formatShortDate('2026-11-23 00:00:00', 'en', now)).toBe('Yesterday');
    expect(formatShortDate('2026-11-22 10:19:00', 'de', now)).toBe('22. Nov.');
    expect(formatShortDate('2026-11-22 10:19:00', 'en', now)).toBe('Nov 22');
    expect(formatShortDate('2025-11-24 10:19:00', 'en', now)).toBe('Nov 24, 2025');
    expect(formatShortDate('2025-11-24 10:19:00', 'de', now)).toBe('24.11.2025');
  });

  it('counts calendar days, not 24-hour spans, across the turn of the year', () => {
    const newYear = new Date(2027, 0, 1, 0, 5);
    expect(formatShortDate('2026-12-31 23:50:00', 'en', newYear)).toBe('Yesterday');
    expect(formatShortDate('2026-12-30 23:50:00', 'en', newYear)).toBe('Dec 30, 2026');
  });

  it('reads ISO strings and leaves garbage as it is', () => {
    expect(formatShortDate(new Date(2026, 10, 24, 9, 5).toISOString(), 'de', now)).toBe('09:05');
    expect(formatShortDate('not a date', 'en', now)).toBe('not a date');
  });
});

describe('formatDateTime', () => {
  it('names today and yesterday, and dates anything older', () => {
    expect(formatDateTime('2026-11-24 10:19:00', 'de', now)).toBe('Heute, 10:19');
    expect(formatDateTime('2026-11-23 10:19:00', 'en', now)).toBe('Yesterday, 10:19 AM');
    expect(formatDateTime('2026-11-20 06:00:00', 'de', now)).toBe('20.11.2026, 06:00');
    expect(formatDateTime('2026-11-20 06:00:00', 'en', now)).toMatch(/^Nov 20, 2026.+6:00\sAM$/);
    expect(formatDateTime('not a date', 'en', now)).toBe('not a date');
  });
});
