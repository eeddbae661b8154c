import type { Server } from '@hapi/hapi';
import type { AppConfig } from './config.js';
import { migrateLatest, openDatabase, runSeeds, type Database } from './db/database.js';
import type { Logger } from './logger.js';
import { createServer } from './server.js';
import { DataCipher, loadDataKeys } from './security/crypto.js';
import { reencryptPersonalData } from './security/personal-data.js';
import type { SecurityPolicy } from './security/policy.js';

/** The initial password of `admin` when QC_ADMIN_PASSWORD is not set (README lists it). */
export const DEFAULT_ADMIN_PASSWORD = 'Qc#Liuzhou2026';

export interface Platform {
  config: AppConfig;
  db: Database;
  server: Server;
  logger: Logger;
  /** True when this boot loaded the registry into an empty database. */
  seededFresh: boolean;
  cipher: DataCipher;
  stop(): Promise<void>;
}

/** Opens the database, migrates it and seeds it when empty (one transaction: a crash leaves it empty, not half-filled). */
export async function prepareDatabase(config: AppConfig, logger: Logger): Promise<{ db: Database; seededFresh: boolean; cipher: DataCipher }> {
  const { keys, source } = loadDataKeys(config);
  const cipher = new DataCipher(keys);
  if (!config.dataKeys) logger.info({ source }, 'personal-data key from file (set QC_DATA_KEYS when replicas share a database)');
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateLatest(db.knex);
    if (applied.length) logger.info({ migrations: applied }, 'migrated');
    const seededFresh = await db.knex.transaction(async (trx) => {
      const { n } = (await trx('organizations').count({ n: '*' }).first()) as { n: string | number };
      const fresh = Number(n) === 0;
      await runSeeds({ knex: trx, fresh, demo: config.demo, adminPassword: config.adminPassword ?? DEFAULT_ADMIN_PASSWORD, cipher });
      return fresh;
    });
    if (seededFresh) logger.info({ demo: config.demo }, 'seeded an empty database');
    const encrypted = await db.knex.transaction((trx) => reencryptPersonalData(trx, cipher, { onlyPlain: true }));
    if (encrypted) logger.warn({ encrypted }, 'encrypted personal fields that were stored in clear');
    return { db, seededFresh, cipher };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

/** Prepares the database and builds the server (not yet listening). */
export async function bootPlatform(config: AppConfig, logger: Logger): Promise<Platform> {
  const policyDefaults: Partial<SecurityPolicy> = {
    sessionIdleMinutes: config.sessionIdleMinutes,
    sessionAbsoluteHours: config.sessionAbsoluteHours,
  };
  const { db, seededFresh, cipher } = await prepareDatabase(config, logger);
  try {
    const server = await createServer({ config, db, logger, cipher, policyDefaults });
    let stopped = false;
    return {
      config,
      db,
      server,
      logger,
      seededFresh,
      cipher,
      async stop() {
        if (stopped) return;
        stopped = true;
        // hapi stops accepting, lets in-flight requests finish (up to the timeout), then we close the database.
        await server.stop({ timeout: 10_000 });
        await db.close();
      },
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
