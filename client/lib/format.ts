// Dates and numbers in the user's locale, through the Intl APIs. Formatters are cached per locale:
// building an Intl object costs far more than using one, and a list formats hundreds of values.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

const numberFormat = (locale: string, min: number, max: number) =>
  cached(`n|${locale}|${min}|${max}`, () => new Intl.NumberFormat(locale, { minimumFractionDigits: min, maximumFractionDigits: max }));
const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

/** 1234567 → "1,234,567" (en) or "1.234.567" (de). */
export function formatNumber(value: number, locale: string): string {
  return numberFormat(locale, 0, 0).format(value);
}

/** A score or other decimal with a fixed number of digits: 18.5 → "18.50" (en) or "18,50" (de). */
export function formatDecimal(value: number, locale: string, digits: number): string {
  return numberFormat(locale, digits, digits).format(value);
}

/** 1536 → "1.5 KiB" in the user's locale. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${numberFormat(locale, 0, unit === 0 ? 0 : 1).format(value)} ${units[unit]}`;
}

/** mailcow's DATETIME strings are server wall-clock time without a zone; ISO strings work too. */
function parse(value: string): Date | null {
  const date = new Date(value.includes('T') ? value : value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Whole calendar days from `date` to `now` in local time (0 = today, 1 = yesterday). */
function daysAgo(date: Date, now: Date): number {
  const midnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return Math.round((midnight(now) - midnight(date)) / 86_400_000);
}

/** "yesterday" → "Yesterday": the word stands alone or starts a phrase. */
function relativeDay(days: 0 | 1, locale: string): string {
  const word = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(-days, 'day');
  return word.charAt(0).toLocaleUpperCase(locale) + word.slice(1);
}

/**
 * For lists: the time for today ("10:19"), "Yesterday" / "Gestern", the day and month within
 * the year ("24 Nov"), with the year for older dates.
 */
export function formatShortDate(value: string, locale: string, now = new Date()): string {
  const date = parse(value);
  if (!date) return value;
  const days = daysAgo(date, now);
  if (days === 0) return dateFormat(locale, { timeStyle: 'short' }).format(date);
  if (days === 1) return relativeDay(1, locale);
  return dateFormat(locale, date.getFullYear() === now.getFullYear()
    ? { day: 'numeric', month: 'short' } : { dateStyle: 'medium' }).format(date);
}

/** Date and time, with "Today" / "Yesterday" in place of the date when it is one of those. */
export function formatDateTime(value: string, locale: string, now = new Date()): string {
  const date = parse(value);
  if (!date) return value;
  const days = daysAgo(date, now);
  if (days === 0 || days === 1) return `${relativeDay(days, locale)}, ${dateFormat(locale, { timeStyle: 'short' }).format(date)}`;
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** How far away a moment is, in the largest unit that fits: "in 3 hours", "in 2 days", "vor 5 Minuten". */
export function formatFromNow(unixSeconds: number, locale: string, now = Date.now()): string {
  const seconds = unixSeconds - now / 1000;
  const abs = Math.abs(seconds);
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    abs < 3600 ? [seconds / 60, 'minute'] : abs < 48 * 3600 ? [seconds / 3600, 'hour']
      : abs < 60 * 86400 ? [seconds / 86400, 'day'] : abs < 730 * 86400 ? [seconds / (30 * 86400), 'month'] : [seconds / (365 * 86400), 'year'];
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.round(value), unit);
}
