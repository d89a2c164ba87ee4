import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import mysql from 'mysql2/promise';
import * as schema from './schema/index.ts';

export type Db = MySql2Database<typeof schema>;

/**
 * Drizzle hands mysql2 a typeCast function with every query, only to read DATE, DATETIME and
 * TIMESTAMP columns as strings, which `dateStrings` above does already. A typeCast function costs
 * mysql2 a call and a closure for every field of every row (a list of 1,000 mailboxes is 16,000 of
 * each, and their garbage), so queries reach the pool without it; the rows are the same.
 */
function withoutDrizzleTypeCast(pool: mysql.Pool): mysql.Pool {
  const query = pool.query.bind(pool) as (options: unknown, values?: unknown) => unknown;
  const plain = (options: unknown) => {
    if (typeof options !== 'object' || options === null || !('typeCast' in options) || !('sql' in options)) return options;
    const { typeCast: _dropped, ...rest } = options as { typeCast: unknown; sql: string };
    return rest;
  };
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === 'query') return (options: unknown, values?: unknown) => query(plain(options), values);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

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
    // mysql2 gives each connection an LRU of prepared statements whose arrays are allocated at full
    // size up front: 16,000 slots by default, ~0.6 MiB of heap per connection (a heap snapshot after
    // the bench's load). Drizzle sends nearly everything as plain queries; a few hundred slots is ample.
    maxPreparedStatements: 256,
  });
  return { db: drizzle(withoutDrizzleTypeCast(pool), { schema, mode: 'default' }), pool };
}
