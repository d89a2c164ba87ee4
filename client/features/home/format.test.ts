import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime } from './format.ts';

describe('formatBytes', () => {
  it('picks binary units and the locale separator', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KiB');
    expect(formatBytes(3072 * 1048576, 'en')).toBe('3 GiB');
    expect(formatBytes(1536, 'de')).toBe('1,5 KiB');
  });
});

describe('formatDateTime', () => {
  it('reads mailcow DATETIME strings and leaves garbage as it is', () => {
    expect(formatDateTime('2026-11-24 06:00:00', 'en')).toMatch(/2026/);
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
});
