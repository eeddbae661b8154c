import type { WarehouseEngine } from '../clients/types.js';
import { clickhouseDialect } from './clickhouse.js';
import { duckdbDialect } from './duckdb.js';
import type { Dialect } from './types.js';

export { clickhouseDialect, toClickHouseParams, VERSION_COLUMN } from './clickhouse.js';
export { duckdbDialect } from './duckdb.js';
export { WAREHOUSE_SCHEMAS, type DateGrain, type Dialect, type TableRef } from './types.js';

/** The dialect of an engine. */
export function dialectFor(engine: WarehouseEngine): Dialect {
  return engine === 'duckdb' ? duckdbDialect : clickhouseDialect;
}
