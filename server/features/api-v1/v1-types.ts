// The shape every /api/v1 family shares: mailcow's json_api.php is one switch over action and
// category; here each family registers handlers by action and category (families/*.ts), and the
// router (v1.routes.ts) does what json_api.php does around them: key, body, method, envelope.
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';

export type V1Action = 'get' | 'add' | 'edit' | 'delete';

/** One entry of mailcow's `$_SESSION['return']`: what a write did, as its JSON answer lists it. */
export interface V1Entry {
  type: 'success' | 'danger' | 'warning' | 'info';
  log: unknown[];
  msg: string | unknown[];
}

export interface V1Call {
  deps: Deps;
  actor: Actor;
  action: V1Action;
  category: string;
  /** Third and fourth path segments (`get/mailbox/<object>/<extra>`), URL-decoded; undefined when absent. */
  object?: string;
  extra?: string;
  /** add and edit: the attribute object (mailcow's `(array)json_decode($_POST['attr'])`, {} when not an object). */
  attr: Record<string, unknown>;
  /** edit and delete: the items as a list (a single value becomes a one-item list); null when not sent. */
  items: unknown[] | null;
  query: URLSearchParams;
}

/**
 * get: the data, answered pretty-printed, `{}` (or `[]` with `emptyAs: 'list'`) when empty.
 * add/edit/delete: the entries; none means mailcow's generic answer, by `ok`.
 */
export type V1Reply =
  | { kind: 'data'; data: unknown; emptyAs?: 'object' | 'list' }
  | { kind: 'entries'; entries: V1Entry[]; ok: boolean }
  | { kind: 'raw'; status: number; body: unknown }
  /** get of a long list: its pages (never empty) as they are read, answered as `data` would answer them all, without holding them all. */
  | { kind: 'pages'; pages: AsyncIterable<unknown[]>; emptyAs: 'object' | 'list' };

export type V1Handler = (call: V1Call) => Promise<V1Reply>;

/** A family's handlers: action → category → handler. */
export type V1Family = Partial<Record<V1Action, Record<string, V1Handler>>>;

export const data = (value: unknown, emptyAs: 'object' | 'list' = 'object'): V1Reply => ({ kind: 'data', data: value, emptyAs });
export const pages = (list: AsyncIterable<unknown[]>, emptyAs: 'object' | 'list' = 'object'): V1Reply => ({ kind: 'pages', pages: list, emptyAs });
export const entries = (list: V1Entry[], ok = list.every((e) => e.type !== 'danger')): V1Reply => ({ kind: 'entries', entries: list, ok });
export const routeNotFound = (): V1Reply => ({ kind: 'raw', status: 404, body: { type: 'error', msg: 'route not found' } });
