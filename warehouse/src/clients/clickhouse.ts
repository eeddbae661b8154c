import { Readable } from 'node:stream';
import { ClickHouseLogLevel, createClient, type ClickHouseSettings } from '@clickhouse/client';
import { tableToIPC, type Table } from 'apache-arrow';
import { clickhouseDialect, toClickHouseParams } from '../dialects/clickhouse.js';
import { WAREHOUSE_SCHEMAS, type Dialect } from '../dialects/types.js';
import { normalizeArrow } from '../schema/arrow.js';
import type { Row, TableSpec, WarehouseClient } from './types.js';
import { fromClickHouseJson } from './values.js';

export interface ClickHouseClientOptions {
  /** `http(s)://[user:password@]host:port[/database]`, e.g. CLICKHOUSE_URL. */
  url: string;
  /** Milliseconds before a request is abandoned; default 300 000 (loads of large batches). */
  requestTimeoutMs?: number;
  /** Extra settings sent with every request. */
  settings?: ClickHouseSettings;
}

/**
 * Settings every request carries: Date32 (not clamped Date) from toStartOfMonth & co., so pre-1970
 * birth dates truncate correctly; 64-bit integers quoted in JSON so none loses precision on the way.
 */
export const CLICKHOUSE_DEFAULT_SETTINGS: ClickHouseSettings = {
  enable_extended_results_for_datetime_functions: 1,
  output_format_json_quote_64bit_integers: 1,
};

interface JsonResult {
  meta: { name: string; type: string }[];
  data: Record<string, unknown>[];
}

/**
 * ClickHouse over HTTP (@clickhouse/client). Loads are Arrow IPC streams (`INSERT … FORMAT
 * ArrowStream`) into ReplacingMergeTree(_loaded_at) tables: a reloaded key becomes a second row
 * with a newer `_loaded_at`, and readers see only the newest through `dialect.readTable` (FINAL).
 * A load is one INSERT, atomic per block (up to max_insert_block_size rows, ~1M).
 */
export class ClickHouseClient implements WarehouseClient {
  readonly engine = 'clickhouse' as const;
  readonly dialect: Dialect = clickhouseDialect;
  private readonly client: ReturnType<typeof createClient>;

  constructor(options: ClickHouseClientOptions) {
    this.client = createClient({
      url: options.url,
      request_timeout: options.requestTimeoutMs ?? 300_000,
      clickhouse_settings: { ...CLICKHOUSE_DEFAULT_SETTINGS, ...options.settings },
      // errors are thrown to the caller, who decides what to log
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  async ensureTable(table: TableSpec): Promise<void> {
    const d = clickhouseDialect;
    for (const schema of new Set<string>([...WAREHOUSE_SCHEMAS, table.schema])) await this.client.command({ query: d.createSchemaSql(schema) });
    await this.client.command({ query: d.createTableSql(table) });
    const columns = await this.query<{ name: string }>('SELECT name FROM system.columns WHERE database = ? AND table = ? ORDER BY position', [table.schema, table.name]);
    const wanted = table.columns.map((c) => c.key).join(',');
    const actual = columns.map((c) => c.name).join(',');
    if (wanted !== actual) throw new Error(`${table.schema}.${table.name} exists with other columns than its spec (has: ${actual})`);
  }

  async loadArrow(table: TableSpec, data: Table): Promise<{ rows: number }> {
    const canonical = normalizeArrow(table, data);
    if (canonical.numRows === 0) return { rows: 0 };
    const d = clickhouseDialect;
    const cols = table.columns.map((c) => d.quoteIdentifier(c.key)).join(', ');
    const body = tableToIPC(canonical, 'stream');
    const result = await this.client.exec({
      query: `INSERT INTO ${d.qualify(table)} (${cols}) FORMAT ArrowStream`,
      values: Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]),
    });
    await drain(result.stream);
    return { rows: canonical.numRows };
  }

  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const q = toClickHouseParams(sql, params);
    const rs = await this.client.query({ query: q.sql, query_params: q.params, format: 'JSON' });
    const { meta, data } = (await rs.json()) as unknown as JsonResult;
    return data.map((row) => {
      const out: Record<string, unknown> = {};
      for (const m of meta) out[m.name] = fromClickHouseJson(row[m.name], m.type);
      return out as T;
    });
  }

  async exec(sql: string, params: unknown[] = []): Promise<void> {
    const q = toClickHouseParams(sql, params);
    await this.client.command({ query: q.sql, query_params: q.params });
  }

  martsTable(name: string): string {
    return clickhouseDialect.martsTable(name);
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()).success;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

async function drain(stream: Readable): Promise<void> {
  for await (const _chunk of stream) {
    // an INSERT answers with an empty body; reading it frees the socket
  }
}
