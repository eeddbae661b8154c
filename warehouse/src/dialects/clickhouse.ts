import type { TableSpec } from '../clients/types.js';
import type { ColumnSpec, ColumnType } from '../schema/discharge.js';
import type { DateGrain, Dialect, TableRef } from './types.js';

const CLICKHOUSE_TYPES: Record<ColumnType, string> = {
  string: 'String',
  int: 'Int64',
  double: 'Float64',
  // Date covers only 1970–2149; birth dates need Date32 (1900–2299).
  date: 'Date32',
  // naive wall-clock time stored as if UTC, so that what was loaded is what is read back
  timestamp: "DateTime64(3, 'UTC')",
};

/** The ReplacingMergeTree version column: the newest load of a key wins. */
export const VERSION_COLUMN = '_loaded_at';

function quote(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/**
 * ClickHouse: one database per schema (raw/staging/marts), ReplacingMergeTree(_loaded_at) ordered by the
 * key, read with FINAL. Required columns are not Nullable (the loader refuses NULLs in them, so nothing
 * is silently turned into '' or 0).
 */
export const clickhouseDialect: Dialect = {
  engine: 'clickhouse',
  quoteIdentifier: quote,
  qualify: (t: TableRef) => `${quote(t.schema)}.${quote(t.name)}`,
  columnType: (c: ColumnSpec) => (c.required ? CLICKHOUSE_TYPES[c.type] : `Nullable(${CLICKHOUSE_TYPES[c.type]})`),
  createSchemaSql: (schema: string) => `CREATE DATABASE IF NOT EXISTS ${quote(schema)}`,
  createTableSql(t: TableSpec): string {
    const cols = t.columns.map((c) => {
      const type = c.required || c.key === t.key || c.key === VERSION_COLUMN ? CLICKHOUSE_TYPES[c.type] : `Nullable(${CLICKHOUSE_TYPES[c.type]})`;
      return `  ${quote(c.key)} ${type}`;
    });
    const version = t.columns.some((c) => c.key === VERSION_COLUMN) ? quote(VERSION_COLUMN) : '';
    // No PARTITION BY: ReplacingMergeTree replaces only within a partition, and a reload may move a row.
    return `CREATE TABLE IF NOT EXISTS ${quote(t.schema)}.${quote(t.name)} (\n${cols.join(',\n')}\n)\nENGINE = ReplacingMergeTree(${version})\nORDER BY ${quote(t.key)}`;
  },
  readTable: (t: TableRef) => `${quote(t.schema)}.${quote(t.name)} FINAL`,
  dateTrunc(grain: DateGrain, expr: string): string {
    const fn = { month: 'toStartOfMonth', quarter: 'toStartOfQuarter', year: 'toStartOfYear' }[grain];
    // With enable_extended_results_for_datetime_functions=1 (the client sets it) the result is Date32,
    // so dates before 1970 are not clamped.
    return `${fn}(${expr})`;
  },
  martsTable: (name: string) => `${quote('marts')}.${quote(name)}`,
};

/** The ClickHouse type of a query parameter, from its JS value. */
function paramType(value: unknown, index: number): string {
  if (value === null || value === undefined) return 'Nullable(String)';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'bigint':
      return 'Int64';
    case 'boolean':
      return 'Bool';
    case 'number':
      return Number.isSafeInteger(value) ? 'Int64' : 'Float64';
    default:
      if (value instanceof Date) return "DateTime64(3, 'UTC')";
      throw new TypeError(`query parameter ${index + 1}: unsupported value of type ${typeof value}`);
  }
}

/** A parameter value as @clickhouse/client sends it (Dates as wall-clock text, see schema/arrow.ts). */
function paramValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 23).replace('T', ' ');
  if (value === undefined) return null;
  return value;
}

/**
 * Rewrites positional `?` placeholders into ClickHouse's typed `{p1:Type}` placeholders, skipping
 * `?` inside string literals, quoted identifiers and comments.
 */
export function toClickHouseParams(sql: string, params: readonly unknown[] = []): { sql: string; params: Record<string, unknown> } {
  let out = '';
  let n = 0;
  const named: Record<string, unknown> = {};
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== ch) j += sql[j] === '\\' ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? sql.length : end;
      out += sql.slice(i, j);
      i = j - 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const j = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, j);
      i = j - 1;
    } else if (ch === '?') {
      if (n >= params.length) throw new RangeError(`query has more ? placeholders than the ${params.length} parameter(s) given`);
      const name = `p${n + 1}`;
      out += `{${name}:${paramType(params[n], n)}}`;
      named[name] = paramValue(params[n]);
      n++;
    } else {
      out += ch;
    }
  }
  if (n !== params.length) throw new RangeError(`query has ${n} ? placeholder(s) but ${params.length} parameter(s) were given`);
  return { sql: out, params: named };
}
