// mailcow: quarantined mail, per-user spam settings and Pushover (reference sections 1.12, 1.13, 1.19).
import { char, datetime, float, index, int, longtext, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';
import { sql } from 'drizzle-orm';
import { created, flag, jsonText, modified } from './columns.ts';

export const quarantine = mysqlTable('quarantine', {
  id: int('id').autoincrement().primaryKey(),
  qid: varchar('qid', { length: 30 }).notNull(),
  subject: varchar('subject', { length: 500 }),
  score: float('score', { precision: 8, scale: 2 }),
  ip: varchar('ip', { length: 50 }),
  action: char('action', { length: 20 }).notNull().default('unknown'),
  symbols: jsonText('symbols'),
  fuzzyHashes: jsonText('fuzzy_hashes'),
  sender: varchar('sender', { length: 255 }).notNull().default('unknown'),
  rcpt: varchar('rcpt', { length: 255 }),
  msg: longtext('msg'),
  domain: varchar('domain', { length: 255 }),
  notified: flag('notified').notNull().default(0),
  created: datetime('created', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
  user: varchar('user', { length: 255 }).notNull().default('unknown'),
  qhash: varchar('qhash', { length: 64 }),
}, (t) => [index('qhash').on(t.qhash)]);

export const filterconf = mysqlTable('filterconf', {
  object: varchar('object', { length: 255 }).notNull().default(''),
  option: varchar('option', { length: 50 }).notNull().default(''),
  value: varchar('value', { length: 100 }).notNull().default(''),
  created: created(),
  modified: modified(),
  prefid: int('prefid').autoincrement().primaryKey(),
}, (t) => [index('object').on(t.object)]);

export const pushover = mysqlTable('pushover', {
  username: varchar('username', { length: 255 }).primaryKey(),
  key: varchar('key', { length: 255 }).notNull(),
  token: varchar('token', { length: 255 }).notNull(),
  attributes: jsonText('attributes'),
  title: text('title'),
  text: text('text'),
  senders: text('senders'),
  sendersRegex: text('senders_regex'),
  active: flag('active').notNull().default(1),
});
