import fs from 'node:fs';
import path from 'node:path';
import {
  BIGINT,
  BOOLEAN,
  DATE,
  DOUBLE,
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBInstance,
  DuckDBTimestampValue,
  DuckDBTypeId,
  JSDuckDBValueConverter,
  TIMESTAMP,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
  type DuckDBVector,
  type JS,
} from '@duckdb/node-api';
import type { Data, Table, Vector } from 'apache-arrow';
import { duckdbDialect } from '../dialects/duckdb.js';
import { WAREHOUSE_SCHEMAS, type Dialect } from '../dialects/types.js';
import { normalizeArrow } from '../schema/arrow.js';
import type { ColumnSpec, ColumnType } from '../schema/discharge.js';
import { listMartsFiles, markMartsComplete, martsFileStamp, martsMarker, newMartsFile, removeMartsFile } from './marts-files.js';
import type { Row, TableSpec, WarehouseClient } from './types.js';
import { dateText, safeInteger, timestampText } from './values.js';

export interface DuckDBClientOptions {
  /** Database file, or ':memory:' (the default). */
  path?: string;
  /** Where `marts-<stamp>.duckdb` files live; default: the directory of `path` (none for ':memory:'). */
  martsDir?: string;
  /** Where `exportToParquet` writes by default; default: `<martsDir>/parquet`. */
  exportDir?: string;
  /** The schema inside a marts file that holds the models to expose; default 'marts'. */
  martsSchema?: string;
  /** Connections for concurrent reads; default 2. Writes use one more, one at a time. */
  readConnections?: number;
  /** Attach the newest complete marts file on open; default true. */
  attachLatestMarts?: boolean;
}

/** The default warehouse file under the platform's data directory. */
export function defaultDuckDBPath(dataDir: string): string {
  return path.join(dataDir, 'warehouse', 'warehouse.duckdb');
}

const DUCK_TYPES: Record<ColumnType, DuckDBType> = { string: VARCHAR, int: BIGINT, double: DOUBLE, date: DATE, timestamp: TIMESTAMP };
const CHUNK_ROWS = 2048;
const LOAD_TABLE = '__qc_load';

/** DuckDB values → what `WarehouseClient.query` promises (see clients/types.ts). */
const toPlain: DuckDBValueConverter<unknown> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return safeInteger(value as bigint);
    case DuckDBTypeId.DATE: {
      const d = value as DuckDBDateValue;
      return dateText(d.days) ?? d.toString();
    }
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_NS: {
      const v = value as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint; toString(): string };
      const ms = v.micros !== undefined ? v.micros / 1000n : v.millis ?? (v.seconds !== undefined ? v.seconds * 1000n : v.nanos !== undefined ? v.nanos / 1_000_000n : undefined);
      const text = ms === undefined ? undefined : timestampText(Number(ms));
      return text === undefined ? v.toString() : type.typeId === DuckDBTypeId.TIMESTAMP_TZ ? `${text}Z` : text;
    }
    default:
      return JSDuckDBValueConverter(value, type, converter as DuckDBValueConverter<JS>);
  }
};

/** JS parameter values → DuckDB values with a type where the JS type says it (strings and NULL bind by context). */
function bindParams(params: readonly unknown[]): { values: DuckDBValue[]; types: DuckDBType[] } {
  const values: DuckDBValue[] = [];
  const types: (DuckDBType | undefined)[] = [];
  params.forEach((p, i) => {
    if (p === null || p === undefined) {
      values.push(null);
      types.push(undefined);
    } else if (typeof p === 'string') {
      values.push(p);
      types.push(undefined);
    } else if (typeof p === 'number') {
      const integer = Number.isSafeInteger(p);
      values.push(integer ? BigInt(p) : p);
      types.push(integer ? BIGINT : DOUBLE);
    } else if (typeof p === 'bigint') {
      values.push(p);
      types.push(BIGINT);
    } else if (typeof p === 'boolean') {
      values.push(p);
      types.push(BOOLEAN);
    } else if (p instanceof Date) {
      values.push(new DuckDBTimestampValue(BigInt(p.getTime()) * 1000n));
      types.push(TIMESTAMP);
    } else {
      throw new TypeError(`query parameter ${i + 1}: unsupported value of type ${typeof p}`);
    }
  });
  return { values, types: types as DuckDBType[] };
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Runs async work one at a time, in call order. */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

class ConnectionPool {
  private readonly waiters: ((c: DuckDBConnection) => void)[] = [];
  constructor(private readonly idle: DuckDBConnection[]) {}
  acquire(): Promise<DuckDBConnection> {
    const c = this.idle.pop();
    return c ? Promise.resolve(c) : new Promise((resolve) => this.waiters.push(resolve));
  }
  release(c: DuckDBConnection): void {
    const next = this.waiters.shift();
    if (next) next(c);
    else this.idle.push(c);
  }
}

/** Copies rows [start, start+count) of one canonical Arrow column (see schema/arrow.ts) into a DuckDB vector. */
function fillVector(target: DuckDBVector, column: Vector, type: ColumnType, start: number, count: number): void {
  const data = column.data[0] as Data;
  const offset = data.offset + start;
  const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined;
  const valid = (i: number) => !bitmap || ((bitmap[(offset + i) >> 3]! >> ((offset + i) & 7)) & 1) === 1;
  const set = target.setItem.bind(target) as (i: number, v: unknown) => void;
  switch (type) {
    case 'string':
      for (let i = 0; i < count; i++) set(i, column.get(start + i));
      break;
    case 'int':
    case 'double': {
      const values = data.values as BigInt64Array | Float64Array;
      for (let i = 0; i < count; i++) set(i, valid(i) ? values[offset + i] : null);
      break;
    }
    case 'date': {
      const values = data.values as Int32Array;
      for (let i = 0; i < count; i++) set(i, valid(i) ? new DuckDBDateValue(values[offset + i]!) : null);
      break;
    }
    case 'timestamp': {
      const values = data.values as BigInt64Array;
      for (let i = 0; i < count; i++) set(i, valid(i) ? new DuckDBTimestampValue(values[offset + i]! * 1000n) : null);
      break;
    }
  }
  target.flush();
}

/** Appends the given columns of a canonical Arrow table, one DataChunk per 2048 rows. */
function appendArrow(appender: DuckDBAppender, columns: ColumnSpec[], table: Table): void {
  const types = columns.map((c) => DUCK_TYPES[c.type]);
  for (const batch of table.batches) {
    const vectors = columns.map((c) => batch.getChild(c.key)!);
    for (let start = 0; start < batch.numRows; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, batch.numRows - start);
      const chunk = DuckDBDataChunk.create(types, count);
      columns.forEach((c, ci) => fillVector(chunk.getColumnVector(ci), vectors[ci]!, c.type, start, count));
      appender.appendDataChunk(chunk);
    }
  }
  appender.flushSync();
}

interface AttachedMarts {
  file: string;
  alias: string;
  /** Queries that started before this generation may still read the previous marts. */
  generation: number;
}

/**
 * Embedded DuckDB. This process is the file's only writer (DuckDB allows one process per file); dbt
 * never opens it: it reads Parquet exports and writes a new marts file, which `attachMarts` swaps in
 * behind the stable views `marts.<name>`. See docs/warehouse.md.
 */
export class DuckDBClient implements WarehouseClient {
  readonly engine = 'duckdb' as const;
  readonly dialect: Dialect = duckdbDialect;
  private readonly writes = new Serial();
  private readonly inFlight = new Map<number, number>();
  private generation = 0;
  private marts: AttachedMarts | undefined;
  private retiring: AttachedMarts[] = [];
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly readers: ConnectionPool,
    private readonly connections: DuckDBConnection[],
    private readonly catalog: string,
    readonly path: string,
    readonly martsDir: string | undefined,
    readonly exportDir: string | undefined,
    private readonly martsSchema: string,
  ) {}

  /** Opens (creating if needed) the database, its schemas, and re-attaches the newest complete marts file. */
  static async open(options: DuckDBClientOptions = {}): Promise<DuckDBClient> {
    const file = options.path ?? ':memory:';
    const inMemory = file === ':memory:';
    if (!inMemory) fs.mkdirSync(path.dirname(file), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/lock/i.test(message)) {
        throw new Error(`warehouse file ${file} is held by another process (DuckDB allows one process per file): ${message}`, { cause: e });
      }
      throw e;
    }
    const writer = await instance.connect();
    const readers: DuckDBConnection[] = [];
    for (let i = 0; i < Math.max(1, options.readConnections ?? 2); i++) readers.push(await instance.connect());
    const catalog = String((await writer.runAndReadAll('SELECT current_database()')).getRows()[0]![0]);
    const martsDir = options.martsDir ?? (inMemory ? undefined : path.dirname(file));
    const client = new DuckDBClient(
      instance,
      writer,
      new ConnectionPool([...readers]),
      [writer, ...readers],
      catalog,
      file,
      martsDir,
      options.exportDir ?? (martsDir ? path.join(martsDir, 'parquet') : undefined),
      options.martsSchema ?? 'marts',
    );
    for (const schema of WAREHOUSE_SCHEMAS) await writer.run(duckdbDialect.createSchemaSql(schema));
    if (options.attachLatestMarts ?? true) await client.attachLatestMarts();
    return client;
  }

  async ensureTable(table: TableSpec): Promise<void> {
    await this.writes.run(async () => {
      for (const schema of WAREHOUSE_SCHEMAS) await this.writer.run(duckdbDialect.createSchemaSql(schema));
      if (!(WAREHOUSE_SCHEMAS as readonly string[]).includes(table.schema)) await this.writer.run(duckdbDialect.createSchemaSql(table.schema));
      await this.writer.run(duckdbDialect.createTableSql(table));
      const reader = await this.writer.runAndReadAll(
        `SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ? ORDER BY ordinal_position`,
        [table.schema, table.name],
      );
      assertSameColumns(table, reader.getRows().map((r) => String(r[0])));
    });
  }

  /**
   * One transaction: the batch goes into a temporary table, rows of the target whose key is in the
   * batch are deleted, the batch is inserted (normalizeArrow already kept only the last row of a key
   * repeated within the batch). A failure anywhere rolls back to the previous state.
   */
  async loadArrow(table: TableSpec, data: Table): Promise<{ rows: number }> {
    const canonical = normalizeArrow(table, data);
    if (canonical.numRows === 0) return { rows: 0 };
    const d = duckdbDialect;
    const target = d.qualify(table);
    // Columns that are NULL in every row are left to the INSERT's defaults instead of being copied:
    // sparse columns (operation slots 2–10) are most of a discharge record.
    const columns = table.columns.filter((c) => canonical.getChild(c.key)!.nullCount < canonical.numRows);
    const cols = columns.map((c) => d.quoteIdentifier(c.key)).join(', ');
    const key = d.quoteIdentifier(table.key);
    const staging = `temp.main.${d.quoteIdentifier(LOAD_TABLE)}`;
    return this.writes.run(async () => {
      const w = this.writer;
      await w.run('BEGIN TRANSACTION');
      try {
        await w.run(`CREATE OR REPLACE TEMP TABLE ${d.quoteIdentifier(LOAD_TABLE)} (${columns.map((c) => `${d.quoteIdentifier(c.key)} ${d.columnType(c)}`).join(', ')})`);
        const appender = await w.createAppender(LOAD_TABLE, 'main', 'temp');
        try {
          appendArrow(appender, columns, canonical);
        } finally {
          appender.closeSync();
        }
        await w.run(`DELETE FROM ${target} WHERE ${key} IN (SELECT ${key} FROM ${staging})`);
        const inserted = await w.run(`INSERT INTO ${target} (${cols}) SELECT ${cols} FROM ${staging}`);
        await w.run(`DROP TABLE ${staging}`);
        await w.run('COMMIT');
        return { rows: Number(inserted.rowsChanged) };
      } catch (e) {
        await w.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }

  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const { values, types } = bindParams(params);
    return this.track(async () => {
      const c = await this.readers.acquire();
      try {
        const reader = await c.runAndReadAll(sql, values, types);
        return reader.convertRowObjects(toPlain) as T[];
      } finally {
        this.readers.release(c);
      }
    });
  }

  async exec(sql: string, params: unknown[] = []): Promise<void> {
    const { values, types } = bindParams(params);
    await this.track(() => this.writes.run(() => this.writer.run(sql, values, types)));
  }

  martsTable(name: string): string {
    return duckdbDialect.martsTable(name);
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.inFlight.size) await new Promise((resolve) => setTimeout(resolve, 5));
    await this.writes.run(async () => {
      for (const c of this.connections) c.closeSync();
      this.instance.closeSync();
    });
  }

  // ── transforms: Parquet out, marts files in ──────────────────────────────────────────────

  /** The marts file currently behind `marts.<name>`, if any. */
  get currentMarts(): { file: string; alias: string } | undefined {
    return this.marts && { file: this.marts.file, alias: this.marts.alias };
  }

  /** A path for the next dbt run's marts file (nothing is created). */
  newMartsFile(now: Date = new Date()): string {
    if (!this.martsDir) throw new Error('DuckDBClient: no martsDir (an in-memory warehouse needs one for marts files)');
    return newMartsFile(this.martsDir, now);
  }

  /**
   * Writes a table's current rows to `<dir>/<schema>/<name>/data.parquet` for dbt to read (the dbt
   * sources read `<dir>/raw/<name>/*.parquet`). The directory is written beside the old one and swapped
   * in by rename, so a reader never sees half an export. Returns the file and the row count.
   */
  async exportToParquet(table: TableSpec, dir: string | undefined = this.exportDir): Promise<{ file: string; rows: number }> {
    if (!dir) throw new Error('DuckDBClient: exportToParquet needs a directory');
    const target = path.join(dir, table.schema, table.name);
    const suffix = `${process.pid}.${Date.now()}`;
    const fresh = `${target}.new-${suffix}`;
    fs.mkdirSync(fresh, { recursive: true });
    try {
      const rows = await this.track(async () => {
        const c = await this.readers.acquire();
        try {
          const file = path.join(fresh, 'data.parquet');
          const r = await c.run(`COPY (SELECT * FROM ${duckdbDialect.readTable(table)}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`);
          return Number(r.rowsChanged);
        } finally {
          this.readers.release(c);
        }
      });
      const old = `${target}.old-${suffix}`;
      if (fs.existsSync(target)) fs.renameSync(target, old);
      fs.renameSync(fresh, target);
      fs.rmSync(old, { recursive: true, force: true });
      return { file: path.join(target, 'data.parquet'), rows };
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  }

  /**
   * Attaches a marts file dbt has finished (READ_ONLY, alias `marts_<stamp>`) and, in one
   * transaction, points the views `marts.<name>` at its models. Queries that started earlier keep the
   * previous file, which is detached and deleted once they have finished. Marks the file complete.
   */
  async attachMarts(file: string): Promise<{ alias: string; tables: string[] }> {
    const absolute = path.resolve(file);
    if (!fs.existsSync(absolute)) throw new Error(`marts file ${absolute} does not exist`);
    const result = await this.writes.run(async () => {
      if (this.marts?.file === absolute) return { alias: this.marts.alias, tables: await this.martsTables(this.marts.alias) };
      const d = duckdbDialect;
      const alias = `marts_${(martsFileStamp(absolute) ?? `${Date.now()}`).toLowerCase()}_${this.generation + 1}`;
      const w = this.writer;
      await w.run(`ATTACH ${sqlString(absolute)} AS ${d.quoteIdentifier(alias)} (READ_ONLY)`);
      try {
        const tables = await this.martsTables(alias);
        if (tables.length === 0) throw new Error(`marts file ${absolute} has no tables in schema ${this.martsSchema}`);
        const existing = await this.exposedViews();
        await w.run('BEGIN TRANSACTION');
        try {
          for (const v of existing) if (!tables.includes(v)) await w.run(`DROP VIEW ${d.martsTable(v)}`);
          for (const t of tables) {
            await w.run(`CREATE OR REPLACE VIEW ${d.martsTable(t)} AS SELECT * FROM ${d.quoteIdentifier(alias)}.${d.quoteIdentifier(this.martsSchema)}.${d.quoteIdentifier(t)}`);
          }
          await w.run('COMMIT');
        } catch (e) {
          await w.run('ROLLBACK').catch(() => undefined);
          throw e;
        }
        const previous = this.marts;
        this.generation++;
        this.marts = { file: absolute, alias, generation: this.generation };
        if (previous) this.retiring.push({ ...previous, generation: this.generation });
        if (!fs.existsSync(martsMarker(absolute))) markMartsComplete(absolute);
        return { alias, tables };
      } catch (e) {
        if (this.marts?.alias !== alias) await w.run(`DETACH ${d.quoteIdentifier(alias)}`).catch(() => undefined);
        throw e;
      }
    });
    this.retireUnused();
    return result;
  }

  /**
   * Attaches the newest complete marts file in `martsDir` (called by `open`), and deletes older marts
   * files, complete or not. Drops the `marts.*` views when there is none.
   */
  async attachLatestMarts(): Promise<string | undefined> {
    if (!this.martsDir) return undefined;
    const files = listMartsFiles(this.martsDir);
    const latest = files.filter((f) => f.complete).at(-1);
    if (!latest) {
      await this.writes.run(async () => {
        for (const v of await this.exposedViews()) await this.writer.run(`DROP VIEW ${duckdbDialect.martsTable(v)}`);
      });
      return undefined;
    }
    await this.attachMarts(latest.file);
    for (const f of files) if (f.stamp < latest.stamp) removeMartsFile(f.file);
    return latest.file;
  }

  private async martsTables(alias: string): Promise<string[]> {
    const r = await this.writer.runAndReadAll(
      'SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_schema = ? ORDER BY table_name',
      [alias, this.martsSchema],
    );
    return r.getRows().map((row) => String(row[0]));
  }

  private async exposedViews(): Promise<string[]> {
    const r = await this.writer.runAndReadAll(
      "SELECT view_name FROM duckdb_views() WHERE database_name = ? AND schema_name = 'marts' AND NOT internal",
      [this.catalog],
    );
    return r.getRows().map((row) => String(row[0]));
  }

  /** Counts a statement against the marts generation it started in, so retired files outlive it. */
  private async track<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('DuckDBClient is closed');
    const generation = this.generation;
    this.inFlight.set(generation, (this.inFlight.get(generation) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.inFlight.get(generation) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(generation);
      else this.inFlight.set(generation, left);
      if (this.retiring.length) this.retireUnused();
    }
  }

  /** Detaches and deletes retired marts files no running statement can still read. */
  private retireUnused(): void {
    const busyBefore = (generation: number) => [...this.inFlight.keys()].some((g) => g < generation);
    const ready = this.retiring.filter((m) => !busyBefore(m.generation));
    if (!ready.length || this.closed) return;
    this.retiring = this.retiring.filter((m) => !ready.includes(m));
    void this.writes.run(async () => {
      for (const m of ready) {
        try {
          await this.writer.run(`DETACH ${duckdbDialect.quoteIdentifier(m.alias)}`);
          removeMartsFile(m.file);
        } catch {
          // left for the next start, which deletes marts files older than the one it attaches
        }
      }
    });
  }

  /** Resolves once retired marts files have been detached (tests, orderly shutdown). */
  async settled(): Promise<void> {
    await this.writes.run(async () => undefined);
  }
}

function assertSameColumns(table: TableSpec, actual: string[]): void {
  const wanted = table.columns.map((c) => c.key);
  if (wanted.join(',') === actual.join(',')) return;
  const missing = wanted.filter((c) => !actual.includes(c));
  const extra = actual.filter((c) => !wanted.includes(c));
  throw new Error(
    `${table.schema}.${table.name} exists with other columns than its spec` +
      (missing.length ? `; missing: ${missing.join(', ')}` : '') +
      (extra.length ? `; not in spec: ${extra.join(', ')}` : '') +
      (!missing.length && !extra.length ? '; column order differs' : ''),
  );
}
