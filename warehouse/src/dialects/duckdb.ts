import type { TableSpec } from '../clients/types.js';
import type { ColumnSpec, ColumnType } from '../schema/discharge.js';
import type { DateGrain, Dialect, TableRef } from './types.js';

const DUCKDB_TYPES: Record<ColumnType, string> = {
  string: 'VARCHAR',
  int: 'BIGINT',
  double: 'DOUBLE',
  date: 'DATE',
  // naive wall-clock time, microseconds; see schema/arrow.ts
  timestamp: 'TIMESTAMP',
};

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** DuckDB: double-quoted identifiers, NOT NULL for required columns, no key index (reloads delete then insert). */
export const duckdbDialect: Dialect = {
  engine: 'duckdb',
  quoteIdentifier: quote,
  qualify: (t: TableRef) => `${quote(t.schema)}.${quote(t.name)}`,
  columnType: (c: ColumnSpec) => DUCKDB_TYPES[c.type],
  createSchemaSql: (schema: string) => `CREATE SCHEMA IF NOT EXISTS ${quote(schema)}`,
  createTableSql(t: TableSpec): string {
    const cols = t.columns.map((c) => `  ${quote(c.key)} ${DUCKDB_TYPES[c.type]}${c.required || c.key === t.key ? ' NOT NULL' : ''}`);
    return `CREATE TABLE IF NOT EXISTS ${quote(t.schema)}.${quote(t.name)} (\n${cols.join(',\n')}\n)`;
  },
  readTable: (t: TableRef) => `${quote(t.schema)}.${quote(t.name)}`,
  dateTrunc: (grain: DateGrain, expr: string) => `CAST(date_trunc('${grain}', ${expr}) AS DATE)`,
  // A view in the platform's own file, repointed to the newest marts file on each dbt run.
  martsTable: (name: string) => `${quote('marts')}.${quote(name)}`,
};
