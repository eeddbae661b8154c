/**
 * @qc/ingest: Airbyte-protocol connectors and the sync engine that loads them into the warehouse. The
 * only door into this package; it also passes on what the platform needs of the warehouse, so that
 * ops-api depends on ingest alone.
 */
export * from './core/protocol.js';
export {
  DISCHARGE_STREAM,
  FILE_COLUMNS,
  REQUIRED_FILE_KEYS,
  dischargeStream,
  headerToKey,
  keyToHeader,
  normalizeDischarge,
  type NormalizeContext,
  type NormalizeResult,
} from './core/discharge-record.js';
export { errorMessage, logMessage, recordMessage, rejectMessage, stateMessage } from './core/messages.js';
export { abortError, backoffDelay, isTransientError, retry, sleep, TransientError, type RetryOptions } from './core/retry.js';
export { MemorySink, WarehouseSink, type Sink } from './core/sink.js';
export { StreamTablesSink, tableSpecForStream } from './core/stream-table.js';
export {
  configureCatalog,
  runSync,
  type FailureType,
  type RunSyncOptions,
  type StreamStates,
  type SyncContext,
  type SyncProgress,
  type SyncResult,
  type SyncStatus,
} from './core/sync.js';
export { runConnectorCli, statesFromAirbyte, type ConnectorCliIo } from './core/connector-cli.js';

// connectors
export { FileSource, hashFile, type FileFormat, type FileSourceConfig, type FileStreamState } from './connectors/file/index.js';
export * from './connectors/his-db/index.js';
export * from './connectors/bigdata-center/index.js';
export * from './connectors/ops-db/index.js';
export * from './synthetic/index.js';

// the warehouse, as the platform uses it through ingest
export {
  DISCHARGE_COLUMNS,
  DISCHARGE_SPEC,
  DISCHARGE_TABLE,
  DbtRunner,
  DuckDBClient,
  clickhouseConnectionFromUrl,
  openWarehouse,
  refreshMarts,
  PERSONAL_HEADERS,
  type ColumnSpec,
  type DbtRunResult,
  type OpenWarehouseOptions,
  type TableSpec,
  type WarehouseClient,
} from '@qc/warehouse';
