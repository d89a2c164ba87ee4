// Cowbell's migrations in the configured mode (`npm run db:migrate` runs db/migrate-cli.ts).
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import type { Db } from './client.ts';
import { versions } from './schema/audit.ts';

/** The mailcow schema versions ($db_version in init_db.inc.php) whose tables Cowbell was built against. */
export const KNOWN_MAILCOW_SCHEMAS = ['19022026_1220'] as const;
export const STANDALONE_SCHEMA_VERSION = KNOWN_MAILCOW_SCHEMAS[KNOWN_MAILCOW_SCHEMAS.length - 1];

const folder = (name: string) => fileURLToPath(new URL(`./migrations/${name}`, import.meta.url));

export type DbMode = 'standalone' | 'attach';

async function tableExists(db: Db, name: string): Promise<boolean> {
  const [rows] = await db.execute(sql`SELECT COUNT(*) AS n FROM information_schema.tables
    WHERE table_schema = DATABASE() AND table_name = ${name}`);
  return Number((rows as unknown as { n: number }[])[0].n) > 0;
}

export async function readSchemaVersion(db: Db): Promise<string | null> {
  if (!(await tableExists(db, 'versions'))) return null;
  const [rows] = await db.execute(sql`SELECT version FROM versions WHERE application = 'db_schema'`);
  return (rows as unknown as { version: string }[])[0]?.version ?? null;
}

/**
 * Attach mode runs beside a real mailcow, whose own migrator owns its tables. We refuse to run on a
 * schema we do not know unless told to, because columns may have moved under us.
 */
export async function checkMailcowSchema(db: Db, allowUnknown: boolean): Promise<{ version: string; known: boolean }> {
  const version = await readSchemaVersion(db);
  if (version === null) {
    throw new Error('COWBELL_DB_MODE=attach, but this database has no mailcow schema (no versions.db_schema row). '
      + 'Point DATABASE_URL at mailcow\'s database, or use COWBELL_DB_MODE=standalone.');
  }
  const known = (KNOWN_MAILCOW_SCHEMAS as readonly string[]).includes(version);
  if (!known && !allowUnknown) {
    throw new Error(`mailcow schema version ${version} is not one Cowbell knows (${KNOWN_MAILCOW_SCHEMAS.join(', ')}). `
      + 'Update Cowbell, or set COWBELL_ALLOW_UNKNOWN_SCHEMA=1 to start anyway at your own risk.');
  }
  return { version, known };
}

export async function migrateDatabase(db: Db, mode: DbMode, allowUnknown = false): Promise<void> {
  if (mode === 'standalone') {
    const ours = await tableExists(db, 'cowbell_migrations_mailcow');
    if (!ours && (await tableExists(db, 'mailbox'))) {
      throw new Error('This database already holds mailcow tables that Cowbell did not create. '
        + 'To run beside mailcow, set COWBELL_DB_MODE=attach.');
    }
    await migrate(db, { migrationsFolder: folder('mailcow'), migrationsTable: 'cowbell_migrations_mailcow' });
    await db.insert(versions).ignore().values({ application: 'db_schema', version: STANDALONE_SCHEMA_VERSION });
  } else {
    await checkMailcowSchema(db, allowUnknown);
  }
  await migrate(db, { migrationsFolder: folder('cowbell'), migrationsTable: 'cowbell_migrations' });
}
