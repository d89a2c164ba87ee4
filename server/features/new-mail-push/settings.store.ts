// A user's new-mail settings and the folders Dovecot reported for them, in Cowbell's own tables.
import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { cowbellNewMailFolders as folders, cowbellNewMailSettings as settingsTable } from '../../../db/schema/cowbell.ts';
import { newMailSettings, type NewMailSettings } from './rules.schema.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Folders remembered per user (the most recently seen): enough for any real mailbox's filing, bounded against a flood of names. */
export const MAX_SEEN_FOLDERS = 100;

export const defaultSettings = (): NewMailSettings => newMailSettings.parse({});

export interface StoredSettings {
  settings: NewMailSettings;
  /** 0 before the first save. */
  revision: number;
}

/**
 * A row that no longer parses (a later Cowbell narrowed a rule) falls back to the defaults rather
 * than failing every event for that user.
 */
export function parseStored(json: string): NewMailSettings {
  try {
    const parsed = newMailSettings.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : defaultSettings();
  } catch {
    return defaultSettings();
  }
}

/** The stored settings, or the defaults. `forUpdate`: inside a transaction, holding the row until it ends. */
export async function readSettings(db: Db | Tx, username: string, forUpdate = false): Promise<StoredSettings> {
  const query = db.select({ settings: settingsTable.settings, revision: settingsTable.revision }).from(settingsTable)
    .where(eq(settingsTable.username, username));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ? { settings: parseStored(row.settings), revision: row.revision } : { settings: defaultSettings(), revision: 0 };
}

/**
 * Writes the settings if the stored revision is still `expected` (0: no row yet); false when
 * someone else wrote in between.
 */
export async function writeSettings(db: Db | Tx, username: string, settings: NewMailSettings, expected: number): Promise<boolean> {
  const json = JSON.stringify(settings);
  if (expected === 0) {
    // INSERT IGNORE: a row made meanwhile by someone else stays as it is, and this write is refused.
    const [res] = await db.insert(settingsTable).ignore().values({ username, settings: json, revision: 1 });
    return res.affectedRows === 1;
  }
  const [res] = await db.update(settingsTable).set({ settings: json, revision: expected + 1, updatedAt: sql`NOW()` })
    .where(and(eq(settingsTable.username, username), eq(settingsTable.revision, expected)));
  return res.affectedRows === 1;
}

export async function seenFolders(db: Db, username: string): Promise<string[]> {
  const rows = await db.select({ folder: folders.folder }).from(folders).where(eq(folders.username, username))
    .orderBy(desc(folders.lastSeen), folders.folder).limit(MAX_SEEN_FOLDERS);
  return rows.map((r) => r.folder);
}

/**
 * Remembers that mail arrived in `folder`; a new folder beyond the bound pushes out the least
 * recently seen. A known folder's time moves at most hourly: the order needs no more, and an
 * unchanged row costs InnoDB no log write on every delivery.
 */
export async function recordFolder(db: Db, username: string, folder: string): Promise<void> {
  const [res] = await db.insert(folders).values({ username, folder: folder.slice(0, 255) })
    .onDuplicateKeyUpdate({ set: { lastSeen: sql`IF(${folders.lastSeen} < NOW() - INTERVAL 1 HOUR, NOW(), ${folders.lastSeen})` } });
  // 1: a new row (2: an existing one updated, 0: unchanged). Only a new folder can overflow, and new folders are rare.
  if (res.affectedRows !== 1) return;
  const keep = await seenFolders(db, username);
  if (keep.length < MAX_SEEN_FOLDERS) return;
  await db.delete(folders).where(and(eq(folders.username, username), notInArray(folders.folder, keep)));
}
