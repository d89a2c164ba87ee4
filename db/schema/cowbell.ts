// Cowbell's own tables. mailcow's migrator leaves tables it does not declare alone, so everything
// Cowbell keeps for itself lives here under the cowbell_ prefix (never as a column on a mailcow table).
import { datetime, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';
import { sql } from 'drizzle-orm';

/** Small key/value facts Cowbell makes once and keeps (e.g. its VAPID key pair). */
export const cowbellSettings = mysqlTable('cowbell_settings', {
  name: varchar('name', { length: 100 }).primaryKey(),
  value: text('value').notNull(),
  updatedAt: datetime('updated_at', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`),
});
