// `npm run db:migrate`: applies Cowbell's migrations in the configured mode. A file of its own, so the
// server bundle (which imports db/migrate.ts) never contains a script entry.
import { loadEnv } from '../server/env.ts';
import { createDb } from './client.ts';
import { migrateDatabase } from './migrate.ts';

const env = loadEnv();
const { db, pool } = createDb(env.DATABASE_URL, 1);
try {
  await migrateDatabase(db, env.COWBELL_DB_MODE, env.COWBELL_ALLOW_UNKNOWN_SCHEMA);
  console.log(`migrations applied (${env.COWBELL_DB_MODE})`);
} finally {
  await pool.end();
}
