// A user's SOGo preferences: sogo_user_profile.c_defaults, one JSON document per login that SOGo
// reads and rewrites whole (SoObjects/SOGo/SOGoSQLUserProfile.m: SELECT, then INSERT for a login
// without a row or a plain UPDATE of the column; SoObjects/SOGo/SOGoUserProfile.m caches the text in
// memcached as `<uid>+defaults`). Cowbell changes it read-modify-write: every key it does not mean to
// change stays as SOGo left it (SOGo itself re-serialises the whole document on every save), the
// write only lands if the column still holds what was read (else it reads again), c_settings is
// never written, and a document Cowbell cannot read as a JSON object is never written at all.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sogoUserProfile } from '../../db/schema/sogo.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../lib/errors.ts';
import { forgetSogoProfile } from '../lib/sogo-cache.ts';

export type SogoDefaults = Record<string, unknown>;

export interface SogoProfile {
  /**
   * missing: no row yet (SOGo was never opened); unreadable: not a JSON object (an old plist,
   * damage); unavailable: no sogo_user_profile table (SOGo creates it when it first starts; a mailcow
   * with SKIP_SOGO=y never has one).
   */
  state: 'ok' | 'missing' | 'unreadable' | 'unavailable';
  defaults: SogoDefaults;
}

interface Raw { exists: boolean; text: string | null }

async function readRaw(db: Db, uid: string): Promise<Raw> {
  const [row] = await db.select({ text: sogoUserProfile.cDefaults }).from(sogoUserProfile).where(eq(sogoUserProfile.cUid, uid)).limit(1);
  return { exists: row !== undefined, text: row?.text ?? null };
}

function parse(raw: Raw): SogoProfile {
  if (!raw.exists) return { state: 'missing', defaults: {} };
  // An empty column reads as {} in SOGo too (SOGoUserProfile.m, jsonRepresentation).
  if (raw.text === null || raw.text.trim() === '') return { state: 'ok', defaults: {} };
  try {
    const value: unknown = JSON.parse(raw.text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { state: 'ok', defaults: value as SogoDefaults };
  } catch {
    // Falls through: SOGo may still read it (a plist, or its "unescape once more" retry); Cowbell leaves it be.
  }
  return { state: 'unreadable', defaults: {} };
}

const noTable = (e: unknown) => {
  const error = e as { code?: string; cause?: { code?: string } };
  return (error.cause?.code ?? error.code) === 'ER_NO_SUCH_TABLE';
};

export async function readSogoDefaults(db: Db, uid: string): Promise<SogoProfile> {
  try {
    return parse(await readRaw(db, uid));
  } catch (e) {
    if (noTable(e)) return { state: 'unavailable', defaults: {} };
    throw e;
  }
}

/** Writes `next` only if the row still holds `raw`; false when someone (SOGo) wrote in between. */
async function writeIfUnchanged(db: Db, uid: string, raw: Raw, next: string): Promise<boolean> {
  if (!raw.exists) {
    const [result] = await db.insert(sogoUserProfile).ignore().values({ cUid: uid, cDefaults: next });
    return result.affectedRows === 1;
  }
  // Compared byte for byte (the column's collation would call "a" and "A" the same).
  const same = raw.text === null ? isNull(sogoUserProfile.cDefaults) : sql`${sogoUserProfile.cDefaults} = ${raw.text} COLLATE utf8mb4_bin`;
  const [result] = await db.update(sogoUserProfile).set({ cDefaults: next }).where(and(eq(sogoUserProfile.cUid, uid), same));
  return result.affectedRows === 1;
}

const ATTEMPTS = 5;

/**
 * Applies `change` to the user's SOGo defaults and stores the result; `change` returns the new
 * document, or null for "nothing to change". Retried on a concurrent write; refused (conflict)
 * for a document Cowbell cannot read. SOGo's cached copy is dropped afterwards (SOGO_MEMCACHED).
 */
export async function updateSogoDefaults(deps: Pick<Deps, 'db' | 'env'>, uid: string,
  change: (defaults: SogoDefaults) => SogoDefaults | null | Promise<SogoDefaults | null>): Promise<SogoDefaults> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const raw = await readRaw(deps.db, uid).catch((e: unknown) => {
      throw noTable(e) ? new AppError('conflict', 'SOGo is not set up on this server, so there are no SOGo preferences to change.') : e;
    });
    const profile = parse(raw);
    if (profile.state === 'unreadable') {
      throw new AppError('conflict', 'Your SOGo preferences are stored in a form Cowbell cannot read, so it leaves them untouched. Save them once in SOGo, or ask your administrator.');
    }
    const next = await change(structuredClone(profile.defaults));
    const text = next === null ? null : JSON.stringify(next);
    if (next === null || (raw.exists && text === raw.text)) return next ?? profile.defaults;
    if (await writeIfUnchanged(deps.db, uid, raw, text!)) {
      await forgetSogoProfile(deps.env, uid, 'defaults');
      return next;
    }
  }
  throw new AppError('conflict', 'Your SOGo preferences were changed at the same moment. Please try again.');
}
