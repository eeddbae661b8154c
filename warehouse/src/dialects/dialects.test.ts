import { describe, expect, test } from 'vitest';
import type { TableSpec } from '../clients/types.js';
import { DISCHARGE_SPEC } from '../schema/index.js';
import { clickhouseDialect, dialectFor, duckdbDialect, toClickHouseParams } from './index.js';

const small: TableSpec = {
  schema: 'raw',
  name: 'visits',
  key: 'id',
  columns: [
    { key: 'id', type: 'string', required: true },
    { key: 'n', type: 'int' },
    { key: 'x', type: 'double', required: true },
    { key: 'd', type: 'date' },
    { key: 't', type: 'timestamp' },
    { key: '_loaded_at', type: 'timestamp', required: true },
  ],
};

describe('DuckDB dialect', () => {
  test('quotes identifiers, doubling quotes', () => {
    expect(duckdbDialect.quoteIdentifier('a"b')).toBe('"a""b"');
    expect(duckdbDialect.qualify({ schema: 'raw', name: 'discharge_records' })).toBe('"raw"."discharge_records"');
  });
  test('maps column types and marks required columns NOT NULL', () => {
    expect(duckdbDialect.createTableSql(small)).toBe(
      'CREATE TABLE IF NOT EXISTS "raw"."visits" (\n' +
        '  "id" VARCHAR NOT NULL,\n  "n" BIGINT,\n  "x" DOUBLE NOT NULL,\n  "d" DATE,\n  "t" TIMESTAMP,\n  "_loaded_at" TIMESTAMP NOT NULL\n)',
    );
  });
  test('truncates dates to a DATE', () => {
    expect(duckdbDialect.dateTrunc('month', 'discharge_time')).toBe("CAST(date_trunc('month', discharge_time) AS DATE)");
    expect(duckdbDialect.dateTrunc('quarter', 'x')).toBe("CAST(date_trunc('quarter', x) AS DATE)");
  });
  test('reads tables directly and marts through the stable views', () => {
    expect(duckdbDialect.readTable(small)).toBe('"raw"."visits"');
    expect(duckdbDialect.martsTable('fct_discharge')).toBe('"marts"."fct_discharge"');
  });
});

describe('ClickHouse dialect', () => {
  test('quotes identifiers with backticks, escaping', () => {
    expect(clickhouseDialect.quoteIdentifier('a`b\\c')).toBe('`a\\`b\\\\c`');
  });
  test('ReplacingMergeTree on _loaded_at ordered by the key; Nullable only for optional columns', () => {
    expect(clickhouseDialect.createTableSql(small)).toBe(
      'CREATE TABLE IF NOT EXISTS `raw`.`visits` (\n' +
        "  `id` String,\n  `n` Nullable(Int64),\n  `x` Float64,\n  `d` Nullable(Date32),\n  `t` Nullable(DateTime64(3, 'UTC')),\n  `_loaded_at` DateTime64(3, 'UTC')\n)\n" +
        'ENGINE = ReplacingMergeTree(`_loaded_at`)\nORDER BY `id`',
    );
  });
  test('without a _loaded_at column the newest insert wins', () => {
    const spec: TableSpec = { ...small, columns: small.columns.filter((c) => c.key !== '_loaded_at') };
    expect(clickhouseDialect.createTableSql(spec)).toContain('ENGINE = ReplacingMergeTree()\n');
  });
  test('the discharge table: birth dates as Date32, no partitioning', () => {
    const sql = clickhouseDialect.createTableSql(DISCHARGE_SPEC);
    expect(sql).toContain('`birth_date` Date32,');
    expect(sql).toContain('`infant_age_days` Nullable(Int64),');
    expect(sql).not.toContain('PARTITION BY');
  });
  test('reads with FINAL; truncates with toStartOf…', () => {
    expect(clickhouseDialect.readTable(small)).toBe('`raw`.`visits` FINAL');
    expect(clickhouseDialect.dateTrunc('month', 'd')).toBe('toStartOfMonth(d)');
    expect(clickhouseDialect.dateTrunc('quarter', 'd')).toBe('toStartOfQuarter(d)');
    expect(clickhouseDialect.dateTrunc('year', 'd')).toBe('toStartOfYear(d)');
    expect(clickhouseDialect.martsTable('fct_discharge')).toBe('`marts`.`fct_discharge`');
  });
  test('column types', () => {
    expect(clickhouseDialect.columnType({ key: 'a', type: 'string' })).toBe('Nullable(String)');
    expect(clickhouseDialect.columnType({ key: 'a', type: 'int', required: true })).toBe('Int64');
  });
});

describe('toClickHouseParams', () => {
  test('types placeholders by JS value', () => {
    const d = new Date(Date.UTC(2024, 1, 1, 8, 30));
    expect(toClickHouseParams('SELECT ? , ?, ?, ?, ?, ?, ?', ['a', 1, 2.5, 10n, true, d, null])).toEqual({
      sql: "SELECT {p1:String} , {p2:Int64}, {p3:Float64}, {p4:Int64}, {p5:Bool}, {p6:DateTime64(3, 'UTC')}, {p7:Nullable(String)}",
      params: { p1: 'a', p2: 1, p3: 2.5, p4: 10n, p5: true, p6: '2024-02-01 08:30:00.000', p7: null },
    });
  });
  test('leaves ? in literals, quoted identifiers and comments alone', () => {
    const sql = "SELECT '?', 'it''s ?', 'a\\'?', \"?\", `?` -- ?\n, ? /* ? */";
    expect(toClickHouseParams(sql, [1]).sql).toBe("SELECT '?', 'it''s ?', 'a\\'?', \"?\", `?` -- ?\n, {p1:Int64} /* ? */");
  });
  test('refuses a placeholder count that does not match', () => {
    expect(() => toClickHouseParams('SELECT ?', [])).toThrow(RangeError);
    expect(() => toClickHouseParams('SELECT 1', [1])).toThrow(RangeError);
    expect(() => toClickHouseParams('SELECT ?', [{}])).toThrow(TypeError);
  });
});

test('dialectFor picks by engine', () => {
  expect(dialectFor('duckdb')).toBe(duckdbDialect);
  expect(dialectFor('clickhouse')).toBe(clickhouseDialect);
});
