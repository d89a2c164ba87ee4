// mailcow's real /api/v1 answers (server/test/fixtures/mailcow-api/*.json, taken from the peer's
// transcript), with the peer's domain replaced by a test's own and the times it stamped made
// comparable.
import { readFileSync } from 'node:fs';

export interface PeerCall { method: string; path: string; key: string; request: string | null; status: number; response: string }

const PEER_DOMAIN = 'peer-a.test';

export function peerCalls(family: string, domain: string): PeerCall[] {
  const file = JSON.parse(readFileSync(new URL(`./fixtures/mailcow-api/${family}.json`, import.meta.url), 'utf8')) as { calls: PeerCall[] };
  return JSON.parse(JSON.stringify(file.calls).replaceAll(PEER_DOMAIN, domain));
}

/** The peer's call to `path` (the n-th one, for repeated calls). */
export function peerCall(calls: PeerCall[], method: string, path: string, n = 0): PeerCall {
  const found = calls.filter((c) => c.method === method && c.path === path)[n];
  if (!found) throw new Error(`no peer call ${method} ${path} #${n}`);
  return found;
}

const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

/** Every "YYYY-MM-DD HH:MM:SS" value in a decoded answer replaced by "<time>", so two runs compare. */
export function withoutTimes<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_k, v) => (typeof v === 'string' && STAMP.test(v) ? '<time>' : v));
}

/** One entry of a write's answer. */
export interface V1AnswerEntry { type: string; log: unknown[]; msg: unknown }
type Row = Record<string, unknown>;

/** A write's answer: its entries. */
export const entriesOf = async (res: Response | Promise<Response>) => (await (await res).json()) as V1AnswerEntry[];
/** A get's answer as a list of objects. */
export const listOf = async (res: Response | Promise<Response>) => (await (await res).json()) as Row[];
/** A get's answer as one object. */
export const objectOf = async (res: Response | Promise<Response>) => (await (await res).json()) as Row;
