import type { Table } from 'apache-arrow';
import type { Dialect } from '../dialects/types.js';
import type { ColumnSpec } from '../schema/discharge.js';

export type WarehouseEngine = 'duckdb' | 'clickhouse';

/** A table the warehouse knows: schema (raw/staging/marts) + name + columns + the key a reload replaces by. */
export interface TableSpec {
  schema: string;
  name: string;
  columns: ColumnSpec[];
  /** Rows loaded again with the same key replace the earlier ones. */
  key: string;
}

export type Row = Record<string, unknown>;

/**
 * The one door to the warehouse. DuckDB (embedded, default) and ClickHouse (scale) implement it; SQL
 * that differs goes through `dialect`. Parameters are positional `?` in `query`/`exec`.
 */
export interface WarehouseClient {
  readonly engine: WarehouseEngine;
  /** The engine's SQL differences (quoting, date truncation, FINAL, marts names). */
  readonly dialect: Dialect;
  /** Creates schemas raw/staging/marts and the table if missing. */
  ensureTable(table: TableSpec): Promise<void>;
  /**
   * Loads an Arrow table (columns named as in the spec) into the table. Rows whose key is already
   * present replace the old ones; the whole load is atomic where the engine allows (DuckDB: one
   * transaction; ClickHouse: ReplacingMergeTree on `_loaded_at`, deduplicated at read).
   */
  loadArrow(table: TableSpec, data: Table): Promise<{ rows: number }>;
  /**
   * Runs a read query; rows as plain objects, the same on every engine: integers and decimals as
   * numbers (bigint only beyond ±2^53), DATE as 'YYYY-MM-DD', TIMESTAMP as wall-clock
   * 'YYYY-MM-DDTHH:MM:SS.sss' (no zone; see schema/arrow.ts), NULL as null.
   */
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement without rows. */
  exec(sql: string, params?: unknown[]): Promise<void>;
  /** The stable name of a dbt mart to read from (DuckDB: a view that follows the newest dbt run). */
  martsTable(name: string): string;
  /** Answers when the engine is reachable. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
