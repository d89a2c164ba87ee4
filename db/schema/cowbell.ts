// Cowbell's own tables. mailcow's migrator leaves tables it does not declare alone, so everything
// Cowbell keeps for itself lives here under the cowbell_ prefix (never as a column on a mailcow table).
import { bigint, datetime, foreignKey, index, int, mediumtext, mysqlTable, primaryKey, text, tinyint, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { sql } from 'drizzle-orm';

/** Small key/value facts Cowbell makes once and keeps (e.g. its VAPID key pair). */
export const cowbellSettings = mysqlTable('cowbell_settings', {
  name: varchar('name', { length: 100 }).primaryKey(),
  value: text('value').notNull(),
  updatedAt: datetime('updated_at', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
});

/**
 * Cowbell's index over mailcow's quarantine (which has no index on rcpt, and must not get one):
 * one row per quarantine.id, so a mailbox's or a domain's items page by (rcpt, id) / (domain, id)
 * even with a million rows. Rows mailcow writes itself are picked up by the index sync.
 */
export const cowbellQuarantineItems = mysqlTable('cowbell_quarantine_items', {
  id: int('id').primaryKey(),
  rcpt: varchar('rcpt', { length: 255 }).notNull(),
  domain: varchar('domain', { length: 255 }).notNull(),
  action: varchar('action', { length: 20 }).notNull(),
  created: datetime('created', { mode: 'string' }).notNull(),
  /** Opened or acted on in Cowbell by its recipient: unreviewed items make the app badge. Other viewers' reads are in cowbell_quarantine_reads. */
  reviewed: tinyint('reviewed').notNull().default(0),
  /** When the recipient's devices were told (NULL: not yet). */
  pushedAt: datetime('pushed_at', { mode: 'string' }),
  /** Which notify job claimed the row for its push: two jobs racing for a mailbox never share a row. */
  pushClaim: varchar('push_claim', { length: 36 }),
}, (t) => [
  index('cowbell_qi_rcpt_id').on(t.rcpt, t.id),
  index('cowbell_qi_domain_id').on(t.domain, t.id),
  // The badge count (reviewed = 0 AND rcpt = ?) reads only the mailbox's unreviewed entries. Led by
  // `reviewed`, so it serves that count alone: as (rcpt, reviewed) it covered "rcpt = ? ORDER BY id"
  // too, and MariaDB took it for the list and the retention trim, sorting a whole mailbox per page.
  index('cowbell_qi_reviewed_rcpt').on(t.reviewed, t.rcpt),
  // The admin overview counts today's and the last 7 days' items: the whole server by created, a
  // domain admin's domains by (domain, created); either reads only the rows of those days.
  index('cowbell_qi_created').on(t.created),
  index('cowbell_qi_domain_created').on(t.domain, t.created),
]);

/**
 * Which quarantine items a viewer other than the recipient (an admin, a domain admin) has opened:
 * read state is the viewer's own, and the recipient's `reviewed` flag stays theirs. Rows go with
 * their item (ON DELETE CASCADE), whichever way the item leaves the index.
 */
export const cowbellQuarantineReads = mysqlTable('cowbell_quarantine_reads', {
  viewer: varchar('viewer', { length: 255 }).notNull(),
  itemId: int('item_id').notNull(),
  readAt: datetime('read_at', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
}, (t) => [
  primaryKey({ name: 'cowbell_qr_pk', columns: [t.viewer, t.itemId] }),
  index('cowbell_qr_item').on(t.itemId),
  foreignKey({ name: 'cowbell_qr_item_fk', columns: [t.itemId], foreignColumns: [cowbellQuarantineItems.id] }).onDelete('cascade'),
]);

/** One web push subscription per device and account (a device re-subscribing replaces its row). */
export const cowbellPushSubscriptions = mysqlTable('cowbell_push_subscriptions', {
  id: int('id').autoincrement().primaryKey(),
  username: varchar('username', { length: 255 }).notNull(),
  /** Random id the app keeps on the device, so a device is recognised across re-subscriptions. */
  deviceId: varchar('device_id', { length: 64 }).notNull(),
  name: varchar('name', { length: 100 }).notNull(),
  endpoint: varchar('endpoint', { length: 1024 }).notNull(),
  p256dh: varchar('p256dh', { length: 255 }).notNull(),
  auth: varchar('auth', { length: 255 }).notNull(),
  /** Payloads name sender and subject only when the user asked for it on this device. */
  showDetails: tinyint('show_details').notNull().default(0),
  /** Push for new mail on this device (issue 12): off until the user turns it on here. */
  newMail: tinyint('new_mail').notNull().default(0),
  locale: varchar('locale', { length: 10 }).notNull().default('en'),
  created: datetime('created', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
  lastSuccessAt: datetime('last_success_at', { mode: 'string' }),
  lastError: varchar('last_error', { length: 255 }),
}, (t) => [
  uniqueIndex('cowbell_push_user_device').on(t.username, t.deviceId),
]);

/**
 * A mailbox user's tokens for password managers (the SimpleLogin and addy.io alias APIs). Only the
 * SHA-256 of a token is kept: the token is 256 random bits, so a fast hash is as good as a slow one
 * (there is nothing to guess from) and lets every request find its row by an index.
 */
export const cowbellAliasTokens = mysqlTable('cowbell_alias_tokens', {
  id: int('id').autoincrement().primaryKey(),
  username: varchar('username', { length: 255 }).notNull(),
  name: varchar('name', { length: 100 }).notNull(),
  /** Hex SHA-256 of the whole token (prefix included). */
  tokenHash: varchar('token_hash', { length: 64 }).notNull(),
  /** How long the aliases made with this token live (an AliasValidity). */
  validity: varchar('validity', { length: 10 }).notNull().default('permanent'),
  /** mailbox.created of the owner when the token was made: a mailbox deleted and made again under the same name does not inherit it. */
  mailboxCreated: datetime('mailbox_created', { mode: 'string' }).notNull(),
  created: datetime('created', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
  lastUsedAt: datetime('last_used_at', { mode: 'string' }),
}, (t) => [
  uniqueIndex('cowbell_alias_tokens_hash').on(t.tokenHash),
  index('cowbell_alias_tokens_user').on(t.username),
]);

/**
 * What a mailbox user last chose for new time-limited aliases (mailcow keeps no such thing). A missing
 * row or column means mailcow's own defaults: the mailbox's domain, one year. No foreign key to
 * mailcow's mailbox (its migrator re-creates that table's keys); rows of deleted mailboxes are
 * removed by the daily alias cleanup.
 */
export const cowbellAliasDefaults = mysqlTable('cowbell_alias_defaults', {
  username: varchar('username', { length: 255 }).primaryKey(),
  domain: varchar('domain', { length: 255 }),
  /** One of the validity choices ('1h' … '10y', 'permanent'). */
  validity: varchar('validity', { length: 10 }),
  updatedAt: datetime('updated_at', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
});

/**
 * Mailbox users who asked for a push reminder a day before a time-limited alias expires (issue 8).
 * A row means on; no row (the default) means off. No foreign key to mailcow's mailbox, as above.
 */
export const cowbellAliasReminderOptins = mysqlTable('cowbell_alias_reminder_optins', {
  username: varchar('username', { length: 255 }).primaryKey(),
  created: datetime('created', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
});

/**
 * Which expiries were announced, by address and the validity announced: an alias extended since gets
 * a reminder again before its new expiry, and none is announced twice. `claim` marks the rows one
 * reminder round took (INSERT IGNORE decides who wins a race); rows whose expiry passed are deleted.
 */
export const cowbellAliasReminders = mysqlTable('cowbell_alias_reminders', {
  address: varchar('address', { length: 255 }).notNull(),
  validity: int('validity').notNull(),
  claim: varchar('claim', { length: 36 }).notNull(),
  created: datetime('created', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
}, (t) => [
  primaryKey({ name: 'cowbell_ar_pk', columns: [t.address, t.validity] }),
  index('cowbell_ar_claim').on(t.claim),
  index('cowbell_ar_validity').on(t.validity),
]);

/**
 * When an app password (mailcow's app_passwd row) stops working: a periodic job sets its `active` to 0
 * then, so mailcow's own Dovecot, which knows nothing of this table, refuses it too. No foreign key to
 * mailcow's table: rows whose app password is gone (revoked in mailcow's UI, mailbox deleted) are
 * removed by that job. `username` guards against an id that came back for someone else's row.
 */
export const cowbellAppPasswdExpiry = mysqlTable('cowbell_app_passwd_expiry', {
  appPasswdId: int('app_passwd_id').primaryKey(),
  username: varchar('username', { length: 255 }).notNull(),
  /** UNIX seconds, like mailcow's spamalias.validity. */
  expiresAt: int('expires_at').notNull(),
}, (t) => [
  index('cowbell_ape_expires').on(t.expiresAt),
  index('cowbell_ape_user').on(t.username),
]);

/**
 * Recovery codes for two-factor sign-in (mailcow has none). Each is 80 random bits, shown once and kept
 * only as its SHA-256 (nothing to guess from, so a fast hash is enough); a row is deleted when used.
 * No foreign key to mailcow's tables: a code is only ever asked for from an account with a tfa row.
 */
export const cowbellTfaRecoveryCodes = mysqlTable('cowbell_tfa_recovery_codes', {
  id: int('id').autoincrement().primaryKey(),
  /** tfa.username: a mailbox's address or an admin's name. */
  username: varchar('username', { length: 255 }).notNull(),
  /** Hex SHA-256 of the normalised code. */
  codeHash: varchar('code_hash', { length: 64 }).notNull(),
  created: datetime('created', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
}, (t) => [
  uniqueIndex('cowbell_trc_user_hash').on(t.username, t.codeHash),
]);

/**
 * The admin mailbox list's sort keys that mailcow's tables have no index for (name, quota, bytes in
 * use), copied from mailbox and quota2 so a sort over 100,000 mailboxes walks an index instead of
 * sorting every row. A copy: refreshed by a job every minute and for the mailboxes Cowbell writes;
 * the rows shown always come from mailcow's tables (only their order can be a minute behind).
 */
export const cowbellMailboxSort = mysqlTable('cowbell_mailbox_sort', {
  username: varchar('username', { length: 255 }).primaryKey(),
  domain: varchar('domain', { length: 255 }).notNull(),
  name: varchar('name', { length: 255 }).notNull().default(''),
  quota: bigint('quota', { mode: 'number' }).notNull().default(0),
  bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
}, (t) => [
  index('cowbell_ms_name').on(t.name, t.username),
  index('cowbell_ms_quota').on(t.quota, t.username),
  index('cowbell_ms_bytes').on(t.bytes, t.username),
]);

/**
 * API keys for domain admins (mailcow's `api` table only knows admin-wide keys): each acts as its
 * owner's domain-admin account, limited to its domains and da_acl, read-only or read-write, with an
 * optional expiry and IP allow-list. Only a SHA-256 of the key is kept; the key is shown once.
 */
export const cowbellApiKeys = mysqlTable('cowbell_api_keys', {
  id: int('id').autoincrement().primaryKey(),
  /** The domain admin (admin.username) the key acts as. */
  username: varchar('username', { length: 255 }).notNull(),
  /**
   * admin.created of the owner when the key was made: an account that merely carries the name later
   * (the owner deleted and the name taken again, or another account renamed to it in mailcow's UI)
   * does not inherit the key.
   */
  ownerCreated: datetime('owner_created', { mode: 'string' }),
  name: varchar('name', { length: 100 }).notNull(),
  /** Hex SHA-256 of the whole key. */
  keyHash: varchar('key_hash', { length: 64 }).notNull(),
  /** The key's first characters, shown in lists so an owner can tell keys apart. */
  keyPrefix: varchar('key_prefix', { length: 16 }).notNull(),
  access: varchar('access', { length: 2 }).notNull().default('ro'),
  /** Comma-joined IPs and CIDR ranges as mailcow's allow_from; '' = from anywhere. */
  allowFrom: varchar('allow_from', { length: 512 }).notNull().default(''),
  active: tinyint('active').notNull().default(1),
  expiresAt: datetime('expires_at', { mode: 'string' }),
  created: datetime('created', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
  lastUsedAt: datetime('last_used_at', { mode: 'string' }),
  lastUsedIp: varchar('last_used_ip', { length: 45 }),
}, (t) => [
  uniqueIndex('cowbell_api_keys_hash').on(t.keyHash),
  index('cowbell_api_keys_user').on(t.username),
]);

/** Mailbox users who want announcements pushed to their installed apps (opt-in, mailcow keeps no such thing). */
export const cowbellAnnouncementOptins = mysqlTable('cowbell_announcement_optins', {
  username: varchar('username', { length: 255 }).primaryKey(),
  created: datetime('created', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
});

/** A mailbox user's choices for new-mail push (newMailSettings, as JSON); no row means the defaults. */
export const cowbellNewMailSettings = mysqlTable('cowbell_new_mail_settings', {
  username: varchar('username', { length: 255 }).primaryKey(),
  /** 500 VIPs and 500 mutes of up to 255 characters outgrow TEXT's 64 KiB. */
  settings: mediumtext('settings').notNull(),
  /** Counts every write: a save made from a stale copy (another device, a mute from a notification since) is refused. */
  revision: int('revision').notNull().default(0),
  updatedAt: datetime('updated_at', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
});

/**
 * The folders Dovecot reported new mail in, per user, so the settings screen can offer them (Cowbell
 * has no IMAP login of its own). Bounded per user by the ingest (MAX_SEEN_FOLDERS).
 */
export const cowbellNewMailFolders = mysqlTable('cowbell_new_mail_folders', {
  username: varchar('username', { length: 255 }).notNull(),
  /** utf8mb4_bin in the migration (drizzle cannot say it): IMAP folder names differ by case ("Lists" is not "lists"). */
  folder: varchar('folder', { length: 255 }).notNull(),
  lastSeen: datetime('last_seen', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
}, (t) => [
  primaryKey({ name: 'cowbell_nmf_pk', columns: [t.username, t.folder] }),
]);
