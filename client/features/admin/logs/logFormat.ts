// What both log tables share: their columns' headings and how a UNIX time reads.
import type { Column } from '../components/adminTable.ts';
import { formatDateTime } from '../../../lib/format.ts';

type Translate = (key: string) => string;

export const logColumns = (t: Translate, keys: string[]): Column[] => keys.map((key) => ({ key, label: t(`adminLogs.col.${key}`) }));

/** A UNIX time as an ISO string (for <time datetime>) and in the reader's words. */
export const logTime = (seconds: number, locale: string) => {
  const iso = new Date(seconds * 1000).toISOString();
  return { iso, text: formatDateTime(iso, locale) };
};
