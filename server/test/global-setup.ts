// Starts the private test MariaDB/Redis (unless DATABASE_URL/REDIS_URL point elsewhere) and gives
// every run a fresh, migrated database.
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { fileURLToPath } from 'node:url';
import { createDb } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
// @ts-expect-error plain JS helper shared with the npm scripts
import { startServices, stopServices } from '../../scripts/lib/services.mjs';

export default async function setup() {
  let teardown: (() => Promise<void>) | undefined;
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const services = await startServices(root, 'test');
    Object.assign(process.env, services.env);
    // Started here (a bare `npx vitest`), so stopped here: no database left running afterwards.
    teardown = async () => { await stopServices(root, 'test'); };
  }
  const url = new URL(process.env.DATABASE_URL!);
  const name = url.pathname.slice(1);
  const admin = await mysql.createConnection({ uri: `${url.protocol}//${url.username}:${url.password}@${url.host}/` });
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  // The test Redis is private to the suite: start every run from an empty one.
  const redis = new Redis(process.env.REDIS_URL!);
  await redis.flushall();
  await redis.quit();
  const { db, pool } = createDb(process.env.DATABASE_URL!, 1);
  await migrateDatabase(db, 'standalone');
  await pool.end();
  return teardown;
}
