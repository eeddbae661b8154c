/** Where a sync writes its record batches. */
import { DISCHARGE_SPEC, tableFromRows, type TableSpec, type WarehouseClient } from '@qc/warehouse';
import { DISCHARGE_STREAM } from './discharge-record.js';

/** A destination of record batches. `write` commits one batch of one stream atomically or throws. */
export interface Sink {
  /** Commits the batch; resolves with the number of rows written. Writing the same rows again must be harmless. */
  write(stream: string, records: Record<string, unknown>[]): Promise<number>;
  close?(): Promise<void>;
}

/**
 * Loads batches into the warehouse as Arrow tables typed from the table's columns: `ensureTable` once per table, `loadArrow` per batch
 * (which replaces rows whose key is already there, so reloading a file does not double-count).
 */
export class WarehouseSink implements Sink {
  private readonly ensured = new Set<string>();
  private readonly tables: Record<string, TableSpec>;

  constructor(
    private readonly client: WarehouseClient,
    tables: Record<string, TableSpec> = { [DISCHARGE_STREAM]: DISCHARGE_SPEC },
  ) {
    this.tables = tables;
  }

  async write(stream: string, records: Record<string, unknown>[]): Promise<number> {
    const table = this.tables[stream];
    if (!table) throw new Error(`数据流 ${stream} 没有对应的数仓表`);
    if (records.length === 0) return 0;
    if (!this.ensured.has(stream)) {
      await this.client.ensureTable(table);
      this.ensured.add(stream);
    }
    const { rows } = await this.client.loadArrow(table, tableFromRows(table, records));
    return rows;
  }
}

/** Keeps written rows in memory by stream, replacing by `key` when given: for dry runs and tests. */
export class MemorySink implements Sink {
  readonly rows = new Map<string, Map<string, Record<string, unknown>>>();
  writes = 0;

  constructor(private readonly key: string = 'record_key') {}

  async write(stream: string, records: Record<string, unknown>[]): Promise<number> {
    let table = this.rows.get(stream);
    if (!table) this.rows.set(stream, (table = new Map()));
    for (const r of records) table.set(String(r[this.key] ?? `#${table.size}`), r);
    this.writes++;
    return records.length;
  }

  /** Rows of a stream, in the order first written. */
  list(stream: string): Record<string, unknown>[] {
    return [...(this.rows.get(stream)?.values() ?? [])];
  }
}
