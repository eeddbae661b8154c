import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { PGlite } from '@electric-sql/pglite';
import { Model } from 'objection';
import pg from 'pg';
import type { DataCipher } from '../security/crypto.js';

// PostgreSQL returns bigint (int8) and numeric as strings by default; our ids fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
// DATE stays 'YYYY-MM-DD': turning it into a Date would shift it by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

const PGLITE_OPTIONS = { parsers: { 20: (v: string) => Number.parseInt(v, 10), 1082: (v: string) => v } };

export type DbKind = 'pglite' | 'postgres';

export interface Database {
  knex: Knex;
  kind: DbKind;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files when no databaseUrl is given; `memory` for a throwaway database. */
  dataDir: string;
}

/** Opens the real PostgreSQL when a URL is given, otherwise PGlite under `<dataDir>/pglite`. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  let knex: Knex;
  let kind: DbKind;
  let releaseLock = () => {};
  if (options.databaseUrl) {
    kind = 'postgres';
    knex = knexFactory({
      client: 'pg',
      connection: { connectionString: options.databaseUrl, application_name: 'qc-ops-api' },
      pool: { min: 0, max: 10 },
      acquireConnectionTimeout: 30_000,
    });
  } else {
    kind = 'pglite';
    let pglite: PGlite;
    if (options.dataDir === 'memory') {
      pglite = new PGlite(PGLITE_OPTIONS);
    } else {
      const dir = path.join(options.dataDir, 'pglite');
      fs.mkdirSync(dir, { recursive: true });
      releaseLock = takeDirectoryLock(options.dataDir);
      pglite = new PGlite(dir, PGLITE_OPTIONS);
    }
    await pglite.waitReady;
    knex = knexFactory({
      client: ClientPgLite,
      dialect: 'postgres',
      connection: () => ({ pglite }) as object,
      acquireConnectionTimeout: 60_000,
    });
  }
  Model.knex(knex);
  try {
    await knex.raw('select 1');
  } catch (err) {
    await knex.destroy().catch(() => undefined);
    releaseLock();
    throw err;
  }
  return {
    knex,
    kind,
    async close() {
      try {
        await knex.destroy();
      } finally {
        releaseLock();
      }
    },
  };
}

/** PGlite is one process's database: a second process opening the same files would corrupt them. */
export class DatabaseLockedError extends Error {
  constructor(readonly pid: number) {
    super(`数据目录正被另一个平台进程（PID ${pid}）使用：请先停止它，或设置 DATABASE_URL 使用 PostgreSQL`);
    this.name = 'DatabaseLockedError';
  }
}

function takeDirectoryLock(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
      if (pid && pid !== process.pid && isAlive(pid)) throw new DatabaseLockedError(pid);
      // Left by a process that died (e.g. SIGKILL): take it over.
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new DatabaseLockedError(0);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
// src/db → ../../db works both from the TypeScript sources and from dist/src/db.
const dbRoot = path.resolve(here, '../../db');

/** Loads migrations (or seeds) from a folder of `.ts` sources or their compiled `.js`. */
function moduleFiles(folder: string): string[] {
  const dir = path.join(dbRoot, folder);
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts') && !f.includes('.test.'))
    .sort();
}

class FolderMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    return moduleFiles('migrations');
  }
  getMigrationName(file: string): string {
    // The recorded name ignores the extension, so a database migrated by sources or by a build agrees.
    return file.replace(/\.(js|ts)$/, '');
  }
  async getMigration(file: string): Promise<Knex.Migration> {
    return (await import(path.join(dbRoot, 'migrations', file))) as Knex.Migration;
  }
}

/** Brings the schema up to date. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource: new FolderMigrationSource() })) as [number, string[]];
  return applied;
}

export interface SeedContext {
  knex: Knex;
  /** True when the database held no organization before this boot: registry and demo data load only then. */
  fresh: boolean;
  demo: boolean;
  adminPassword: string;
  /** Seeds write personal fields encrypted, like the services. */
  cipher: DataCipher;
}

export interface SeedModule {
  /** Runs in order of file name; must be idempotent: it only fills what is missing. */
  seed(ctx: SeedContext): Promise<void>;
}

/** Runs every seed in order, inside one transaction. */
export async function runSeeds(ctx: SeedContext): Promise<void> {
  for (const file of moduleFiles('seeds')) {
    const mod = (await import(path.join(dbRoot, 'seeds', file))) as SeedModule;
    await mod.seed(ctx);
  }
}
