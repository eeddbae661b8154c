import {
  DateDay,
  Field,
  Float64,
  Int64,
  Schema,
  Table,
  TimestampMillisecond,
  Utf8,
  makeData,
  makeVector,
  type DataType,
  type Vector,
} from 'apache-arrow';
import type { TableSpec } from '../clients/types.js';
import type { ColumnSpec, ColumnType } from './discharge.js';

/**
 * Canonical Arrow types per column type. Every load is normalised to these before it reaches an
 * engine. Timestamps carry no time zone: a value is the wall-clock time as recorded by the hospital,
 * encoded as if it were UTC (so 2024-03-01 08:00 is Date.UTC(2024, 2, 1, 8)). Dates are days since
 * 1970-01-01.
 */
export function arrowTypeFor(type: ColumnType): DataType {
  switch (type) {
    case 'string':
      return new Utf8();
    case 'int':
      return new Int64();
    case 'double':
      return new Float64();
    case 'date':
      return new DateDay();
    case 'timestamp':
      return new TimestampMillisecond();
  }
}

/** The Arrow schema of a table spec, columns in table order, nullable unless required. */
export function arrowSchemaFor(spec: TableSpec): Schema {
  return new Schema(spec.columns.map((c) => new Field(c.key, arrowTypeFor(c.type), !c.required)));
}

const MS_PER_DAY = 86_400_000;
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

/** Parses 'YYYY-MM-DD[ HH:MM[:SS[.fff]]]' (or with T) as wall-clock time encoded as UTC milliseconds. */
export function parseWallClock(text: string): number | undefined {
  const m = TIMESTAMP_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, f] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), Number((f ?? '0').padEnd(3, '0').slice(0, 3)));
  const check = new Date(ms);
  // Date.UTC rolls 2024-02-30 over to March: refuse instead of storing a different day.
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  return ms;
}

/** Formats UTC milliseconds as the wall-clock 'YYYY-MM-DDTHH:MM:SS.sss' the clients return. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

/** Formats days since 1970-01-01 as 'YYYY-MM-DD'. */
export function formatDate(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

type Converted = string | bigint | number | null;

class LoadError extends Error {
  override readonly name = 'WarehouseLoadError';
}

function fail(column: ColumnSpec, row: number, value: unknown, expected: string): never {
  throw new LoadError(`column ${column.key}, row ${row}: ${JSON.stringify(typeof value === 'bigint' ? String(value) : value)} is not ${expected}`);
}

function converterFor(column: ColumnSpec): (value: unknown, row: number) => Converted {
  switch (column.type) {
    case 'string':
      return (v) => (typeof v === 'string' ? v : v instanceof Date ? formatTimestamp(v.getTime()) : String(v));
    case 'int':
      return (v, row) => {
        if (typeof v === 'bigint') return v;
        if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
        if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return BigInt(v.trim());
        if (typeof v === 'boolean') return v ? 1n : 0n;
        return fail(column, row, v, 'an integer');
      };
    case 'double':
      return (v, row) => {
        const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
        return Number.isNaN(n) ? fail(column, row, v, 'a number') : n;
      };
    case 'date':
      return (v, row) => {
        const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : typeof v === 'string' ? parseWallClock(v) : undefined;
        return ms === undefined || !Number.isFinite(ms) ? fail(column, row, v, 'a date') : Math.floor(ms / MS_PER_DAY);
      };
    case 'timestamp':
      return (v, row) => {
        const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? parseWallClock(v) : undefined;
        return ms === undefined || !Number.isFinite(ms) ? fail(column, row, v, 'a timestamp') : Math.trunc(ms);
      };
  }
}

const encoder = new TextEncoder();

/** A Utf8 vector in one pass: offsets + one byte buffer (several times faster than the generic builder). */
function buildUtf8(values: readonly (string | null)[]): Vector {
  const length = values.length;
  const valueOffsets = new Int32Array(length + 1);
  const nullBitmap = new Uint8Array((length + 7) >> 3);
  let bytes = new Uint8Array(Math.max(64, length * 8));
  let end = 0;
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      nullCount++;
    } else {
      nullBitmap[i >> 3]! |= 1 << (i & 7);
      // UTF-8 needs at most 3 bytes per UTF-16 code unit
      if (end + v.length * 3 > bytes.length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, end + v.length * 3));
        grown.set(bytes.subarray(0, end));
        bytes = grown;
      }
      end += encoder.encodeInto(v, bytes.subarray(end)).written;
    }
    valueOffsets[i + 1] = end;
  }
  return makeVector(makeData({ type: new Utf8(), length, nullCount, nullBitmap: nullCount ? nullBitmap : null, valueOffsets, data: bytes.subarray(0, end) }));
}

/** An all-NULL vector of a column type, without touching each row. */
function nullVector(type: ColumnType, length: number): Vector {
  const nullBitmap = new Uint8Array((length + 7) >> 3);
  if (type === 'string') return makeVector(makeData({ type: new Utf8(), length, nullCount: length, nullBitmap, valueOffsets: new Int32Array(length + 1), data: new Uint8Array(0) }));
  const data = type === 'double' ? new Float64Array(length) : type === 'date' ? new Int32Array(length) : new BigInt64Array(length);
  return makeVector(makeData({ type: arrowTypeFor(type) as Int64, length, nullCount: length, nullBitmap, data: data as BigInt64Array }));
}

/** Builds a canonical Arrow vector from already-converted JS values (bigint for int, days for date, ms for timestamp). */
function buildVector(type: ColumnType, values: Converted[]): Vector {
  if (type === 'string') return buildUtf8(values as (string | null)[]);
  const length = values.length;
  const nullBitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  const data =
    type === 'double' ? new Float64Array(length) : type === 'date' ? new Int32Array(length) : new BigInt64Array(length);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === null) {
      nullCount++;
      continue;
    }
    nullBitmap[i >> 3]! |= 1 << (i & 7);
    if (data instanceof BigInt64Array) data[i] = typeof v === 'bigint' ? v : BigInt(v as number);
    else data[i] = v as number;
  }
  return makeVector(
    makeData({ type: arrowTypeFor(type) as Int64, length, nullCount, nullBitmap: nullCount ? nullBitmap : null, data: data as BigInt64Array }),
  );
}

function sameType(a: DataType, b: DataType): boolean {
  // toString names type, width, unit and zone: Int64, Float64, Utf8, Date32<DAY>, Timestamp<MILLISECOND>
  return String(a) === String(b);
}

export interface NormalizeOptions {
  /** Value for `_loaded_at` when the data has no such column; default: now (UTC). */
  loadedAt?: Date;
}

/**
 * Returns a table with exactly the spec's columns, in spec order, in the canonical Arrow types.
 * Columns of another type are converted (numbers and numeric strings to int/double, ISO strings,
 * Dates or epoch ms to date/timestamp); absent optional columns become NULL; an absent `_loaded_at`
 * is filled with `loadedAt`; of rows repeating a key only the last is kept. Throws on unknown columns, absent required columns, NULLs in required
 * columns and values that do not convert, so both engines refuse the same loads.
 */
export function normalizeArrow(spec: TableSpec, data: Table, options: NormalizeOptions = {}): Table {
  const known = new Set(spec.columns.map((c) => c.key));
  const unknown = data.schema.fields.map((f) => f.name).filter((n) => !known.has(n));
  if (unknown.length) throw new LoadError(`${spec.schema}.${spec.name}: unknown column(s) ${unknown.join(', ')}`);
  const rows = data.numRows;
  const columns: Record<string, Vector> = {};
  for (const column of spec.columns) {
    const source = data.getChild(column.key);
    if (!source) {
      if (column.key === '_loaded_at') {
        columns[column.key] = buildVector('timestamp', new Array<Converted>(rows).fill((options.loadedAt ?? new Date()).getTime()));
        continue;
      }
      if (column.required) throw new LoadError(`${spec.schema}.${spec.name}: required column ${column.key} is missing`);
      columns[column.key] = nullVector(column.type, rows);
      continue;
    }
    if (column.required && source.nullCount > 0) {
      let first = 0;
      while (first < rows && source.isValid(first)) first++;
      throw new LoadError(`${spec.schema}.${spec.name}: required column ${column.key} has ${source.nullCount} NULL value(s), first at row ${first}`);
    }
    if (sameType(source.type, arrowTypeFor(column.type))) {
      columns[column.key] = source;
      continue;
    }
    const convert = converterFor(column);
    const values = new Array<Converted>(rows);
    for (let i = 0; i < rows; i++) {
      const v: unknown = source.get(i);
      values[i] = v === null || v === undefined ? null : convert(v, i);
    }
    columns[column.key] = buildVector(column.type, values);
  }
  return lastRowPerKey(spec, new Table(columns));
}

/**
 * Keeps the last row of each key (a batch that repeats a key means the later row is the newer one), so
 * that every engine stores the same rows whatever its own tie-breaking.
 */
function lastRowPerKey(spec: TableSpec, table: Table): Table {
  const keys = table.getChild(spec.key);
  if (!keys) return table;
  const last = new Map<unknown, number>();
  for (let i = 0; i < table.numRows; i++) last.set(keys.get(i), i);
  if (last.size === table.numRows) return table;
  const keep = [...last.values()].sort((a, b) => a - b);
  const columns: Record<string, Vector> = {};
  for (const column of spec.columns) {
    const source = table.getChild(column.key)!;
    const convert = converterFor(column);
    columns[column.key] = buildVector(
      column.type,
      keep.map((i) => {
        const v: unknown = source.get(i);
        return v === null || v === undefined ? null : convert(v, i);
      }),
    );
  }
  return new Table(columns);
}

/** Builds a canonical Arrow table from row objects keyed by column key (tests, small loads, connectors). */
export function tableFromRows(spec: TableSpec, rows: readonly Record<string, unknown>[], options: NormalizeOptions = {}): Table {
  if (rows.length === 0) return new Table(arrowSchemaFor(spec));
  const columns: Record<string, Vector> = {};
  const present = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) present.add(k);
  const known = new Set(spec.columns.map((c) => c.key));
  const unknown = [...present].filter((k) => !known.has(k));
  if (unknown.length) throw new LoadError(`${spec.schema}.${spec.name}: unknown column(s) ${unknown.join(', ')}`);
  for (const column of spec.columns) {
    if (!present.has(column.key)) continue;
    const convert = converterFor(column);
    columns[column.key] = buildVector(
      column.type,
      rows.map((r, i) => {
        const v = r[column.key];
        return v === null || v === undefined ? null : convert(v, i);
      }),
    );
  }
  return normalizeArrow(spec, new Table(columns), options);
}
