// The rows around a mailbox that mailcow writes and removes with it (reference 1.1). Some tables
// (tags, imapsync, BCC maps, OAuth, SOGo's folders) exist only in a real mailcow database, not in
// standalone mode's schema; they are written or cleaned when they exist.
import { eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { appPasswd, fido2, tfa, userAcl } from '../../db/schema/access.ts';
import {
  cowbellAliasDefaults, cowbellAliasReminderOptins, cowbellAliasTokens, cowbellAppPasswdExpiry, cowbellMailboxSort, cowbellPushSubscriptions, cowbellTfaRecoveryCodes,
} from '../../db/schema/cowbell.ts';
import { alias, mailbox, quota2, quota2replica, senderAcl, spamalias } from '../../db/schema/mail.ts';
import { filterconf, pushover, quarantine } from '../../db/schema/quarantine.ts';
import { sogoUserProfile } from '../../db/schema/sogo.ts';
import { AppError } from '../lib/errors.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const OPTIONAL = ['tags_mailbox', 'imapsync', 'bcc_maps', 'sieve_filters', 'oauth_access_tokens', 'oauth_refresh_tokens',
  'oauth_authorization_codes', 'sogo_cache_folder', 'sogo_acl', 'sogo_store', 'sogo_quick_contact', 'sogo_quick_appointment', 'sogo_folder_info'] as const;
type OptionalTable = (typeof OPTIONAL)[number];

/** Which of mailcow's tables outside standalone mode's schema this database has. */
export async function presentTables(db: Db | Tx): Promise<Set<OptionalTable>> {
  const [rows] = await db.execute(sql`SELECT TABLE_NAME AS t FROM information_schema.TABLES
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${sql.join(OPTIONAL.map((t) => sql`${t}`), sql`, `)})`);
  return new Set((rows as unknown as { t: string }[]).map((r) => r.t as OptionalTable));
}

export async function readTags(db: Db | Tx, username: string): Promise<string[]> {
  if (!(await presentTables(db)).has('tags_mailbox')) return [];
  const [rows] = await db.execute(sql`SELECT tag_name AS t FROM tags_mailbox WHERE username = ${username} ORDER BY tag_name`);
  return (rows as unknown as { t: string }[]).map((r) => r.t);
}

/** The mailbox's tags become exactly `tags` (mailcow's tags_mailbox). Without that table tags cannot be kept: said, not dropped. */
export async function writeTags(tx: Tx, username: string, tags: string[], replace: boolean): Promise<void> {
  if (!(await presentTables(tx)).has('tags_mailbox')) {
    if (tags.length === 0 && !replace) return;
    throw new AppError('validation_failed', 'This database keeps no mailbox tags (standalone mode has no tags_mailbox table).',
      [{ path: 'tags', message: 'Tags cannot be kept here.', code: 'invalid' }]);
  }
  if (replace) await tx.execute(sql`DELETE FROM tags_mailbox WHERE username = ${username}`);
  for (const tag of tags) await tx.execute(sql`INSERT IGNORE INTO tags_mailbox (tag_name, username) VALUES (${tag}, ${username})`);
}

/**
 * Everything delete/mailbox removes (functions.mailbox.inc.php): the mailbox, its self alias and the
 * aliases that only reach it, its place in other aliases' targets, quota, ACL, sender ACL (both
 * directions), time-limited aliases, quarantine, Pushover, spam filters, second factors, passkeys,
 * app passwords and, when present, tags, sync jobs, BCC maps, OAuth tokens and SOGo's folders.
 */
export async function removeMailboxRows(tx: Tx, username: string): Promise<void> {
  await tx.delete(alias).where(eq(alias.goto, username));
  const shared = await tx.select({ id: alias.id, goto: alias.goto }).from(alias).where(sql`FIND_IN_SET(${username}, ${alias.goto})`);
  for (const row of shared) {
    await tx.update(alias).set({ goto: row.goto.split(',').filter((g) => g !== username).join(',') }).where(eq(alias.id, row.id));
  }
  await tx.delete(pushover).where(eq(pushover.username, username));
  await tx.delete(quarantine).where(eq(quarantine.rcpt, username));
  await tx.delete(quota2).where(eq(quota2.username, username));
  await tx.delete(quota2replica).where(eq(quota2replica.username, username));
  await tx.delete(senderAcl).where(or(eq(senderAcl.loggedInAs, username), eq(senderAcl.sendAs, username)));
  await tx.delete(userAcl).where(eq(userAcl.username, username));
  await tx.delete(spamalias).where(eq(spamalias.goto, username));
  await tx.delete(filterconf).where(eq(filterconf.object, username));
  await tx.delete(sogoUserProfile).where(eq(sogoUserProfile.cUid, username));
  await tx.delete(tfa).where(eq(tfa.username, username));
  await tx.delete(fido2).where(eq(fido2.username, username));
  // These cascade by foreign key in mailcow's schema; standalone mode's tables have none.
  await tx.delete(appPasswd).where(eq(appPasswd.mailbox, username));
  await removeOptionalRows(tx, username);
  await removeCowbellRows(tx, username);
  await tx.delete(mailbox).where(inArray(mailbox.username, [username]));
}

/** Cowbell's own rows about the mailbox (push devices, alias tokens and defaults, app-password expiry, recovery codes, its sort keys). */
async function removeCowbellRows(tx: Tx, username: string): Promise<void> {
  for (const table of [cowbellPushSubscriptions, cowbellAliasTokens, cowbellAppPasswdExpiry, cowbellTfaRecoveryCodes, cowbellAliasDefaults, cowbellAliasReminderOptins, cowbellMailboxSort]) {
    await tx.delete(table).where(eq(table.username, username));
  }
}

async function removeOptionalRows(tx: Tx, username: string): Promise<void> {
  const present = await presentTables(tx);
  const folders = sql`(SELECT c_folder_id FROM sogo_folder_info WHERE c_path2 = ${username})`;
  const statements: [OptionalTable, ReturnType<typeof sql>][] = [
    ['tags_mailbox', sql`DELETE FROM tags_mailbox WHERE username = ${username}`],
    ['sieve_filters', sql`DELETE FROM sieve_filters WHERE username = ${username}`],
    ['imapsync', sql`DELETE FROM imapsync WHERE user2 = ${username}`],
    ['bcc_maps', sql`DELETE FROM bcc_maps WHERE local_dest = ${username}`],
    ['oauth_access_tokens', sql`DELETE FROM oauth_access_tokens WHERE user_id = ${username}`],
    ['oauth_refresh_tokens', sql`DELETE FROM oauth_refresh_tokens WHERE user_id = ${username}`],
    ['oauth_authorization_codes', sql`DELETE FROM oauth_authorization_codes WHERE user_id = ${username}`],
    ['sogo_cache_folder', sql`DELETE FROM sogo_cache_folder WHERE c_uid = ${username}`],
    ['sogo_acl', sql`DELETE FROM sogo_acl WHERE c_object LIKE ${`%/${username}/%`} OR c_uid = ${username}`],
    ['sogo_store', sql`DELETE FROM sogo_store WHERE c_folder_id IN ${folders}`],
    ['sogo_quick_contact', sql`DELETE FROM sogo_quick_contact WHERE c_folder_id IN ${folders}`],
    ['sogo_quick_appointment', sql`DELETE FROM sogo_quick_appointment WHERE c_folder_id IN ${folders}`],
    ['sogo_folder_info', sql`DELETE FROM sogo_folder_info WHERE c_path2 = ${username}`],
  ];
  for (const [table, statement] of statements) {
    if (present.has(table) && (!table.startsWith('sogo_') || table === 'sogo_cache_folder' || table === 'sogo_acl' || present.has('sogo_folder_info'))) {
      await tx.execute(statement);
    }
  }
}
