import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cron } from 'croner';
import type { Knex } from 'knex';
import {
  bigDataCenterSource,
  FileSource,
  hisDbSource,
  opsDbSource,
  runSync,
  StreamTablesSink,
  WarehouseSink,
  type ConfiguredAirbyteCatalog,
  type SourceConnector,
  type SyncResult,
  type WarehouseClient,
} from '@qc/ingest';
import type { Logger } from '../logger.js';
import type { DataCipher } from '../security/crypto.js';
import { openConfig, queueConnectionRun } from '../services/ingest-service.js';

export interface IngestWorkerOptions {
  knex: Knex;
  warehouse: WarehouseClient;
  cipher: DataCipher;
  logger: Logger;
  /** Secret of the keyed hash that links a patient's stays without their identity. */
  patientKeySecret: string;
  /** Where files of drop folders are copied before loading (default: the data dir's uploads). */
  uploadDir?: string;
  /** Called after a run loaded rows (the transform refresh listens). */
  onLoaded?: () => void;
  pollMs?: number;
}

interface ClaimedRun {
  id: string;
  connection_id: number | null;
  org_id: number | null;
  trigger: string;
  file_path: string | null;
  file_name: string | null;
}

const INTERRUPTED = '平台在运行中停止（进程退出或重启），本次运行已中断；请重新运行——已入库的行会被新数据覆盖，不会重复';

/**
 * Runs queued ingestion runs one at a time in this process (the embedded DuckDB has one writer), keeps
 * the run row current while it goes, stores rejects, and fires scheduled connections. Runs are claimed
 * with a conditional UPDATE, so several replicas never run the same one.
 */
export class IngestWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly crons = new Map<number, Cron>();
  private readonly worker = `${os.hostname()}:${process.pid}`;

  constructor(private readonly o: IngestWorkerOptions) {}

  /** Marks runs a dead process left 'running' as failed, then starts polling and scheduling. */
  async start(): Promise<void> {
    const interrupted = (await this.o.knex('ingest_runs')
      .where('status', 'running')
      .update({ status: 'failed', error: INTERRUPTED, finished_at: new Date() })
      .returning('id')) as { id: string }[];
    if (interrupted.length) this.o.logger.warn({ runs: interrupted.map((r) => r.id) }, 'marked interrupted ingest runs failed');
    await this.reschedule();
    this.timer = setInterval(() => void this.tick(), this.o.pollMs ?? 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const c of this.crons.values()) c.stop();
    await this.running;
  }

  /** Next fire time of a cron schedule (Asia/Shanghai), for display. */
  static nextRun(schedule: string | null): string | null {
    if (!schedule) return null;
    try {
      return new Cron(schedule, { timezone: 'Asia/Shanghai', paused: true }).nextRun()?.toISOString() ?? null;
    } catch {
      return null;
    }
  }

  /** Re-reads the connections' schedules (after an edit). */
  async reschedule(): Promise<void> {
    for (const c of this.crons.values()) c.stop();
    this.crons.clear();
    const rows = (await this.o.knex('ingest_connections').where('enabled', true).whereNotNull('schedule')) as {
      id: number;
      kind: string;
      org_id: number | null;
      schedule: string;
    }[];
    for (const row of rows) {
      try {
        const cron = new Cron(row.schedule, { timezone: 'Asia/Shanghai', protect: true }, async (self: Cron) => {
          // a firing that meets a shutdown (the pool already closed) must not become an unhandled rejection
          if (this.stopped) return;
          try {
            if (row.kind === 'file_drop') {
              await this.scanDropFolder(Number(row.id));
              return;
            }
            const tick = self.currentRun() ?? new Date();
            tick.setSeconds(0, 0);
            await queueConnectionRun(this.o.knex, { id: Number(row.id), org_id: row.org_id }, 'schedule', null, tick);
          } catch (err) {
            if (!this.stopped) this.o.logger.error({ connection: row.id, err: (err as Error).message }, 'scheduled run failed');
          }
        });
        this.crons.set(Number(row.id), cron);
      } catch (err) {
        this.o.logger.error({ connection: row.id, err: (err as Error).message }, 'bad schedule');
      }
    }
  }

  /**
   * A hospital's drop folder: each new .csv/.xlsx file (by name, size and time) is copied in and queued
   * as a file run of the connection. Returns the queued run ids.
   */
  async scanDropFolder(connectionId: number, trigger: 'schedule' | 'manual' = 'schedule', createdBy: number | null = null): Promise<string[]> {
    const c = (await this.o.knex('ingest_connections').where('id', connectionId).first()) as {
      id: number;
      org_id: number | null;
      config: { directory?: string };
      state: { seen?: Record<string, string> };
    };
    const dir = c.config?.directory;
    if (!dir || !fs.existsSync(dir)) {
      this.o.logger.warn({ connection: connectionId, dir }, 'drop folder missing');
      return [];
    }
    const seen = { ...(c.state?.seen ?? {}) };
    const uploads = path.join(this.o.uploadDir ?? path.join(os.tmpdir(), 'qc-uploads'), '');
    fs.mkdirSync(uploads, { recursive: true });
    const queued: string[] = [];
    for (const name of fs.readdirSync(dir).sort()) {
      if (!/\.(csv|xlsx)$/i.test(name)) continue;
      const full = path.join(dir, name);
      const st = fs.statSync(full);
      if (!st.isFile()) continue;
      const key = `${name}|${st.size}|${Math.round(st.mtimeMs)}`;
      if (seen[key]) continue;
      const stored = path.join(uploads, `${crypto.randomUUID()}${path.extname(name).toLowerCase()}`);
      fs.copyFileSync(full, stored);
      const sha256 = crypto.createHash('sha256').update(fs.readFileSync(stored)).digest('hex');
      const id = crypto.randomUUID();
      await this.o.knex('ingest_runs').insert({
        id,
        connection_id: c.id,
        org_id: c.org_id,
        kind: 'discharge_records',
        trigger,
        status: 'queued',
        file_name: name,
        file_path: stored,
        file_sha256: sha256,
        created_by: createdBy,
      });
      seen[key] = id;
      queued.push(id);
    }
    await this.o.knex('ingest_connections').where('id', c.id).update({ state: JSON.stringify({ ...c.state, seen }) });
    if (queued.length) void this.tick();
    return queued;
  }

  /** Claims and runs the oldest queued run, if any and if idle. */
  async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = (async () => {
      try {
        for (;;) {
          const run = await this.claim();
          if (!run) return;
          await this.execute(run);
          if (this.stopped) return;
        }
      } catch (err) {
        this.o.logger.error({ err: (err as Error).message }, 'ingest worker failed');
      }
    })().finally(() => {
      this.running = undefined;
    });
    await this.running;
  }

  private async claim(): Promise<ClaimedRun | undefined> {
    const next = (await this.o.knex('ingest_runs').where('status', 'queued').orderBy('queued_at').first('id')) as { id: string } | undefined;
    if (!next) return undefined;
    const claimed = (await this.o.knex('ingest_runs')
      .where({ id: next.id, status: 'queued' })
      .update({ status: 'running', started_at: new Date(), worker: this.worker, attempt: this.o.knex.raw('attempt + 1') })
      .returning(['id', 'connection_id', 'org_id', 'trigger', 'file_path', 'file_name'])) as ClaimedRun[];
    return claimed[0];
  }

  private async supervisedHospitals(centerId: number): Promise<string[]> {
    const rows = (await this.o.knex('center_hospitals as ch')
      .join('organizations as h', 'h.id', 'ch.hospital_id')
      .where('ch.center_id', centerId)
      .select('h.code')) as { code: string }[];
    return rows.map((r) => r.code);
  }

  private async sourceFor(run: ClaimedRun): Promise<{ connector: SourceConnector; config: Record<string, unknown>; state: Record<string, Record<string, unknown>> }> {
    // a hospital's upload may only carry its own rows, a center's those of the hospitals it supervises; the city's any
    const org = run.org_id
      ? ((await this.o.knex('organizations').where('id', run.org_id).first('id', 'code', 'kind')) as { id: number; code: string; kind: string })
      : undefined;
    const orgCode = org?.kind === 'hospital' ? org.code : undefined;
    if (!run.connection_id || run.file_path) {
      const center = org?.kind === 'qc_center' ? { code: org.code, hospitals: await this.supervisedHospitals(org.id) } : undefined;
      return { connector: new FileSource() as unknown as SourceConnector, config: { path: run.file_path, orgCode, center, fileName: run.file_name }, state: {} };
    }
    const c = (await this.o.knex('ingest_connections').where('id', run.connection_id).first()) as {
      kind: string;
      config: Record<string, unknown>;
      state: Record<string, Record<string, unknown>>;
    };
    const config: Record<string, unknown> = { ...openConfig(c.config ?? {}, this.o.cipher), orgCode };
    if (c.kind === 'ops_db' && !config.url) {
      // the platform's own database, through its own connection (PGlite has only one)
      config.query = async (sql: string, params: unknown[]) => {
        const res = (await this.o.knex.raw(sql.replace(/\$\d+/g, '?'), params as never[])) as { rows: Record<string, unknown>[] };
        return { rows: res.rows };
      };
    }
    const connector = (
      c.kind === 'his_db' ? hisDbSource : c.kind === 'bigdata_api' ? bigDataCenterSource : c.kind === 'ops_db' ? opsDbSource : new FileSource()
    ) as unknown as SourceConnector;
    return { connector, config, state: c.state ?? {} };
  }

  /** Runs one claimed run to its end; every outcome is written to its row. */
  async execute(run: ClaimedRun): Promise<SyncResult | undefined> {
    const started = Date.now();
    let lastWrite = 0;
    // progress writes run one after another and finish before the final counts: never a stale count last
    let progressWrite: Promise<unknown> = Promise.resolve();
    try {
      const { connector, config, state } = await this.sourceFor(run);
      // the patient-key secret and run id reach the connector through the sync context
      const discovered = await connector.discover(config as never);
      // discharge records go to their own table; other streams (the operational database's) to tables
      // derived from their schemas
      const dischargeOnly = discovered.streams.some((s) => s.name === 'discharge_records');
      const streams = dischargeOnly ? discovered.streams.filter((s) => s.name === 'discharge_records') : discovered.streams;
      const source = run.connection_id ? `connection:${run.connection_id}` : `file:${run.file_name ?? ''}`;
      const catalog: ConfiguredAirbyteCatalog = {
        streams: streams
          .map((stream) => ({
            stream,
            sync_mode: stream.supported_sync_modes.includes('incremental') ? 'incremental' : 'full_refresh',
            destination_sync_mode: 'append_dedup',
          })),
      };
      const result = await runSync({
        connector,
        config,
        catalog,
        state,
        sink: dischargeOnly ? new WarehouseSink(this.o.warehouse) : new StreamTablesSink(this.o.warehouse, streams, { runId: run.id, source }),
        context: { runId: run.id, source, patientKeySecret: this.o.patientKeySecret },
        onProgress: (p) => {
          if (Date.now() - lastWrite < 500) return;
          lastWrite = Date.now();
          // best effort (a knex builder runs only when awaited/then'd); the final counts are written after the run
          progressWrite = progressWrite.then(() =>
            this.o.knex('ingest_runs')
              .where('id', run.id)
              .update({ rows_read: p.rowsRead, rows_loaded: p.rowsLoaded, rows_rejected: p.rowsRejected })
              .then(
                () => undefined,
                () => undefined,
              ),
          );
        },
        // a connection's cursor is saved after each committed batch: a crash resumes, never skips
        // (a drop folder's file run keeps the folder's own state: which files were seen)
        onState: run.connection_id && !run.file_path
          ? async (st) => {
              await this.o.knex('ingest_connections').where('id', run.connection_id!).update({ state: JSON.stringify(st) });
            }
          : undefined,
      });
      await progressWrite;
      await this.o.knex.transaction(async (trx) => {
        for (let i = 0; i < result.rejects.length; i += 1000) {
          await trx('ingest_rejects').insert(result.rejects.slice(i, i + 1000).map((r) => ({ run_id: run.id, row: r.row, field: r.field, message: r.message })));
        }
        await trx('ingest_runs').where('id', run.id).update({
          status: result.status,
          rows_read: result.rowsRead,
          rows_loaded: result.rowsLoaded,
          rows_rejected: result.rowsRejected,
          finished_at: new Date(),
          error: result.error ?? null,
        });
        if (run.connection_id && !run.file_path && result.state) {
          await trx('ingest_connections').where('id', run.connection_id).update({ state: JSON.stringify(result.state) });
        }
      });
      this.o.logger.info({ run: run.id, status: result.status, rows: result.rowsLoaded, ms: Date.now() - started }, 'ingest run finished');
      if (result.rowsLoaded > 0) this.o.onLoaded?.();
      return result;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.o.knex('ingest_runs').where('id', run.id).update({ status: 'failed', error: message.slice(0, 1000), finished_at: new Date() });
      this.o.logger.error({ run: run.id, err: message }, 'ingest run failed');
      return undefined;
    }
  }

  /** Runs one queued run now, in the caller (the command line). */
  async runNow(runId: string): Promise<void> {
    const claimed = (await this.o.knex('ingest_runs')
      .where({ id: runId, status: 'queued' })
      .update({ status: 'running', started_at: new Date(), worker: this.worker, attempt: this.o.knex.raw('attempt + 1') })
      .returning(['id', 'connection_id', 'org_id', 'trigger', 'file_path', 'file_name'])) as ClaimedRun[];
    if (claimed[0]) await this.execute(claimed[0]);
  }
}
