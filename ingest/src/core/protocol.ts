/**
 * The Airbyte protocol (https://docs.airbyte.com/understanding-airbyte/airbyte-protocol), the part our
 * connectors speak: spec, check, discover, read; messages are JSON lines on stdout.
 */

export type SyncMode = 'full_refresh' | 'incremental';
export type DestinationSyncMode = 'append' | 'overwrite' | 'append_dedup';

export interface ConnectorSpecification {
  documentationUrl?: string;
  /** JSON Schema of the connection's config. */
  connectionSpecification: Record<string, unknown>;
  supportsIncremental?: boolean;
  supported_destination_sync_modes?: DestinationSyncMode[];
}

export interface AirbyteStream {
  name: string;
  namespace?: string;
  json_schema: Record<string, unknown>;
  supported_sync_modes: SyncMode[];
  source_defined_cursor?: boolean;
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
}

export interface AirbyteCatalog {
  streams: AirbyteStream[];
}

export interface ConfiguredAirbyteStream {
  stream: AirbyteStream;
  sync_mode: SyncMode;
  destination_sync_mode: DestinationSyncMode;
  cursor_field?: string[];
  primary_key?: string[][];
}

export interface ConfiguredAirbyteCatalog {
  streams: ConfiguredAirbyteStream[];
}

export interface AirbyteRecordMessage {
  stream: string;
  namespace?: string;
  data: Record<string, unknown>;
  /** milliseconds since the epoch */
  emitted_at: number;
}

/** Per-stream state (protocol v2 "STREAM" state). */
export interface AirbyteStateMessage {
  type: 'STREAM';
  stream: { stream_descriptor: { name: string; namespace?: string }; stream_state: Record<string, unknown> };
}

export interface AirbyteLogMessage {
  level: 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';
  message: string;
}

export interface AirbyteConnectionStatus {
  status: 'SUCCEEDED' | 'FAILED';
  message?: string;
}

/** A row a source could not turn into a record: row number (file line / source row), field, Chinese reason. */
export interface RejectedRow {
  row: number;
  field: string;
  message: string;
}

export type AirbyteMessage =
  | { type: 'RECORD'; record: AirbyteRecordMessage }
  | { type: 'STATE'; state: AirbyteStateMessage }
  | { type: 'LOG'; log: AirbyteLogMessage }
  | { type: 'SPEC'; spec: ConnectorSpecification }
  | { type: 'CATALOG'; catalog: AirbyteCatalog }
  | { type: 'CONNECTION_STATUS'; connectionStatus: AirbyteConnectionStatus }
  // Airbyte's TRACE/ERROR carries failures; we also carry per-row rejects this way so they reach the
  // quarantine with their row number (a real Airbyte platform logs them).
  | { type: 'TRACE'; trace: { type: 'ERROR'; emitted_at: number; error: { message: string; failure_type?: 'config_error' | 'system_error' } } }
  | { type: 'TRACE'; trace: { type: 'ROW_REJECTED'; emitted_at: number; rejected: RejectedRow & { stream: string } } };

/** A source connector: the four commands of the protocol. `read` yields messages as it goes. */
export interface SourceConnector<Config = Record<string, unknown>> {
  readonly name: string;
  spec(): ConnectorSpecification;
  check(config: Config): Promise<AirbyteConnectionStatus>;
  discover(config: Config): Promise<AirbyteCatalog>;
  read(config: Config, catalog: ConfiguredAirbyteCatalog, state?: Record<string, Record<string, unknown>>): AsyncIterable<AirbyteMessage>;
}

/** One JSON line per message, as the protocol wants on stdout. */
export function serialize(message: AirbyteMessage): string {
  return JSON.stringify(message);
}
