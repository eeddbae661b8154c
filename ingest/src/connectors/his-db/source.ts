/**
 * HIS 数据库接口: reads 住院病案首页 from a view or mid-table (中间表) in a hospital's PostgreSQL or
 * MySQL/MariaDB, incrementally by an update-time column. One code path for both engines; the
 * differences live in dialect.ts.
 */
import { randomUUID } from 'node:crypto';
import { FILE_COLUMNS, REQUIRED_FILE_KEYS, keyToHeader } from '../../core/discharge-record.js';
import { errorMessage, logMessage, stateMessage } from '../../core/messages.js';
import type {
  AirbyteCatalog,
  AirbyteConnectionStatus,
  AirbyteMessage,
  ConfiguredAirbyteCatalog,
  ConnectorSpecification,
  SourceConnector,
} from '../../core/protocol.js';
import { connectHisDb, describeDbError, type HisDbClient } from './client.js';
import { HIS_DB_SPEC, HisDbConfigError, resolveHisDbConfig, type HisDbConfig, type ResolvedHisDbConfig } from './config.js';
import { dialectFor, pageQuery, type HisSqlDialect } from './dialect.js';
import { DISCHARGE_STREAM, dischargeMessages, incrementalDischargeStream, wallClockText } from './discharge-stream.js';

/** Where an incremental read stands: the last row's cursor value and key, as the database printed them. */
export interface HisDbState {
  cursor?: string | number;
  lastKey?: unknown[];
}

interface TableColumns {
  /** format key → the table's column */
  byKey: Map<string, string>;
  cursor: string;
  keys: string[];
}

async function resolveColumns(client: HisDbClient, d: HisSqlDialect, cfg: ResolvedHisDbConfig): Promise<TableColumns> {
  const q = d.columnsQuery(cfg.schema, cfg.tableName);
  const rows = await client.query(q.sql, q.params);
  if (rows.length === 0) throw new HisDbConfigError(`表或视图“${cfg.table}”不存在，或当前账号无权读取`);
  const fold = (s: string): string => (d.caseInsensitiveColumns ? s.toLowerCase() : s);
  const actual = new Map(rows.map((r) => [fold(String(r.column_name)), String(r.column_name)]));
  const find = (name: string): string | undefined => actual.get(fold(name));

  const missing: string[] = [];
  const byKey = new Map<string, string>();
  for (const c of FILE_COLUMNS) {
    const wanted = cfg.columnMap[c.key] ?? c.key;
    const found = find(wanted);
    if (found) byKey.set(c.key, found);
    // 医疗机构代码 comes from the config when the table has no such column
    else if (cfg.columnMap[c.key] !== undefined || (REQUIRED_FILE_KEYS.includes(c.key) && c.key !== 'org_code')) {
      missing.push(`${keyToHeader(c.key)}（列 ${wanted}）`);
    }
  }
  const cursor = find(cfg.cursorColumn);
  if (!cursor) missing.push(`更新时间游标列 ${cfg.cursorColumn}`);
  let keys: string[] = [];
  if (cfg.keyColumns) {
    for (const k of cfg.keyColumns) {
      const found = find(k);
      if (found) keys.push(found);
      else missing.push(`主键列 ${k}`);
    }
  } else {
    keys = ['org_code', 'record_no', 'admission_seq'].map((k) => byKey.get(k)).filter((c): c is string => c !== undefined);
  }
  if (missing.length > 0) throw new HisDbConfigError(`表“${cfg.table}”缺少列：${missing.join('、')}`);
  return { byKey, cursor: cursor!, keys };
}

function parseState(raw: Record<string, unknown> | undefined, keyCount: number): { after?: { cursor: unknown; lastKey: unknown[] }; warning?: string } {
  if (!raw || raw.cursor === undefined || raw.cursor === null) return {};
  const lastKey = Array.isArray(raw.lastKey) ? raw.lastKey : [];
  if (lastKey.length !== keyCount) {
    // The key columns changed since the state was saved: re-read the rows of the last update time.
    return { after: { cursor: raw.cursor, lastKey: [] }, warning: '保存的读取位置与当前主键列不一致，将从上次的更新时间起重读' };
  }
  return { after: { cursor: raw.cursor, lastKey } };
}

function describe(err: unknown): string {
  return err instanceof HisDbConfigError ? err.message : describeDbError(err);
}

/** The HIS view / mid-table source. */
export const hisDbSource: SourceConnector<HisDbConfig> = {
  name: 'his-db',

  spec(): ConnectorSpecification {
    return {
      connectionSpecification: HIS_DB_SPEC,
      supportsIncremental: true,
      supported_destination_sync_modes: ['append_dedup', 'append', 'overwrite'],
    };
  },

  async check(config: HisDbConfig): Promise<AirbyteConnectionStatus> {
    let client: HisDbClient | undefined;
    try {
      const cfg = resolveHisDbConfig(config);
      const d = dialectFor(cfg.dialect);
      client = await connectHisDb(cfg.dialect, cfg.url);
      const cols = await resolveColumns(client, d, cfg);
      // the account must be able to SELECT, and the keyset query must run on this engine
      const q = pageQuery(d, { schema: cfg.schema, table: cfg.tableName, columns: [cols.cursor], cursorColumn: cols.cursor, keyColumns: cols.keys, pageSize: 1 });
      await client.query(q.sql, q.params);
      const optional = FILE_COLUMNS.length - cols.byKey.size;
      return {
        status: 'SUCCEEDED',
        message: `已连接，表“${cfg.table}”可读取：对照到 ${cols.byKey.size} 个字段${optional > 0 ? `（${optional} 个非必填字段表中没有，按空值处理）` : ''}`,
      };
    } catch (err) {
      return { status: 'FAILED', message: describe(err) };
    } finally {
      await client?.close().catch(() => undefined);
    }
  },

  async discover(config: HisDbConfig): Promise<AirbyteCatalog> {
    resolveHisDbConfig(config);
    return { streams: [incrementalDischargeStream()] };
  },

  async *read(config: HisDbConfig, catalog: ConfiguredAirbyteCatalog, state?: Record<string, Record<string, unknown>>): AsyncGenerator<AirbyteMessage> {
    const configured = catalog.streams.find((s) => s.stream.name === DISCHARGE_STREAM);
    if (!configured) return;
    let cfg: ResolvedHisDbConfig;
    let client: HisDbClient;
    try {
      cfg = resolveHisDbConfig(config);
      client = await connectHisDb(cfg.dialect, cfg.url);
    } catch (err) {
      yield errorMessage(describe(err), err instanceof HisDbConfigError ? 'config_error' : 'system_error');
      return;
    }
    try {
      const d = dialectFor(cfg.dialect);
      const cols = await resolveColumns(client, d, cfg);
      const incremental = configured.sync_mode === 'incremental';
      const { after: start, warning } = incremental ? parseState(state?.[DISCHARGE_STREAM], cols.keys.length) : {};
      if (warning) yield logMessage('WARN', warning);
      yield logMessage('INFO', `读取“${cfg.table}”${start ? `中更新时间晚于 ${String(start.cursor)} 的行` : '的全部行'}，每页 ${cfg.pageSize} 行`);

      const selected = [...new Set([cols.cursor, ...cols.keys, ...cols.byKey.values()])];
      const ctx = {
        orgCode: cfg.orgCode,
        patientKeySecret: cfg.patientKeySecret,
        runId: cfg.runId ?? randomUUID(),
        source: `his-db:${cfg.orgCode}:${cfg.table}`,
        loadedAt: new Date(),
      };
      const recordNoColumn = cols.byKey.get('record_no')!;
      const seqColumn = cols.byKey.get('admission_seq')!;
      let after = start;
      let position: HisDbState = start ? { cursor: start.cursor as string | number, lastKey: start.lastKey } : {};
      let row = 0;
      let records = 0;
      for (;;) {
        const q = pageQuery(d, { schema: cfg.schema, table: cfg.tableName, columns: selected, cursorColumn: cols.cursor, keyColumns: cols.keys, after, pageSize: cfg.pageSize });
        const rows = await client.query(q.sql, q.params);
        for (const r of rows) {
          row += 1;
          const input: Record<string, unknown> = {};
          for (const [key, column] of cols.byKey) input[key] = wallClockText(key, r[column]);
          if (!cols.byKey.has('org_code')) input.org_code = cfg.orgCode;
          const where = `病案号 ${String(r[recordNoColumn] ?? '')}，住院次数 ${String(r[seqColumn] ?? '')}`;
          for (const m of dischargeMessages(input, row, ctx, where)) {
            if (m.type === 'RECORD') records += 1;
            yield m;
          }
        }
        if (rows.length > 0) {
          const last = rows[rows.length - 1]!;
          after = { cursor: last[cols.cursor], lastKey: cols.keys.map((k) => last[k]) };
          position = { cursor: last[cols.cursor] as string | number, lastKey: after.lastKey };
        }
        yield stateMessage(DISCHARGE_STREAM, { ...position });
        if (rows.length < cfg.pageSize) break;
      }
      yield logMessage('INFO', `读取 ${row} 行：${records} 条入库，${row - records} 行被拒收`);
    } catch (err) {
      yield errorMessage(describe(err), err instanceof HisDbConfigError ? 'config_error' : 'system_error');
      return;
    } finally {
      await client.close().catch(() => undefined);
    }
  },
};
