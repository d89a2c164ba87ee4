// The parts of a quarantine list statement every viewer's list shares: the columns of a row and the
// filters of the query, as values or as placeholders of a statement built once (user-list.ts).
import { eq, like, lt, or, type Placeholder, type SQL } from 'drizzle-orm';
import { cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';

export const listColumns = {
  id: quarantine.id, subject: quarantine.subject, sender: quarantine.sender, rcpt: quarantine.rcpt,
  score: quarantine.score, action: quarantine.action, created: quarantine.created, symbols: quarantine.symbols,
  reviewed: items.reviewed,
};

export type ListRow = { [K in keyof typeof listColumns]: (typeof listColumns)[K]['_']['data'] | null };

type Value<T> = T | Placeholder;

export interface Filters {
  cursor?: Value<number>;
  action?: Value<string>;
  domain?: Value<string>;
  mailbox?: Value<string>;
  /** A LIKE pattern on sender or subject, its wildcards already escaped. */
  pattern?: Value<string>;
  limit: Value<number>;
}

export const FILTER_NAMES = ['cursor', 'action', 'domain', 'mailbox', 'pattern'] as const;

export function filterConditions(f: Filters): (SQL | undefined)[] {
  const conditions: (SQL | undefined)[] = [];
  if (f.cursor !== undefined) conditions.push(lt(items.id, f.cursor));
  if (f.action !== undefined) conditions.push(eq(items.action, f.action));
  // Filters narrow the scope, never widen it: outside it they find nothing.
  if (f.domain !== undefined) conditions.push(eq(items.domain, f.domain));
  if (f.mailbox !== undefined) conditions.push(eq(items.rcpt, f.mailbox));
  if (f.pattern !== undefined) conditions.push(or(like(quarantine.sender, f.pattern), like(quarantine.subject, f.pattern)));
  return conditions;
}
