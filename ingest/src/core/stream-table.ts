import type { ColumnSpec, ColumnType, TableSpec, WarehouseClient } from '@qc/warehouse';
import type { AirbyteStream } from './protocol.js';
import { WarehouseSink, type Sink } from './sink.js';

/** The warehouse column type of a JSON-schema property. */
function columnType(prop: Record<string, unknown>): ColumnType {
  const types = ([] as unknown[]).concat(prop.type ?? 'string').filter((t) => t !== 'null');
  const t = types[0];
  if (t === 'integer') return 'int';
  if (t === 'number') return 'double';
  if (t === 'string' && prop.format === 'date') return 'date';
  if (t === 'string' && prop.format === 'date-time') return 'timestamp';
  return 'string';
}

/**
 * A raw table for a stream that has no hand-written table (e.g. the operational database's streams):
 * one column per schema property (arrays, objects and booleans as text), keyed by the stream's primary key.
 */
export function tableSpecForStream(stream: AirbyteStream, schema = 'raw', prefix = ''): TableSpec {
  const props = (stream.json_schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const columns: ColumnSpec[] = [
    { key: 'record_key', type: 'string', required: true },
    ...Object.entries(props).map(([key, prop]) => ({ key, type: columnType(prop) })),
    { key: '_run_id', type: 'string' },
    { key: '_source', type: 'string' },
    { key: '_loaded_at', type: 'timestamp', required: true },
  ];
  return { schema, name: `${prefix}${stream.name}`, columns, key: 'record_key' };
}

/** Loads streams into tables derived from their schemas; values that are lists, objects or booleans become text. */
export class StreamTablesSink implements Sink {
  private readonly inner: WarehouseSink;
  private readonly keys: Record<string, string[]>;
  private readonly types: Record<string, Record<string, ColumnType>> = {};

  constructor(client: WarehouseClient, streams: AirbyteStream[], context: { runId: string; source: string }, prefix = 'ops_') {
    const tables: Record<string, TableSpec> = {};
    this.keys = {};
    for (const s of streams) {
      tables[s.name] = tableSpecForStream(s, 'raw', prefix);
      this.types[s.name] = Object.fromEntries(tables[s.name]!.columns.map((c) => [c.key, c.type]));
      this.keys[s.name] = (s.source_defined_primary_key ?? [['id']]).map((p) => p[0]!);
    }
    this.inner = new WarehouseSink(client, tables);
    this.context = context;
  }

  private readonly context: { runId: string; source: string };

  async write(stream: string, records: Record<string, unknown>[]): Promise<number> {
    const keys = this.keys[stream] ?? ['id'];
    const loadedAt = new Date();
    const rows = records.map((r) => {
      const out: Record<string, unknown> = {};
      const types = this.types[stream] ?? {};
      for (const [k, v] of Object.entries(r)) {
        if (typeof v === 'string' && types[k] === 'timestamp') out[k] = new Date(v); // ISO with zone → an instant
        else if (typeof v === 'string' && types[k] === 'date') out[k] = v.slice(0, 10);
        else out[k] = Array.isArray(v) || (v !== null && typeof v === 'object' && !(v instanceof Date)) ? JSON.stringify(v) : typeof v === 'boolean' ? String(v) : v;
      }
      out.record_key = keys.map((k) => String(r[k])).join('|');
      out._run_id = this.context.runId;
      out._source = this.context.source;
      out._loaded_at = loadedAt;
      return out;
    });
    return this.inner.write(stream, rows);
  }
}
