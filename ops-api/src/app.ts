import type { Server } from '@hapi/hapi';
import type { AppConfig } from './config.js';
import { migrateLatest, openDatabase, runSeeds, type Database } from './db/database.js';
import type { Logger } from './logger.js';
import { createServer } from './server.js';
import { DataCipher, loadDataKeys } from './security/crypto.js';
import { reencryptPersonalData } from './security/personal-data.js';
import type { SecurityPolicy } from './security/policy.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openWarehouse, writeDischargeFile, type WarehouseClient } from '@qc/ingest';
import { queueFileRun } from './services/ingest-service.js';
import { IngestWorker } from './jobs/ingest-worker.js';
import { MartsRefresher } from './jobs/marts-refresher.js';
import { ReportJobs } from './jobs/report-reminders.js';
import { loadPatientKeySecret } from './security/crypto.js';

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
  warehouse: WarehouseClient;
  worker: IngestWorker;
  refresher: MartsRefresher;
  /** 数据上报: reminders and the sweep of approved values into the warehouse. */
  reporting: ReportJobs;
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

/**
 * The demo data set's year of synthetic 病案首页 (the twelve months before this one), queued as a run
 * like any upload; the worker loads it in the background and dbt builds the marts after it.
 */
async function queueDemoDischarges(db: Database, config: AppConfig, logger: Logger): Promise<void> {
  const dir = path.join(config.dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'demo-discharges.csv');
  const now = new Date();
  const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const first = new Date(last.getFullYear(), last.getMonth() - 11, 1);
  const month = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  await writeDischargeFile(file, { records: config.demoDischarges, seed: 20261127, from: month(first), to: month(last), format: 'csv', encoding: 'gb18030' });
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  await db.knex.transaction(async (trx) => {
    const org = (await trx('organizations').where('kind', 'commission').first('id')) as { id: number };
    await queueFileRun(trx, { orgId: Number(org.id), trigger: 'cli', fileName: '演示数据-住院病案首页.csv', filePath: file, sha256, createdBy: null });
  });
  logger.info({ records: config.demoDischarges, from: month(first), to: month(last) }, 'queued the demo discharge records');
}

/** Prepares the database and builds the server (not yet listening). */
export async function bootPlatform(config: AppConfig, logger: Logger): Promise<Platform> {
  const policyDefaults: Partial<SecurityPolicy> = {
    sessionIdleMinutes: config.sessionIdleMinutes,
    sessionAbsoluteHours: config.sessionAbsoluteHours,
  };
  const { db, seededFresh, cipher } = await prepareDatabase(config, logger);
  let warehouse: WarehouseClient | undefined;
  try {
    // This process owns the embedded warehouse file (DuckDB has one writer): see docs/warehouse.md.
    warehouse = await openWarehouse({ dataDir: config.dataDir, clickhouseUrl: config.clickhouseUrl });
    const refresher = new MartsRefresher({ warehouse, dataDir: config.dataDir, clickhouseUrl: config.clickhouseUrl, logger });
    const transforms = config.transforms && refresher.available;
    if (config.transforms && !refresher.available) logger.warn('dbt is not installed (.venv missing): marts are not rebuilt after loads');
    const worker = new IngestWorker({
      knex: db.knex,
      warehouse,
      cipher,
      logger,
      patientKeySecret: loadPatientKeySecret(config),
      uploadDir: path.join(config.dataDir, 'uploads'),
      ...(transforms ? { onLoaded: () => refresher.request() } : {}),
    });
    const server = await createServer({ config, db, logger, cipher, policyDefaults, warehouse, worker });
    await worker.start();
    if (seededFresh && config.demo && config.demoDischarges > 0) await queueDemoDischarges(db, config, logger);
    const reporting = new ReportJobs({ knex: db.knex, warehouse, logger });
    reporting.start();
    let stopped = false;
    const wh = warehouse;
    return {
      config,
      db,
      server,
      logger,
      seededFresh,
      cipher,
      warehouse: wh,
      worker,
      refresher,
      reporting,
      async stop() {
        if (stopped) return;
        stopped = true;
        // hapi stops accepting and lets in-flight requests finish (up to the timeout); the worker finishes
        // its batch; then the warehouse and the database close.
        await server.stop({ timeout: 10_000 });
        await reporting.stop();
        await worker.stop();
        await refresher.stop();
        await wh.close();
        await db.close();
      },
    };
  } catch (err) {
    await warehouse?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}
