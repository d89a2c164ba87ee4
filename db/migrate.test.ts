import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './client.ts';

type Handle = ReturnType<typeof createDb>;
import { migrateDatabase, readSchemaVersion, STANDALONE_SCHEMA_VERSION } from './migrate.ts';

const MAILCOW_TABLES = ['versions', 'domain', 'mailbox', 'alias', 'alias_domain', 'spamalias', 'sender_acl', 'app_passwd',
  'tfa', 'fido2', 'pushover', 'quarantine', 'api', 'admin', 'domain_admins', 'da_acl', 'user_acl', 'filterconf', 'logs',
  'sasl_log', 'quota2', 'quota2replica', 'templates', '_sogo_static_view', 'sogo_user_profile', 'tags_domain'];

const tsv = (file: string) => readFileSync(new URL(`./reference/${file}`, import.meta.url), 'utf8')
  // Not trim(): the last row may end in empty fields (tabs).
  .split('\n').filter((l) => l !== '').slice(1).map((l) => l.split('\t'));

const base = new URL(process.env.DATABASE_URL!);
const urlFor = (name: string) => `${base.protocol}//${base.username}:${base.password}@${base.host}/${name}`;

async function freshDatabase(name: string) {
  const conn = await mysql.createConnection({ uri: urlFor('') });
  await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  return createDb(urlFor(name), 2);
}

async function columns(h: Handle, tables: string[]) {
  const [rows] = await h.pool.query(
    `SELECT table_name t, column_name c, column_type ty, is_nullable n, column_default d, column_key k, extra e
     FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name IN (?) ORDER BY table_name, ordinal_position`,
    [tables]);
  return (rows as Record<string, string | null>[]).map((r) => [r.t, r.c, r.ty, r.n, r.d ?? '<null>', r.k, r.e]);
}

async function indexes(h: Handle, tables: string[]) {
  const [rows] = await h.pool.query(
    `SELECT table_name t, index_name i, GROUP_CONCAT(column_name ORDER BY seq_in_index) c, MAX(non_unique) u
     FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name IN (?)
     GROUP BY table_name, index_name ORDER BY table_name, index_name`, [tables]);
  return (rows as Record<string, string>[]).map((r) => [r.t, r.i, r.c, String(r.u)]);
}

async function tableNames(h: Handle) {
  const [rows] = await h.pool.query('SELECT table_name t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1');
  return (rows as { t: string }[]).map((r) => r.t);
}

describe('standalone mode', () => {
  let handle: Handle;
  beforeAll(async () => {
    handle = await freshDatabase(`cowbell_t_standalone_${process.pid}`);
    await migrateDatabase(handle.db, 'standalone');
  });
  afterAll(() => handle.pool.end());

  it("creates every mailcow table column for column as mailcow's migrator does", async () => {
    const expected = tsv('mailcow-columns.tsv').filter((r) => MAILCOW_TABLES.includes(r[0]));
    const actual = await columns(handle, MAILCOW_TABLES);
    const byTable = (rows: string[][]) => {
      const out: Record<string, string[][]> = {};
      for (const r of rows) (out[r[0]] ??= []).push(r);
      return out;
    };
    expect(byTable(actual as string[][])).toEqual(byTable(expected));
  });

  it("creates mailcow's indexes and no others", async () => {
    const expected = tsv('mailcow-indexes.tsv').filter((r) => MAILCOW_TABLES.includes(r[0]))
      .map((r) => [r[0], r[1], r[2], r[3]]);
    const actual = await indexes(handle, MAILCOW_TABLES);
    const sort = (rows: string[][]) => rows.map((r) => r.join('|')).sort();
    expect(sort(actual)).toEqual(sort(expected));
  });

  it('records the mailcow schema version it follows, and is idempotent', async () => {
    expect(await readSchemaVersion(handle.db)).toBe(STANDALONE_SCHEMA_VERSION);
    await migrateDatabase(handle.db, 'standalone');
    expect(await readSchemaVersion(handle.db)).toBe(STANDALONE_SCHEMA_VERSION);
    expect(await tableNames(handle)).toContain('cowbell_settings');
  });
});

describe('attach mode', () => {
  const handles: Handle[] = [];
  afterAll(() => Promise.all(handles.map((h) => h.pool.end())));

  /** A database as a real mailcow leaves it: its tables and a versions row, none of Cowbell's. */
  async function mailcowDatabase(suffix: string, version: string | null) {
    const h = await freshDatabase(`cowbell_t_attach_${suffix}_${process.pid}`);
    handles.push(h);
    const ddl = readFileSync(new URL('./migrations/mailcow/0000_mailcow_19022026_1220.sql', import.meta.url), 'utf8');
    for (const stmt of ddl.split('--> statement-breakpoint')) if (stmt.trim()) await h.pool.query(stmt);
    if (version) await h.pool.query("INSERT INTO versions (application, version) VALUES ('db_schema', ?)", [version]);
    return h;
  }

  it("creates only cowbell_ tables and leaves mailcow's untouched", async () => {
    const h = await mailcowDatabase('ok', '19022026_1220');
    const before = { tables: await tableNames(h), cols: await columns(h, MAILCOW_TABLES), idx: await indexes(h, MAILCOW_TABLES) };
    await migrateDatabase(h.db, 'attach');
    const added = (await tableNames(h)).filter((t) => !before.tables.includes(t));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((t) => t.startsWith('cowbell_'))).toBe(true);
    expect(added).not.toContain('cowbell_migrations_mailcow');
    expect(await columns(h, MAILCOW_TABLES)).toEqual(before.cols);
    expect(await indexes(h, MAILCOW_TABLES)).toEqual(before.idx);
  });

  it('refuses a schema version it does not know, with a clear message, unless allowed', async () => {
    const h = await mailcowDatabase('unknown', '01012099_0000');
    await expect(migrateDatabase(h.db, 'attach')).rejects.toThrow(/01012099_0000 is not one Cowbell knows.*COWBELL_ALLOW_UNKNOWN_SCHEMA/);
    expect(await tableNames(h)).not.toContain('cowbell_settings');
    await migrateDatabase(h.db, 'attach', true);
    expect(await tableNames(h)).toContain('cowbell_settings');
  });

  it('refuses a database without mailcow schema', async () => {
    const h = await freshDatabase(`cowbell_t_attach_empty_${process.pid}`);
    handles.push(h);
    await expect(migrateDatabase(h.db, 'attach')).rejects.toThrow(/no mailcow schema/);
  });

  it('standalone mode refuses to take over a real mailcow database', async () => {
    const h = await mailcowDatabase('takeover', '19022026_1220');
    await expect(migrateDatabase(h.db, 'standalone')).rejects.toThrow(/COWBELL_DB_MODE=attach/);
  });
});
