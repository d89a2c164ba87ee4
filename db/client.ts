import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import mysql from 'mysql2/promise';
import * as schema from './schema/index.ts';

export type Db = MySql2Database<typeof schema>;

export function createDb(url: string, connectionLimit = 10): { db: Db; pool: mysql.Pool } {
  const pool = mysql.createPool({
    uri: url,
    connectionLimit,
    // mailcow's DATETIME columns are server-local wall-clock strings; keep them as strings.
    dateStrings: true,
    // mailcow's JSON columns are read as text everywhere (reference section 0); never parsed by the driver.
    jsonStrings: true,
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
  });
  return { db: drizzle(pool, { schema, mode: 'default' }), pool };
}
