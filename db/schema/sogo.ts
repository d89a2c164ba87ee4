// SOGo's tables in mailcow's database (reference 1.23): the user directory SOGo reads
// (`_sogo_static_view`, written by mailcow's update_sogo_static_view) and SOGo's per-user profile
// (`sogo_user_profile`, created and written by SOGo itself: SoObjects/SOGo/SOGoSQLUserProfile.m).
// Standalone mode creates both so the same code runs without a mailcow; attach mode never alters them.
import { index, int, longtext, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';

export const sogoStaticView = mysqlTable('_sogo_static_view', {
  cUid: varchar('c_uid', { length: 255 }).primaryKey(),
  domain: varchar('domain', { length: 255 }).notNull(),
  cName: varchar('c_name', { length: 255 }).notNull(),
  /** A random, unusable hash: SOGo may authenticate against this view (canAuthenticate = YES). */
  cPassword: varchar('c_password', { length: 255 }).notNull().default(''),
  cCn: varchar('c_cn', { length: 255 }),
  cL: varchar('c_l', { length: 255 }),
  cO: varchar('c_o', { length: 255 }),
  cOu: varchar('c_ou', { length: 255 }),
  cTelephonenumber: varchar('c_telephonenumber', { length: 255 }),
  mail: varchar('mail', { length: 255 }).notNull(),
  /** Space-separated: SOGo's MailFieldNames are `aliases, ad_aliases, ext_acl` (bootstrap-sogo.sh). */
  aliases: text('aliases').notNull(),
  adAliases: varchar('ad_aliases', { length: 6144 }).notNull().default(''),
  extAcl: varchar('ext_acl', { length: 6144 }).notNull().default(''),
  kind: varchar('kind', { length: 100 }).notNull().default(''),
  multipleBookings: int('multiple_bookings').notNull().default(-1),
}, (t) => [index('domain').on(t.domain)]);

/** One row per SOGo login; each column a whole JSON document SOGo reads and rewrites as one string. */
export const sogoUserProfile = mysqlTable('sogo_user_profile', {
  cUid: varchar('c_uid', { length: 255 }).primaryKey(),
  cDefaults: longtext('c_defaults'),
  cSettings: longtext('c_settings'),
});
