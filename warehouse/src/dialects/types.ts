import type { TableSpec, WarehouseEngine } from '../clients/types.js';
import type { ColumnSpec } from '../schema/discharge.js';

export type DateGrain = 'month' | 'quarter' | 'year';

/** The schemas every warehouse has: raw loads, dbt staging models, dbt marts. */
export const WAREHOUSE_SCHEMAS = ['raw', 'staging', 'marts'] as const;

/** A table's place: schema + name (a `TableSpec` is one). */
export interface TableRef {
  schema: string;
  name: string;
}

/** SQL that differs by engine. Pure: no I/O, no state. */
export interface Dialect {
  readonly engine: WarehouseEngine;
  /** Quotes one identifier (column, table or schema name). */
  quoteIdentifier(name: string): string;
  /** `schema.name`, both quoted. */
  qualify(table: TableRef): string;
  /** The engine type of a column, NULL-ability included where the engine puts it in the type. */
  columnType(column: ColumnSpec): string;
  createSchemaSql(schema: string): string;
  /** Idempotent DDL (`CREATE TABLE IF NOT EXISTS`) for a table spec. */
  createTableSql(table: TableSpec): string;
  /**
   * What to put after FROM to read a loaded table's current rows. ClickHouse adds FINAL so that rows a
   * reload replaced are not counted before a background merge removes them.
   */
  readTable(table: TableRef): string;
  /** The first day of the grain containing `expr` (a date or timestamp expression), as a DATE. */
  dateTrunc(grain: DateGrain, expr: string): string;
  /** The stable name dashboards read a dbt mart by; see docs/warehouse.md for how it follows dbt runs. */
  martsTable(name: string): string;
}
