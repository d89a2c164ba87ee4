// The admin quarantine list's filters live in the address (?q=&action=&domain=&mailbox=), so the
// overview's tiles can link to a filtered list and Back from an item returns to the same one.
import type { LocationQuery } from 'vue-router';
import type { ListQuery } from '../../../../server/features/quarantine/quarantine.schema.ts';

type Action = NonNullable<ListQuery['action']>;
export type ActionFilter = '' | Action;
export const ACTIONS: readonly Action[] = ['reject', 'add header', 'rewrite subject'];

export interface QuarantineFilters {
  q: string;
  action: ActionFilter;
  domain: string;
  mailbox: string;
}

const one = (value: LocationQuery[string] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

export function filtersFromQuery(query: LocationQuery): QuarantineFilters {
  const action = one(query.action);
  return {
    q: one(query.q).slice(0, 200),
    action: (ACTIONS as readonly string[]).includes(action) ? (action as Action) : '',
    domain: one(query.domain).slice(0, 255),
    mailbox: one(query.mailbox).slice(0, 255),
  };
}

/** The address bar's query: only the filters that are set. */
export function queryFromFilters(filters: QuarantineFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
}

export const hasFilters = (filters: QuarantineFilters) => Object.keys(queryFromFilters(filters)).length > 0;

/** A mailbox filters the list once it is a whole address (the server matches addresses exactly). */
export const isAddress = (value: string) => /^[^@\s]+@[^@\s]+$/.test(value.trim());

/** The API's query for one page. */
export function listQuery(filters: QuarantineFilters, cursor: number | null, limit = 30): Record<string, string> {
  const query: Record<string, string> = { limit: String(limit) };
  if (cursor) query.cursor = String(cursor);
  if (filters.q.trim()) query.q = filters.q.trim();
  if (filters.action) query.action = filters.action;
  if (filters.domain.trim()) query.domain = filters.domain.trim();
  if (isAddress(filters.mailbox)) query.mailbox = filters.mailbox.trim();
  return query;
}
