import { ClickHouseClient } from './clients/clickhouse.js';
import { DuckDBClient, defaultDuckDBPath } from './clients/duckdb.js';
import type { WarehouseClient } from './clients/types.js';

export type { Row, TableSpec, WarehouseClient, WarehouseEngine } from './clients/types.js';
export { ClickHouseClient, CLICKHOUSE_DEFAULT_SETTINGS, type ClickHouseClientOptions } from './clients/clickhouse.js';
export { DuckDBClient, defaultDuckDBPath, type DuckDBClientOptions } from './clients/duckdb.js';
export { listMartsFiles, markMartsComplete, martsMarker, newMartsFile, type MartsFile } from './clients/marts-files.js';
export * from './dbt/index.js';
export * from './dialects/index.js';
export * from './schema/index.js';

export interface OpenWarehouseOptions {
  /** The platform's data directory (QC_DATA_DIR); DuckDB lives in `<dataDir>/warehouse/`. */
  dataDir: string;
  /** CLICKHOUSE_URL; when set, the warehouse is ClickHouse and `dataDir` is not used. */
  clickhouseUrl?: string | undefined;
}

/** Opens the configured warehouse: ClickHouse when a URL is given, else the embedded DuckDB file. */
export async function openWarehouse(options: OpenWarehouseOptions): Promise<WarehouseClient> {
  if (options.clickhouseUrl) return new ClickHouseClient({ url: options.clickhouseUrl });
  return DuckDBClient.open({ path: defaultDuckDBPath(options.dataDir) });
}
