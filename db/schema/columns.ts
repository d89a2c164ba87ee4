// Column builders that reproduce mailcow's DDL exactly (init_db.inc.php), so a standalone schema
// matches what mailcow's migrator creates and information_schema reads the same on both.
import { sql } from 'drizzle-orm';
import { customType, datetime } from 'drizzle-orm/mysql-core';

/** TINYINT(1) holding 0/1 (or 0/1/2 for mailbox.active). mysql2 returns numbers. */
export const flag = customType<{ data: number; driverData: number }>({ dataType: () => 'tinyint(1)' });

/** INT(10): mailcow declares the domain limits with display width 10. */
export const int10 = customType<{ data: number; driverData: number }>({ dataType: () => 'int(10)' });

/** BLOB (fido2 credential ids). */
export const blob = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'blob' });

/**
 * mailcow's JSON columns. MariaDB stores JSON as LONGTEXT with a json_valid check, and mailcow's
 * code treats the value as a string: keep it a string here too and parse through db/attributes.ts.
 */
export const jsonText = customType<{ data: string; driverData: string }>({ dataType: () => 'json' });

/** `created DATETIME NOT NULL DEFAULT NOW()` as every mailcow table has it. */
export const created = () => datetime('created', { mode: 'string' }).notNull().default(sql`CURRENT_TIMESTAMP`);

const modifiedType = customType<{ data: string; driverData: string }>({
  dataType: () => 'datetime ON UPDATE CURRENT_TIMESTAMP',
});
/** `modified DATETIME NULL ON UPDATE CURRENT_TIMESTAMP`. */
export const modified = () => modifiedType('modified');
