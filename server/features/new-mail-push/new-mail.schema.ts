// What crosses the wire for new-mail push: the event Cowbell's Dovecot Lua script posts
// (deploy/dovecot/cowbell-push.lua) and the settings API's answer. The client imports this file.
import { z } from 'zod';
import type { NewMailSettings } from './rules.schema.ts';

/** Where Dovecot posts; machine-to-machine like rspamd's /ingest/rspamd. */
export const NEW_MAIL_INGEST_PATH = '/ingest/dovecot';
/** The largest event body taken: the event carries headers and a 200-character snippet, never the mail. */
export const NEW_MAIL_EVENT_MAX_BYTES = 32 * 1024;
/**
 * The IMAP keyword the Sieve script deploy/dovecot/cowbell-bulk.sieve sets on list and bulk mail
 * (List-Id, Precedence: bulk/list/junk): Dovecot's Lua event has no headers, but it has keywords.
 */
export const BULK_KEYWORD = '$CowbellBulk';

/** Dovecot sends a missing header as nil (JSON null); over-long values are cut, never refused. */
const text = (max: number) => z.string().nullish().transform((v) => (v ?? '').slice(0, max));
const strings = z.array(z.string().max(255)).max(100).nullish().transform((v) => v ?? []);
const count = z.number().int().min(0).max(2 ** 32);

export const newMailEvent = z.object({
  event: z.literal('MessageNew'),
  user: z.string().min(1).max(255),
  /** The folder after Sieve, with the namespace separator: "INBOX", "Lists/dev". */
  folder: z.string().min(1).max(1024),
  uid: count,
  uidvalidity: count,
  messageId: text(998),
  /** The raw From header (MIME encoded words as sent). */
  from: text(2000),
  subject: text(2000),
  flags: strings,
  keywords: strings,
  /** The folder's unseen count after this delivery; null when the script could not read it. */
  unseen: count.nullish().transform((v) => v ?? null),
  /** Headers a richer driver may send; the Lua script cannot read them (it sets BULK_KEYWORD instead). */
  listId: text(500).optional(),
  precedence: text(50).optional(),
  rspamdBulk: z.boolean().optional(),
});
export type NewMailEventInput = z.output<typeof newMailEvent>;

/**
 * PUT /api/new-mail/settings with `If-Match: "<revision>"` (the view's): refused as `stale` when the
 * settings changed since (another device, Mute on a notification). Without it the save is unconditional.
 */
export const settingsRevisionHeader = z.object({
  'if-match': z.string().trim().regex(/^"\d{1,9}"$/, 'The revision the settings were read at, as "<number>".').optional(),
});

/** GET and PUT /api/new-mail/settings. */
export interface NewMailSettingsView {
  settings: NewMailSettings;
  /** Send it back as If-Match with a save. */
  revision: number;
  /** Folders Dovecot reported new mail in for this user, most recent first (to offer on the screen). */
  folders: string[];
  /** Whether this Cowbell takes events from Dovecot at all (NEW_MAIL_SECRET is set). */
  receiving: boolean;
}
