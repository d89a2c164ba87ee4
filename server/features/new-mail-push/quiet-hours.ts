// Quiet hours are wall-clock times in the user's own zone. The instant is turned into that zone's
// local time with Intl, which knows the zone's DST rules, so a 22:00–07:00 window stays 22:00–07:00
// local on both sides of a clock change, and a local time the change skips simply never occurs.
import type { NewMailSettings } from './rules.schema.ts';

/** Whether Intl knows the zone (it throws RangeError on names it does not). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes since local midnight of the instant in the zone. */
export function localMinutes(instant: number, timeZone: string): number {
  // hourCycle h23: with hour12:false some engines print midnight as "24".
  const parts = new Intl.DateTimeFormat('en', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' })
    .formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return part('hour') * 60 + part('minute');
}

/**
 * Whether the instant falls in [from, to) local time. `to` is exclusive so 22:00–07:00 lets 07:00
 * through; from > to wraps past midnight; from == to is "no quiet hours", not "quiet all day".
 */
export function inQuietHours(quiet: NewMailSettings['quiet'], instant: number): boolean {
  if (!quiet) return false;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return false;
  const now = localMinutes(instant, quiet.timeZone);
  return from < to ? now >= from && now < to : now >= from || now < to;
}
