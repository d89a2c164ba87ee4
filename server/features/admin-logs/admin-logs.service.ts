// Reading mailcow's logs for admins. The `logs` table pages by id, newest first (its primary key:
// a keyset never skips or repeats rows that arrive meanwhile), each page reading one range of ids
// at most UI_SCAN wide, so a filter that matches little never scans the whole table at once. API_LOG is a Redis list that mailcow
// trims to a few thousand lines; a filtered page scans it in chunks, at most SCAN_LIMIT lines a
// request, and says where to go on.
import { and, desc, eq, gte, like, lt, max, min, or, type SQL } from 'drizzle-orm';
import { logs } from '../../../db/schema/audit.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { likeContaining } from '../../lib/sql-like.ts';
import { parseInput } from '../../lib/validate.ts';
import { apiLogQuery, LOG_PAGE, uiLogQuery, type ApiLogQuery, type ApiLogRow, type LogPage, type UiLogQuery, type UiLogRow } from './admin-logs.schema.ts';

const API_LOG = 'API_LOG';
/** Ids one page of the logs table looks through at most: the table has no index but its key, and a rare user's rows may be far apart. */
const UI_SCAN = 100_000;
const CHUNK = 500;
const SCAN_LIMIT = 10_000;

const parsed = (text: string | null): unknown => {
  if (text === null) return null;
  try { return JSON.parse(text); } catch { return text; }
};

export async function readUiLog(deps: Deps, actor: Actor, query: UiLogQuery): Promise<LogPage<UiLogRow>> {
  await authorize(deps.db, actor, { do: 'logs.read' });
  const f = parseInput(uiLogQuery, query);
  const [bounds] = await deps.db.select({ top: max(logs.id), bottom: min(logs.id) }).from(logs);
  const top = Math.min(f.before ?? Infinity, (bounds?.top ?? 0) + 1);
  const floor = top - UI_SCAN;
  const where: (SQL | undefined)[] = [
    lt(logs.id, top), gte(logs.id, floor),
    f.user ? eq(logs.user, f.user) : undefined,
    f.type ? eq(logs.type, f.type) : undefined,
    f.q ? or(like(logs.msg, likeContaining(f.q)), like(logs.call, likeContaining(f.q)), like(logs.remote, likeContaining(f.q))) : undefined,
  ];
  const rows = await deps.db.select().from(logs).where(and(...where)).orderBy(desc(logs.id)).limit(LOG_PAGE + 1);
  const page = rows.slice(0, LOG_PAGE).map((r) => ({
    id: r.id, task: r.task, type: r.type ?? '', msg: parsed(r.msg), call: parsed(r.call), user: r.user, role: r.role, remote: r.remote, time: r.time,
  }));
  // A full page goes on after its last row; a short one below the range it read, while older rows exist.
  const next = rows.length > LOG_PAGE ? page[page.length - 1].id : floor > (bounds?.bottom ?? Infinity) ? floor : null;
  return { rows: page, next };
}

function apiLogLine(line: string, index: number): ApiLogRow | null {
  try {
    const e = JSON.parse(line) as Partial<Record<keyof ApiLogRow, unknown>>;
    return { index, time: Number(e.time) || 0, uri: String(e.uri ?? ''), method: String(e.method ?? ''), remote: String(e.remote ?? ''),
      data: typeof e.data === 'string' ? e.data : JSON.stringify(e.data ?? '') };
  } catch {
    return null;
  }
}

export async function readApiLog(deps: Deps, actor: Actor, query: ApiLogQuery): Promise<LogPage<ApiLogRow>> {
  await authorize(deps.db, actor, { do: 'logs.read' });
  const f = parseInput(apiLogQuery, query);
  const text = f.q?.toLowerCase();
  const matches = (r: ApiLogRow) => (!f.method || r.method === f.method) && (!f.remote || r.remote === f.remote)
    && (!text || `${r.uri} ${r.data}`.toLowerCase().includes(text));
  const rows: ApiLogRow[] = [];
  let at = f.from ?? 0;
  const stop = at + SCAN_LIMIT;
  while (rows.length < LOG_PAGE && at < stop) {
    const lines = await deps.redis.lrange(API_LOG, at, at + CHUNK - 1);
    for (const [i, line] of lines.entries()) {
      const row = apiLogLine(line, at + i);
      if (row && matches(row) && rows.length < LOG_PAGE) rows.push(row);
    }
    if (rows.length >= LOG_PAGE) return { rows, next: rows[rows.length - 1].index + 1 };
    if (lines.length < CHUNK) return { rows, next: null };
    at += CHUNK;
  }
  return { rows, next: at };
}
