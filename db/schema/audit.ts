// mailcow: audit log, last logins and the schema version (reference sections 0, 1.20, 1.21).
import { sql } from 'drizzle-orm';
import { char, datetime, index, int, mysqlTable, primaryKey, text, varchar } from 'drizzle-orm/mysql-core';
import { created } from './columns.ts';

export const versions = mysqlTable('versions', {
  application: varchar('application', { length: 255 }).primaryKey(),
  version: varchar('version', { length: 100 }).notNull(),
  created: created(),
});

export const logs = mysqlTable('logs', {
  id: int('id').autoincrement().primaryKey(),
  task: char('task', { length: 32 }).notNull().default('000000'),
  type: varchar('type', { length: 32 }).default(''),
  msg: text('msg'),
  call: text('call'),
  user: varchar('user', { length: 64 }).notNull(),
  role: varchar('role', { length: 32 }).notNull(),
  remote: varchar('remote', { length: 39 }).notNull(),
  time: int('time').notNull(),
});

/** One row per (service, IP, user) holding the latest login, written with REPLACE INTO. */
export const saslLog = mysqlTable('sasl_log', {
  service: varchar('service', { length: 32 }).notNull().default(''),
  appPassword: int('app_password'),
  username: varchar('username', { length: 255 }).notNull(),
  realRip: varchar('real_rip', { length: 64 }).notNull(),
  datetime: datetime('datetime', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
}, (t) => [
  primaryKey({ columns: [t.service, t.realRip, t.username] }),
  index('username').on(t.username), index('service').on(t.service),
  index('datetime').on(t.datetime), index('real_rip').on(t.realRip),
]);
