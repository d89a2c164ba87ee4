// The shapes AdminTable.vue takes, for the pages that fill it.
export interface Column { key: string; label: string; sortable?: boolean; numeric?: boolean }
export interface SortState { key: string; dir: 'asc' | 'desc' }

/** A click on a header: the same column flips its direction, another one starts ascending. */
export const nextSort = (now: SortState, key: string): SortState =>
  (now.key === key ? { key, dir: now.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' });
