import { describe, expect, it } from 'vitest';
import { inQuietHours, isTimeZone, localMinutes } from './quiet-hours.ts';

// 2026 clock changes: Berlin 29 Mar and 25 Oct at 01:00 UTC; New York 8 Mar at 07:00 UTC and 1 Nov at 06:00 UTC.
const utc = (month: number, day: number, hour: number, minute = 0) => Date.UTC(2026, month - 1, day, hour, minute);
const berlinNight = { from: '22:00', to: '07:00', timeZone: 'Europe/Berlin' };
const newYorkNight = { from: '22:00', to: '07:00', timeZone: 'America/New_York' };

describe('localMinutes', () => {
  it('reads the wall clock of the zone, midnight as 0', () => {
    expect(localMinutes(utc(1, 14, 23), 'Europe/Berlin')).toBe(0);
    expect(localMinutes(utc(7, 14, 22), 'Europe/Berlin')).toBe(0);
    expect(localMinutes(utc(1, 14, 12, 34), 'America/New_York')).toBe(7 * 60 + 34);
    expect(localMinutes(utc(1, 14, 12, 34), 'UTC')).toBe(12 * 60 + 34);
  });

  it('jumps over the hour a spring clock change skips', () => {
    expect(localMinutes(utc(3, 29, 0, 59), 'Europe/Berlin')).toBe(1 * 60 + 59);
    expect(localMinutes(utc(3, 29, 1, 0), 'Europe/Berlin')).toBe(3 * 60);
    expect(localMinutes(utc(3, 8, 6, 59), 'America/New_York')).toBe(1 * 60 + 59);
    expect(localMinutes(utc(3, 8, 7, 0), 'America/New_York')).toBe(3 * 60);
  });

  it('repeats the hour an autumn clock change gives back', () => {
    expect(localMinutes(utc(11, 1, 5, 30), 'America/New_York')).toBe(90);
    expect(localMinutes(utc(11, 1, 6, 30), 'America/New_York')).toBe(90);
  });
});

describe('inQuietHours', () => {
  it('covers 22:00 up to but not including 07:00, across midnight (Berlin, winter)', () => {
    expect(inQuietHours(berlinNight, utc(1, 14, 20, 59))).toBe(false);
    expect(inQuietHours(berlinNight, utc(1, 14, 21, 0))).toBe(true);
    expect(inQuietHours(berlinNight, utc(1, 14, 23, 0))).toBe(true);
    expect(inQuietHours(berlinNight, utc(1, 15, 5, 59))).toBe(true);
    expect(inQuietHours(berlinNight, utc(1, 15, 6, 0))).toBe(false);
  });

  it('follows summer time (Berlin, July)', () => {
    expect(inQuietHours(berlinNight, utc(7, 14, 19, 59))).toBe(false);
    expect(inQuietHours(berlinNight, utc(7, 14, 20, 0))).toBe(true);
    expect(inQuietHours(berlinNight, utc(7, 15, 4, 59))).toBe(true);
    expect(inQuietHours(berlinNight, utc(7, 15, 5, 0))).toBe(false);
  });

  it('ends at 07:00 local on the nights the clocks change (Berlin)', () => {
    // Spring: 05:00 UTC is already 07:00 CEST; a fixed winter offset would call it 06:00, still quiet.
    expect(inQuietHours(berlinNight, utc(3, 29, 4, 59))).toBe(true);
    expect(inQuietHours(berlinNight, utc(3, 29, 5, 0))).toBe(false);
    // Autumn: 05:00 UTC is 06:00 CET; a fixed summer offset would call it 07:00, over.
    expect(inQuietHours(berlinNight, utc(10, 25, 5, 0))).toBe(true);
    expect(inQuietHours(berlinNight, utc(10, 25, 6, 0))).toBe(false);
  });

  it('ends at 07:00 local on the nights the clocks change (New York)', () => {
    expect(inQuietHours(newYorkNight, utc(3, 7, 11, 59))).toBe(true);
    expect(inQuietHours(newYorkNight, utc(3, 7, 12, 0))).toBe(false);
    expect(inQuietHours(newYorkNight, utc(3, 8, 10, 59))).toBe(true);
    expect(inQuietHours(newYorkNight, utc(3, 8, 11, 0))).toBe(false);
    expect(inQuietHours(newYorkNight, utc(11, 1, 11, 59))).toBe(true);
    expect(inQuietHours(newYorkNight, utc(11, 1, 12, 0))).toBe(false);
    // The evening after the autumn change starts at 22:00 EST, 03:00 UTC the next day.
    expect(inQuietHours(newYorkNight, utc(11, 2, 2, 59))).toBe(false);
    expect(inQuietHours(newYorkNight, utc(11, 2, 3, 0))).toBe(true);
  });

  it('is never quiet in a window the spring change skips', () => {
    const skipped = { from: '02:00', to: '03:00', timeZone: 'Europe/Berlin' };
    for (let m = 0; m <= 120; m += 15) expect(inQuietHours(skipped, utc(3, 29, 0, 0) + m * 60_000)).toBe(false);
  });

  it('is quiet twice in the hour the autumn change repeats', () => {
    const repeated = { from: '01:00', to: '02:00', timeZone: 'America/New_York' };
    expect(inQuietHours(repeated, utc(11, 1, 5, 30))).toBe(true);
    expect(inQuietHours(repeated, utc(11, 1, 6, 30))).toBe(true);
    expect(inQuietHours(repeated, utc(11, 1, 7, 0))).toBe(false);
  });

  it('handles a window inside one day', () => {
    const day = { from: '09:00', to: '17:30', timeZone: 'Europe/Berlin' };
    expect(inQuietHours(day, utc(1, 14, 7, 59))).toBe(false);
    expect(inQuietHours(day, utc(1, 14, 8, 0))).toBe(true);
    expect(inQuietHours(day, utc(1, 14, 16, 29))).toBe(true);
    expect(inQuietHours(day, utc(1, 14, 16, 30))).toBe(false);
  });

  it('treats from == to and no setting as no quiet hours', () => {
    const same = { from: '07:00', to: '07:00', timeZone: 'Europe/Berlin' };
    for (let h = 0; h < 24; h++) expect(inQuietHours(same, utc(1, 14, h))).toBe(false);
    expect(inQuietHours(null, utc(1, 14, 23))).toBe(false);
  });
});

describe('isTimeZone', () => {
  it('knows IANA names and refuses the rest', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata']) expect(isTimeZone(zone)).toBe(true);
    for (const zone of ['Mars/Olympus_Mons', 'Europe/Berlinn', '', 'CEST', '+99:00']) expect(isTimeZone(zone)).toBe(false);
  });
});
