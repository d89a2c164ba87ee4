// A user's new-mail settings and the folders Dovecot reported for them, in Cowbell's own tables.
import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { cowbellNewMailFolders as folders, cowbellNewMailSettings as settingsTable } from '../../../db/schema/cowbell.ts';
import { newMailSettings, type NewMailSettings } from './rules.schema.ts';

/** Folders remembered per user (the most recently seen): enough for any real mailbox's filing, bounded against a flood of names. */
export const MAX_SEEN_FOLDERS = 100;

export const defaultSettings = (): NewMailSettings => newMailSettings.parse({});

/**
 * The stored settings, or the defaults. A row that no longer parses (a later Cowbell narrowed a rule)
 * falls back to the defaults rather than failing every event for that user.
 */
export async function readSettings(db: Db, username: string): Promise<NewMailSettings> {
  const [row] = await db.select({ settings: settingsTable.settings }).from(settingsTable).where(eq(settingsTable.username, username));
  if (!row) return defaultSettings();
  try {
    const parsed = newMailSettings.safeParse(JSON.parse(row.settings));
    return parsed.success ? parsed.data : defaultSettings();
  } catch {
    return defaultSettings();
  }
}

export async function writeSettings(db: Db, username: string, settings: NewMailSettings): Promise<void> {
  const json = JSON.stringify(settings);
  await db.insert(settingsTable).values({ username, settings: json })
    .onDuplicateKeyUpdate({ set: { settings: json, updatedAt: sql`NOW()` } });
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
