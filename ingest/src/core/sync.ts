/**
 * The sync engine: runs a source connector's `read` and settles every row it yields — loaded into the
 * sink in batches, or rejected with its row number and reason — so that rowsRead = rowsLoaded + rowsRejected.
 * A STATE is saved only once every record before it is committed, so a crash re-reads rather than skips.
 */
import type {
  AirbyteCatalog,
  AirbyteLogMessage,
  AirbyteMessage,
  ConfiguredAirbyteCatalog,
  RejectedRow,
  SourceConnector,
} from './protocol.js';
import { abortError, retry, type RetryOptions } from './retry.js';
import type { Sink } from './sink.js';

export type SyncStatus = 'succeeded' | 'partial' | 'failed';
export type StreamStates = Record<string, Record<string, unknown>>;

export interface SyncProgress {
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  batches: number;
  elapsedMs: number;
}

export type FailureType = 'config_error' | 'system_error';

/** Platform values every connector's config takes; they override what a stored config says. */
export interface SyncContext {
  /** Becomes `runId` in the config (stamped on rows as `_run_id`). */
  runId?: string;
  /** Becomes `sourceName` in the config (stamped as `_source`). */
  source?: string;
  /** Becomes `patientKeySecret`: one secret for all sources, so a patient's stays link across them. */
  patientKeySecret?: string;
}

export interface SyncResult extends SyncProgress {
  status: SyncStatus;
  /** Reasons of rejected rows, in the order they came (at most `maxRejectsKept`; see `onReject` for all). */
  rejects: RejectedRow[];
  rejectsTruncated: boolean;
  /** Per-stream state as committed: what the next run should start from. */
  state: StreamStates;
  /** Records read but not committed because the run failed; they are not in rowsRead and load on the next run. */
  rowsUncommitted: number;
  durationMs: number;
  /** Why the run failed (Chinese, for people). */
  error?: string;
  /** config_error: the user must fix the file or the config; system_error: try again later. */
  failureType?: FailureType;
}

export interface RunSyncOptions<Config> {
  connector: SourceConnector<Config>;
  config: Config;
  context?: SyncContext;
  /** Default: every stream `discover` returns, in full. */
  catalog?: ConfiguredAirbyteCatalog;
  /** State of the previous run (its `result.state`). */
  state?: StreamStates;
  sink: Sink;
  /** Records per sink write (default 50 000). */
  batchSize?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Called with the committed state after each commit: persist it here to resume after a crash. */
  onState?: (state: StreamStates) => void | Promise<void>;
  /** Every rejected row, also those beyond `maxRejectsKept`: the quarantine writes them here. */
  onReject?: (reject: RejectedRow & { stream: string }) => void;
  onLog?: (log: AirbyteLogMessage) => void;
  /** Rejects kept in the result (default 100 000); counts stay exact beyond it. */
  maxRejectsKept?: number;
  /** Retry of sink writes (batches are idempotent: rows replace by key). */
  retry?: RetryOptions;
  signal?: AbortSignal;
}

/** Configures every stream of a discovered catalog for a full read, deduplicated by its key. */
export function configureCatalog(catalog: AirbyteCatalog): ConfiguredAirbyteCatalog {
  return {
    streams: catalog.streams.map((stream) => ({
      stream,
      sync_mode: 'full_refresh',
      destination_sync_mode: 'append_dedup',
      ...(stream.source_defined_primary_key ? { primary_key: stream.source_defined_primary_key } : {}),
    })),
  };
}

// How a key reads to a person, for the message of a duplicate.
const KEY_LABELS: Record<string, string> = { record_key: '医疗机构代码+病案号+住院次数' };

function withContext<Config>(config: Config, context: SyncContext | undefined): Config {
  if (!context) return config;
  return {
    ...config,
    ...(context.runId !== undefined ? { runId: context.runId } : {}),
    ...(context.source !== undefined ? { sourceName: context.source } : {}),
    ...(context.patientKeySecret !== undefined ? { patientKeySecret: context.patientKeySecret } : {}),
  };
}

class SinkFailure extends Error {
  constructor(cause: unknown) {
    super(`写入数仓失败：${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs one sync of `connector` into `sink`; never throws for a failed run, the result says so. */
export async function runSync<Config>(opts: RunSyncOptions<Config>): Promise<SyncResult> {
  const started = Date.now();
  const batchSize = Math.max(1, opts.batchSize ?? 50_000);
  const maxKept = opts.maxRejectsKept ?? 100_000;

  let rowsLoaded = 0;
  let rowsRejected = 0;
  let rowsUncommitted = 0;
  let batches = 0;
  const rejects: RejectedRow[] = [];
  let rejectsTruncated = false;
  const committedState: StreamStates = { ...(opts.state ?? {}) };
  const receivedState: StreamStates = {};
  let stateDirty = false;
  let error: { message: string; failureType: FailureType } | undefined;

  const pending = new Map<string, Record<string, unknown>[]>();
  let pendingCount = 0;
  // A row may carry several problems: it counts once as rejected.
  const rejectedRows = new Map<string, Set<number>>();
  // Within one run a key seen twice would load one row for two read: the later one is rejected instead.
  const primaryKeys = new Map<string, string[][]>();
  const seenKeys = new Map<string, Map<string, number>>();
  const recordOrdinal = new Map<string, number>();

  const progress = (): SyncProgress => ({
    rowsRead: rowsLoaded + rowsRejected,
    rowsLoaded,
    rowsRejected,
    batches,
    elapsedMs: Date.now() - started,
  });

  const reject = (stream: string, r: RejectedRow): void => {
    let rows = rejectedRows.get(stream);
    if (!rows) rejectedRows.set(stream, (rows = new Set()));
    if (!rows.has(r.row)) {
      rows.add(r.row);
      rowsRejected++;
    }
    if (rejects.length < maxKept) rejects.push({ row: r.row, field: r.field, message: r.message });
    else rejectsTruncated = true;
    opts.onReject?.({ ...r, stream });
  };

  const commitState = async (): Promise<void> => {
    if (!stateDirty) return;
    Object.assign(committedState, receivedState);
    stateDirty = false;
    await opts.onState?.({ ...committedState });
  };

  const flush = async (): Promise<void> => {
    for (const [stream, records] of pending) {
      if (records.length === 0) continue;
      let written: number;
      try {
        written = await retry(() => opts.sink.write(stream, records), {
          ...opts.retry,
          signal: opts.signal,
          onRetry: (err, attempt, delayMs) => {
            opts.retry?.onRetry?.(err, attempt, delayMs);
            opts.onLog?.({ level: 'WARN', message: `写入第 ${batches + 1} 批失败（${errorText(err)}），${delayMs} ms 后第 ${attempt} 次重试` });
          },
        });
      } catch (err) {
        throw new SinkFailure(err);
      }
      if (written !== records.length) {
        opts.onLog?.({ level: 'WARN', message: `数据流 ${stream}：提交 ${records.length} 行，数仓报告写入 ${written} 行` });
      }
      rowsLoaded += records.length;
      pendingCount -= records.length;
      pending.set(stream, []);
      batches++;
    }
    await commitState();
    opts.onProgress?.(progress());
  };

  const onRecord = (stream: string, data: Record<string, unknown>): void => {
    const ordinal = (recordOrdinal.get(stream) ?? 0) + 1;
    recordOrdinal.set(stream, ordinal);
    const row = typeof data._row_number === 'number' ? data._row_number : ordinal;
    const pk = primaryKeys.get(stream);
    if (pk && pk.length > 0) {
      const key = pk.map((path) => String(path.reduce<unknown>((v, p) => (v as Record<string, unknown> | undefined)?.[p], data))).join('\u0001');
      let seen = seenKeys.get(stream);
      if (!seen) seenKeys.set(stream, (seen = new Map()));
      const first = seen.get(key);
      if (first !== undefined) {
        const field = pk.map((p) => KEY_LABELS[p.join('.')] ?? p.join('.')).join('+');
        reject(stream, { row, field, message: `${field} 与第${first}行重复，本行未加载` });
        return;
      }
      seen.set(key, row);
    }
    let batch = pending.get(stream);
    if (!batch) pending.set(stream, (batch = []));
    batch.push(data);
    pendingCount++;
  };

  try {
    const config = withContext(opts.config, opts.context);
    const catalog = opts.catalog ?? configureCatalog(await opts.connector.discover(config));
    for (const s of catalog.streams) {
      const pk = s.primary_key ?? s.stream.source_defined_primary_key;
      if (pk) primaryKeys.set(s.stream.name, pk);
    }
    const messages: AsyncIterable<AirbyteMessage> = opts.connector.read(config, catalog, opts.state);
    for await (const msg of messages) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      switch (msg.type) {
        case 'RECORD':
          onRecord(msg.record.stream, msg.record.data);
          if (pendingCount >= batchSize) await flush();
          break;
        case 'STATE':
          receivedState[msg.state.stream.stream_descriptor.name] = msg.state.stream.stream_state;
          stateDirty = true;
          if (pendingCount === 0) await commitState();
          break;
        case 'LOG':
          opts.onLog?.(msg.log);
          break;
        case 'TRACE':
          if (msg.trace.type === 'ROW_REJECTED') {
            const { stream, ...r } = msg.trace.rejected;
            reject(stream, r);
          } else {
            error = { message: msg.trace.error.message, failureType: msg.trace.error.failure_type ?? 'system_error' };
          }
          break;
        default:
          break;
      }
      if (error) break;
    }
    // Rows read before a source failure are valid: keep them; the state says where to resume.
    await flush();
  } catch (err) {
    if (err instanceof SinkFailure) {
      error = { message: err.message, failureType: 'system_error' };
    } else if (opts.signal?.aborted) {
      error = { message: `同步已取消：${errorText(err)}`, failureType: 'system_error' };
    } else {
      error = { message: `读取数据源失败：${errorText(err)}`, failureType: 'system_error' };
      try {
        await flush();
      } catch (flushErr) {
        error.message += `；${errorText(flushErr)}`;
      }
    }
  }
  rowsUncommitted = pendingCount;

  const p = progress();
  const status: SyncStatus = error ? 'failed' : rowsRejected > 0 ? 'partial' : 'succeeded';
  return {
    ...p,
    status,
    rejects,
    rejectsTruncated,
    state: committedState,
    rowsUncommitted,
    durationMs: Date.now() - started,
    ...(error ? { error: error.message, failureType: error.failureType } : {}),
  };
}
