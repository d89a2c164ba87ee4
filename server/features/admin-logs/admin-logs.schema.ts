// The logs an admin reads (reference 1.20 and 12): mailcow's `logs` table (who did what, from where,
// in mailcow's UI, its API and Cowbell) and the API_LOG Redis list (every /api/v1 call). Admins
// only, as in mailcow's UI. Shared with the client.
import { z } from 'zod';

export const LOG_TYPES = ['success', 'danger', 'warning', 'info'] as const;
export const LOG_PAGE = 50;

export const uiLogQuery = z.object({
  user: z.string().trim().max(64).optional(),
  type: z.enum(LOG_TYPES).optional(),
  /** Text anywhere in the message or the call. */
  q: z.string().trim().max(200).optional(),
  /** Rows with a smaller id than this (the last row of the page before). */
  before: z.coerce.number().int().positive().optional(),
});
export type UiLogQuery = z.input<typeof uiLogQuery>;

export interface UiLogRow {
  id: number;
  task: string;
  type: string;
  /** mailcow's msg and call as stored (JSON), parsed when they parse. */
  msg: unknown;
  call: unknown;
  user: string;
  role: string;
  remote: string;
  /** UNIX seconds. */
  time: number;
}

export const apiLogQuery = z.object({
  q: z.string().trim().max(200).optional(),
  method: z.enum(['GET', 'POST']).optional(),
  remote: z.string().trim().max(45).optional(),
  /** Where in the list (0: newest) the scan goes on. */
  from: z.coerce.number().int().min(0).optional(),
});
export type ApiLogQuery = z.input<typeof apiLogQuery>;

export interface ApiLogRow {
  /** Its place in the list when read (newer calls push it further down). */
  index: number;
  time: number;
  uri: string;
  method: string;
  remote: string;
  data: string;
}

export interface LogPage<T> { rows: T[]; next: number | null }
