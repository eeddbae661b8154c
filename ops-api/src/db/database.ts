import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { PGlite } from '@electric-sql/pglite';
import { Model } from 'objection';
import pg from 'pg';

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
  await knex.raw('select 1');
  return {
    knex,
    kind,
    async close() {
      await knex.destroy();
    },
  };
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
