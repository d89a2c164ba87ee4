// A database of the test file's own, for tests that need mailcow's tables to themselves (the whole
// index, or Cowbell processes whose background chores would otherwise act on every file's rows).
import mysql from 'mysql2/promise';
import { afterAll, beforeAll } from 'vitest';
import { createDb } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { uid } from './helpers.ts';

async function onServer(url: URL, statement: string) {
  const admin = await mysql.createConnection({ uri: `${url.protocol}//${url.username}:${url.password}@${url.host}/` });
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** The URL of a fresh, migrated database: created before the file's tests, dropped after them. */
export function usePrivateDatabase(): string {
  const url = new URL(process.env.DATABASE_URL!);
  const name = `${url.pathname.slice(1)}_${uid()}`;
  url.pathname = `/${name}`;
  beforeAll(async () => {
    await onServer(url, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const { db, pool } = createDb(url.toString(), 1);
    await migrateDatabase(db, 'standalone');
    await pool.end();
  });
  afterAll(() => onServer(url, `DROP DATABASE IF EXISTS \`${name}\``));
  return url.toString();
}
