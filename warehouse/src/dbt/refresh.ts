import type { DuckDBClient } from '../clients/duckdb.js';
import type { WarehouseClient } from '../clients/types.js';
import { DISCHARGE_SPEC } from '../schema/index.js';
import type { DbtRunner, DbtRunResult } from './runner.js';

export interface RefreshOptions {
  /** For ClickHouse: how dbt reaches the server (the client's URL, parsed). */
  clickhouse?: { host: string; port: number; user: string; password: string; secure?: boolean };
  signal?: AbortSignal;
  onLog?: (line: string) => void;
}

/**
 * Rebuilds the marts with dbt, the one way the platform does it. DuckDB: export raw to Parquet, let
 * dbt write a new marts file, attach it (dashboards answer from the previous one meanwhile); a failed
 * build leaves the previous marts in place. ClickHouse: dbt builds in the server.
 */
export async function refreshMarts(client: WarehouseClient, runner: DbtRunner, options: RefreshOptions = {}): Promise<DbtRunResult> {
  if (client.engine === 'duckdb') {
    const duck = client as DuckDBClient;
    const spec = DISCHARGE_SPEC;
    await duck.ensureTable(spec);
    const { file } = await duck.exportToParquet(spec);
    const rawParquetDir = file.replace(/\/raw\/[^/]+\/data\.parquet$/, '');
    const martsFile = duck.newMartsFile();
    const result = await runner.run({
      command: 'build',
      connection: { target: 'duckdb', databasePath: martsFile, rawParquetDir },
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onLog ? { onLog: options.onLog } : {}),
    });
    if (result.ok) await duck.attachMarts(martsFile);
    return result;
  }
  if (!options.clickhouse) throw new Error('refreshMarts on ClickHouse needs the connection settings for dbt');
  return runner.run({
    command: 'build',
    connection: { target: 'clickhouse', ...options.clickhouse },
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
}

/** dbt's connection settings from a CLICKHOUSE_URL such as http://user:pass@host:8123. */
export function clickhouseConnectionFromUrl(url: string): NonNullable<RefreshOptions['clickhouse']> {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || (u.protocol === 'https:' ? 8443 : 8123)),
    user: decodeURIComponent(u.username || 'default'),
    password: decodeURIComponent(u.password || ''),
    secure: u.protocol === 'https:',
  };
}
