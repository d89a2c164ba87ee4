// mailcow: domains, mailboxes and the addresses that reach them (reference section 1.1–1.8, 1.22).
import { bigint, foreignKey, index, int, mysqlEnum, mysqlTable, text, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { created, flag, int10, jsonText, modified } from './columns.ts';

export const domain = mysqlTable('domain', {
  domain: varchar('domain', { length: 255 }).primaryKey(),
  description: varchar('description', { length: 255 }),
  aliases: int10('aliases').notNull().default(0),
  mailboxes: int10('mailboxes').notNull().default(0),
  defquota: bigint('defquota', { mode: 'number' }).notNull().default(3072),
  maxquota: bigint('maxquota', { mode: 'number' }).notNull().default(102400),
  quota: bigint('quota', { mode: 'number' }).notNull().default(102400),
  relayhost: varchar('relayhost', { length: 255 }).notNull().default('0'),
  backupmx: flag('backupmx').notNull().default(0),
  gal: flag('gal').notNull().default(1),
  relayAllRecipients: flag('relay_all_recipients').notNull().default(0),
  relayUnknownOnly: flag('relay_unknown_only').notNull().default(0),
  created: created(),
  modified: modified(),
  active: flag('active').notNull().default(1),
});

/** A domain's tags (add/edit domain `tags`); removed with the domain by mailcow's fk_tags_domain. No primary key, as in mailcow. */
export const tagsDomain = mysqlTable('tags_domain', {
  tagName: varchar('tag_name', { length: 255 }).notNull(),
  domain: varchar('domain', { length: 255 }).notNull(),
}, (t) => [uniqueIndex('tag_name').on(t.tagName, t.domain),
  foreignKey({ name: 'fk_tags_domain', columns: [t.domain], foreignColumns: [domain.domain] }).onDelete('cascade')]);

export const mailbox = mysqlTable('mailbox', {
  username: varchar('username', { length: 255 }).primaryKey(),
  password: varchar('password', { length: 255 }).notNull(),
  name: varchar('name', { length: 255 }),
  description: varchar('description', { length: 255 }),
  mailboxPathPrefix: varchar('mailbox_path_prefix', { length: 150 }).default('/var/vmail/'),
  quota: bigint('quota', { mode: 'number' }).notNull().default(102400),
  localPart: varchar('local_part', { length: 255 }).notNull(),
  domain: varchar('domain', { length: 255 }).notNull(),
  attributes: jsonText('attributes'),
  customAttributes: jsonText('custom_attributes').notNull().default('{}'),
  kind: varchar('kind', { length: 100 }).notNull().default(''),
  multipleBookings: int('multiple_bookings').notNull().default(-1),
  authsource: mysqlEnum('authsource', ['mailcow', 'keycloak', 'generic-oidc', 'ldap']).default('mailcow'),
  created: created(),
  modified: modified(),
  active: flag('active').notNull().default(1),
}, (t) => [index('domain').on(t.domain), index('kind').on(t.kind)]);

export const alias = mysqlTable('alias', {
  id: int('id').autoincrement().primaryKey(),
  address: varchar('address', { length: 255 }).notNull(),
  goto: text('goto').notNull(),
  domain: varchar('domain', { length: 255 }).notNull(),
  created: created(),
  modified: modified(),
  privateComment: text('private_comment'),
  publicComment: text('public_comment'),
  sogoVisible: flag('sogo_visible').notNull().default(1),
  internal: flag('internal').notNull().default(0),
  senderAllowed: flag('sender_allowed').notNull().default(1),
  active: flag('active').notNull().default(1),
}, (t) => [uniqueIndex('address').on(t.address), index('domain').on(t.domain)]);

export const aliasDomain = mysqlTable('alias_domain', {
  aliasDomain: varchar('alias_domain', { length: 255 }).primaryKey(),
  targetDomain: varchar('target_domain', { length: 255 }).notNull(),
  created: created(),
  modified: modified(),
  active: flag('active').notNull().default(1),
}, (t) => [index('active').on(t.active), index('target_domain').on(t.targetDomain)]);

export const spamalias = mysqlTable('spamalias', {
  address: varchar('address', { length: 255 }).primaryKey(),
  goto: text('goto').notNull(),
  description: text('description').notNull(),
  created: created(),
  modified: modified(),
  validity: int('validity'),
  permanent: flag('permanent').notNull().default(0),
});

export const senderAcl = mysqlTable('sender_acl', {
  id: int('id').autoincrement().primaryKey(),
  loggedInAs: varchar('logged_in_as', { length: 255 }).notNull(),
  sendAs: varchar('send_as', { length: 255 }).notNull(),
  external: flag('external').notNull().default(0),
});

const quotaColumns = () => ({
  username: varchar('username', { length: 255 }).primaryKey(),
  bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
  messages: bigint('messages', { mode: 'number' }).notNull().default(0),
});
/** Written by Dovecot's quota dict on the master node; Cowbell only reads it. */
export const quota2 = mysqlTable('quota2', quotaColumns());
export const quota2replica = mysqlTable('quota2replica', quotaColumns());

export const templates = mysqlTable('templates', {
  id: int('id').autoincrement().primaryKey(),
  template: varchar('template', { length: 255 }).notNull(),
  type: varchar('type', { length: 255 }).notNull(),
  attributes: jsonText('attributes'),
  created: created(),
  modified: modified(),
});
