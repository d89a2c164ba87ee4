// Who a new-mail event is for, in one database round trip (Dovecot's delivery waits for the answer):
// the mailbox as stored and whether it may act (the same rule as sign-in: session/accounts.ts), its
// devices that take new mail, and its settings.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { cowbellNewMailSettings as settingsTable, cowbellPushSubscriptions as subs } from '../../../db/schema/cowbell.ts';
import { domain, mailbox } from '../../../db/schema/mail.ts';
import { mailboxRefusal } from '../session/accounts.ts';
import type { NewMailSettings } from './rules.schema.ts';
import { parseStored, defaultSettings } from './settings.store.ts';

export type Device = typeof subs.$inferSelect;

export interface Recipient {
  username: string;
  devices: Device[];
  settings: NewMailSettings;
}

/** The recipient of mail delivered to `user`, or null when that is no mailbox that may act (unknown, disabled, login off, domain off). */
export async function findRecipient(db: Db, user: string): Promise<Recipient | null> {
  // One row per device that takes new mail, or one row with no device; the settings on every row.
  const rows = await db.select({ username: mailbox.username, active: mailbox.active, domainActive: domain.active, device: subs,
    settings: settingsTable.settings })
    .from(mailbox).innerJoin(domain, eq(domain.domain, mailbox.domain))
    .leftJoin(subs, and(eq(subs.username, mailbox.username), eq(subs.newMail, 1)))
    .leftJoin(settingsTable, eq(settingsTable.username, mailbox.username))
    .where(and(eq(mailbox.username, user), eq(mailbox.kind, sql`''`)));
  const [first] = rows;
  if (!first || mailboxRefusal(first.active, first.domainActive)) return null;
  return { username: first.username, devices: rows.flatMap((r) => (r.device ? [r.device] : [])),
    settings: first.settings === null ? defaultSettings() : parseStored(first.settings) };
}
