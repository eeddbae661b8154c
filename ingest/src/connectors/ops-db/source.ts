/**
 * 平台业务库: organizations, users and audit events from the platform's own PostgreSQL (or PGlite, through
 * an injected query function), incrementally, so analytics sees operations within a scheduler tick.
 */
import pg from 'pg';
import { errorMessage, logMessage, recordMessage, stateMessage } from '../../core/messages.js';
import type {
  AirbyteCatalog,
  AirbyteConnectionStatus,
  AirbyteMessage,
  ConfiguredAirbyteCatalog,
  ConnectorSpecification,
  SourceConnector,
} from '../../core/protocol.js';
import { OPS_DB_SPEC, OpsDbConfigError, resolveOpsDbConfig, type OpsDbConfig, type OpsQueryFn, type ResolvedOpsDbConfig } from './config.js';
import { OPS_STREAMS, type OpsStreamName, type OpsStreamSpec } from './streams.js';

/** Where a stream stands: the last row's (updated_at, id), and the last audit entry already followed up. */
export interface OpsDbState {
  updated_at?: string;
  id?: number;
  audit_id?: number;
}

interface Session {
  query: OpsQueryFn;
  close(): Promise<void>;
}

async function openSession(cfg: ResolvedOpsDbConfig): Promise<Session> {
  if (cfg.query) return { query: cfg.query, close: async () => undefined };
  const client = new pg.Client({ connectionString: cfg.url, connectionTimeoutMillis: 15_000, application_name: 'qc-ingest-ops-db' });
  client.on('error', () => undefined);
  await client.connect();
  // our own connection: make it read-only (an injected one belongs to its owner and is left alone)
  await client.query('SET default_transaction_read_only = on');
  return {
    query: async (sql, params) => ({ rows: (await client.query(sql, params)).rows as Record<string, unknown>[] }),
    close: () => client.end(),
  };
}

function describe(err: unknown): string {
  if (err instanceof OpsDbConfigError) return err.message;
  const e = err as { code?: string; message?: string };
  const detail = (e?.message ?? String(err)).replace(/\w+:\/\/[^\s]+/g, '<连接串>');
  if (e?.code === '42P01') return `平台业务库缺少表（${detail}），请先运行数据库迁移`;
  if (e?.code === '42501') return `当前账号无权读取平台业务库（${detail}）；审计表受行级安全保护，请使用库所有者或专用只读账号`;
  if (e?.code === 'ECONNREFUSED') return `无法连接平台业务库：连接被拒绝（${detail}）`;
  return `平台业务库出错：${detail}`;
}

function toInt(v: unknown): unknown {
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  if (typeof v === 'bigint') return Number(v);
  return v;
}

function shape(spec: OpsStreamSpec, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const c of spec.intColumns) out[c] = toInt(out[c]);
  return out;
}

function numberOrUndefined(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

async function* readByUpdatedAt(
  db: Session,
  spec: OpsStreamSpec,
  pageSize: number,
  saved: OpsDbState | undefined,
  auditHigh: number,
): AsyncGenerator<AirbyteMessage> {
  const name = spec.stream.name;
  const upd = spec.updatedAtColumn!;
  const id = spec.idColumn;
  const state: OpsDbState = { ...(saved ?? {}) };
  const seen = new Set<number>();
  let count = 0;
  for (;;) {
    const after = state.updated_at !== undefined && state.id !== undefined;
    const sql = after
      ? `${spec.select} WHERE (${upd}, ${id}) > ($1::timestamptz, $2::bigint) ORDER BY ${upd}, ${id} LIMIT $3`
      : `${spec.select} ORDER BY ${upd}, ${id} LIMIT $1`;
    const { rows } = await db.query(sql, after ? [state.updated_at, state.id, pageSize] : [pageSize]);
    for (const r of rows) {
      const data = shape(spec, r);
      seen.add(data.id as number);
      count += 1;
      yield recordMessage(name, data);
    }
    if (rows.length > 0) {
      const last = shape(spec, rows[rows.length - 1]!);
      state.updated_at = last.updated_at as string;
      state.id = last.id as number;
    }
    yield stateMessage(name, { ...state });
    if (rows.length < pageSize) break;
  }

  // Changes that left updated_at alone (a user's roles, a login) still leave an audit entry on the object.
  if (spec.auditObjectType && saved?.audit_id !== undefined && auditHigh > saved.audit_id) {
    let afterId = 0;
    for (;;) {
      const { rows } = await db.query(
        `${spec.select} WHERE ${id} IN (
           SELECT CASE WHEN al.object_id ~ '^[0-9]{1,18}$' THEN al.object_id::bigint END FROM audit_log al
           WHERE al.id > $1 AND al.id <= $2 AND al.object_type = $3 AND al.result = 'success' AND al.action NOT LIKE 'personal.%'
         ) AND ${id} > $4 ORDER BY ${id} LIMIT $5`,
        [saved.audit_id, auditHigh, spec.auditObjectType, afterId, pageSize],
      );
      for (const r of rows) {
        const data = shape(spec, r);
        afterId = data.id as number;
        if (seen.has(afterId)) continue;
        count += 1;
        yield recordMessage(name, data);
      }
      if (rows.length < pageSize) break;
    }
  }
  if (spec.auditObjectType) {
    state.audit_id = auditHigh;
    yield stateMessage(name, { ...state });
  }
  yield logMessage('INFO', `${name}：读取 ${count} 行`);
}

async function* readById(db: Session, spec: OpsStreamSpec, pageSize: number, saved: OpsDbState | undefined): AsyncGenerator<AirbyteMessage> {
  const name = spec.stream.name;
  const id = spec.idColumn;
  let lastId = saved?.id ?? 0;
  let count = 0;
  for (;;) {
    const { rows } = await db.query(`${spec.select} WHERE ${id} > $1 ORDER BY ${id} LIMIT $2`, [lastId, pageSize]);
    for (const r of rows) {
      const data = shape(spec, r);
      lastId = data.id as number;
      count += 1;
      yield recordMessage(name, data);
    }
    yield stateMessage(name, { id: lastId });
    if (rows.length < pageSize) break;
  }
  yield logMessage('INFO', `${name}：读取 ${count} 行`);
}

function parseState(raw: Record<string, unknown> | undefined): OpsDbState | undefined {
  if (!raw) return undefined;
  const state: OpsDbState = {};
  if (typeof raw.updated_at === 'string' && !Number.isNaN(Date.parse(raw.updated_at))) state.updated_at = raw.updated_at;
  const id = numberOrUndefined(raw.id);
  if (id !== undefined) state.id = id;
  const auditId = numberOrUndefined(raw.audit_id);
  if (auditId !== undefined) state.audit_id = auditId;
  return state;
}

/** The platform's own database as a source: streams organizations, users, audit_events. */
export const opsDbSource: SourceConnector<OpsDbConfig> = {
  name: 'ops-db',

  spec(): ConnectorSpecification {
    return { connectionSpecification: OPS_DB_SPEC, supportsIncremental: true, supported_destination_sync_modes: ['append_dedup', 'overwrite'] };
  },

  async check(config: OpsDbConfig): Promise<AirbyteConnectionStatus> {
    let db: Session | undefined;
    try {
      const cfg = resolveOpsDbConfig(config);
      db = await openSession(cfg);
      for (const spec of Object.values(OPS_STREAMS)) await db.query(`${spec.select} LIMIT 1`, []);
      return { status: 'SUCCEEDED', message: `已连接平台业务库，可读取 ${Object.keys(OPS_STREAMS).join('、')}` };
    } catch (err) {
      return { status: 'FAILED', message: describe(err) };
    } finally {
      await db?.close().catch(() => undefined);
    }
  },

  async discover(config: OpsDbConfig): Promise<AirbyteCatalog> {
    resolveOpsDbConfig(config);
    return { streams: Object.values(OPS_STREAMS).map((s) => s.stream) };
  },

  async *read(config: OpsDbConfig, catalog: ConfiguredAirbyteCatalog, state?: Record<string, Record<string, unknown>>): AsyncGenerator<AirbyteMessage> {
    let db: Session | undefined;
    try {
      const cfg = resolveOpsDbConfig(config);
      db = await openSession(cfg);
      // one bound for every stream of this read: audit entries after it wait for the next read
      const { rows } = await db.query('SELECT COALESCE(max(id), 0)::text AS id FROM audit_log', []);
      const auditHigh = Number(rows[0]?.id ?? 0);
      for (const configured of catalog.streams) {
        const spec = OPS_STREAMS[configured.stream.name as OpsStreamName];
        if (!spec) {
          yield logMessage('WARN', `平台业务库没有数据流“${configured.stream.name}”，已跳过`);
          continue;
        }
        const saved = configured.sync_mode === 'incremental' ? parseState(state?.[spec.stream.name]) : undefined;
        if (spec.cursor === 'id') yield* readById(db, spec, cfg.pageSize, saved);
        else yield* readByUpdatedAt(db, spec, cfg.pageSize, saved, auditHigh);
      }
    } catch (err) {
      yield errorMessage(describe(err), err instanceof OpsDbConfigError ? 'config_error' : 'system_error');
      return;
    } finally {
      await db?.close().catch(() => undefined);
    }
  },
};
