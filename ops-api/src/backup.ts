import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import * as tar from 'tar';
import type { WarehouseClient } from '@qc/ingest';

/**
 * Full backup and restore of what the platform keeps: the operational database (every table, as JSON
 * lines, portable between PGlite and PostgreSQL), the warehouse's raw tables (Parquet; the marts are
 * rebuilt from them by dbt), uploaded files, and the key files under the data directory.
 */

/** Tables in an order that satisfies foreign keys; sessions, captchas and login attempts are not kept. */
export const BACKUP_TABLES = [
  'organizations',
  'center_hospitals',
  'permissions',
  'roles',
  'role_permissions',
  'users',
  'user_roles',
  'password_history',
  'security_settings',
  'audit_head',
  'audit_log',
  'ingest_connections',
  'ingest_runs',
  'ingest_rejects',
  'indicators',
  'indicator_versions',
  'indicator_library_imports',
  'report_forms',
  'report_form_fields',
  'report_form_hospitals',
  'report_tasks',
  'report_submissions',
  'notifications',
  'qc_activities',
] as const;

/** Tables a backup leaves out on purpose: sign-in state that a restore must not bring back, and knex's own. */
export const NOT_BACKED_UP = ['sessions', 'captchas', 'login_attempts', 'knex_migrations', 'knex_migrations_lock'] as const;

interface Manifest {
  format: 'qc-backup';
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: Record<string, number>;
  warehouse: { engine: string; tables: Record<string, number> };
  files: string[];
}

async function rawTables(warehouse: WarehouseClient): Promise<string[]> {
  if (warehouse.engine !== 'duckdb') return [];
  const rows = await warehouse.query<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'raw' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Writes a .tar.gz backup; returns its manifest. */
export async function backup(knex: Knex, warehouse: WarehouseClient, dataDir: string, outFile: string): Promise<Manifest> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-backup-'));
  try {
    const manifest: Manifest = {
      format: 'qc-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      migrations: (await knex('knex_migrations').orderBy('id').pluck('name')) as string[],
      tables: {},
      warehouse: { engine: warehouse.engine, tables: {} },
      files: [],
    };
    fs.mkdirSync(path.join(work, 'db'));
    await knex.transaction(async (trx) => {
      // one snapshot of every table
      await trx.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      for (const table of BACKUP_TABLES) {
        const rows = (await trx(table).select()) as Record<string, unknown>[];
        fs.writeFileSync(path.join(work, 'db', `${table}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
        manifest.tables[table] = rows.length;
      }
    });
    fs.mkdirSync(path.join(work, 'warehouse'));
    for (const name of await rawTables(warehouse)) {
      const file = path.join(work, 'warehouse', `${name}.parquet`);
      await warehouse.exec(`COPY (SELECT * FROM raw.${name}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`);
      const [row] = await warehouse.query<{ n: number }>(`SELECT count(*) AS n FROM raw.${name}`);
      manifest.warehouse.tables[name] = Number(row!.n);
    }
    for (const dir of ['uploads', 'keys']) {
      const src = path.join(dataDir, dir);
      if (!fs.existsSync(src)) continue;
      fs.cpSync(src, path.join(work, 'files', dir), { recursive: true });
      manifest.files.push(dir);
    }
    fs.writeFileSync(path.join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
    fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
    await tar.create({ gzip: true, file: outFile, cwd: work, portable: true }, fs.readdirSync(work));
    fs.chmodSync(outFile, 0o600);
    return manifest;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The contents of a backup's manifest, without restoring it. */
export async function readManifest(inFile: string): Promise<Manifest> {
  let text = '';
  await tar.list({ file: inFile, onReadEntry: (e) => (e.path === 'manifest.json' ? e.on('data', (d: Buffer) => (text += d.toString())) : e.resume()) });
  const manifest = JSON.parse(text) as Manifest;
  if (manifest.format !== 'qc-backup') throw new Error('不是本平台的备份文件');
  return manifest;
}

/**
 * Restores a backup into this platform's database, warehouse and data directory, replacing what is
 * there. Run it with the platform stopped; the caller migrates the database first.
 */
export async function restore(knex: Knex, warehouse: WarehouseClient, dataDir: string, inFile: string): Promise<Manifest> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-restore-'));
  try {
    await tar.extract({ file: inFile, cwd: work });
    const manifest = JSON.parse(fs.readFileSync(path.join(work, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.format !== 'qc-backup' || manifest.version !== 1) throw new Error('不是本平台的备份文件，或版本不支持');
    const here = (await knex('knex_migrations').pluck('name')) as string[];
    const missing = manifest.migrations.filter((m) => !here.includes(m));
    if (missing.length) throw new Error(`备份来自更新的版本（缺少迁移 ${missing.join('、')}），请先升级平台`);
    await knex.transaction(async (trx) => {
      // the audit trail's guard refuses deletes: restoring replaces the whole chain, as its owner
      await trx.raw('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await trx.raw(`TRUNCATE ${[...BACKUP_TABLES, ...NOT_BACKED_UP.filter((t) => !t.startsWith('knex_'))].join(', ')} RESTART IDENTITY CASCADE`);
      const jsonColumns = (await trx.raw(`
        SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('json', 'jsonb')`)) as { rows: { table_name: string; column_name: string }[] };
      const isJson = new Set(jsonColumns.rows.map((c) => `${c.table_name}.${c.column_name}`));
      for (const table of BACKUP_TABLES) {
        const file = path.join(work, 'db', `${table}.jsonl`);
        const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
        const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
        for (let i = 0; i < rows.length; i += 500) {
          const chunk = rows.slice(i, i + 500).map((r) => {
            const out: Record<string, unknown> = {};
            // json/jsonb columns go back as JSON text (arrays too); other arrays (text[]) as they are
            for (const [k, v] of Object.entries(r)) out[k] = v !== null && isJson.has(`${table}.${k}`) ? JSON.stringify(v) : v;
            return out;
          });
          try {
            await trx(table).insert(chunk);
          } catch (err) {
            // the driver's message repeats the whole statement: keep the database's reason only
            const reason = String((err as Error).message).split(' - ').pop();
            throw new Error(`恢复表 ${table} 失败：${reason}`);
          }
        }
      }
      await trx.raw('ALTER TABLE audit_log ENABLE TRIGGER USER');
      // sequences continue after the restored ids
      const seqs = (await trx.raw(`
        SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(c.relname::text, a.attname::text) AS seq
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
        WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0
          AND pg_get_serial_sequence(c.relname::text, a.attname::text) IS NOT NULL`)) as { rows: { tbl: string; col: string; seq: string }[] };
      for (const s of seqs.rows) {
        await trx.raw(`SELECT setval(?, coalesce((SELECT max(??) FROM ??), 0) + 1, false)`, [s.seq, s.col, s.tbl]);
      }
    });
    if (warehouse.engine === 'duckdb') {
      await warehouse.exec('CREATE SCHEMA IF NOT EXISTS raw');
      for (const name of Object.keys(manifest.warehouse.tables)) {
        const file = path.join(work, 'warehouse', `${name}.parquet`);
        await warehouse.exec(`DROP TABLE IF EXISTS raw.${name}`);
        await warehouse.exec(`CREATE TABLE raw.${name} AS SELECT * FROM read_parquet(${sqlString(file)})`);
      }
    }
    for (const dir of manifest.files) {
      const target = path.join(dataDir, dir);
      fs.rmSync(target, { recursive: true, force: true });
      fs.cpSync(path.join(work, 'files', dir), target, { recursive: true });
    }
    return manifest;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
