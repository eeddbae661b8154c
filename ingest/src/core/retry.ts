/** Retries with exponential backoff for failures that may pass: a dropped connection, a busy server. */

export interface RetryOptions {
  /** Attempts after the first (default 4). */
  retries?: number;
  /** Delay before the first retry (default 200 ms); doubles (`factor`) each time up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  /** Spread retries of many workers: wait between half and all of the computed delay (default true). */
  jitter?: boolean;
  /** Which errors are worth another attempt (default `isTransientError`). */
  isRetryable?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  signal?: AbortSignal;
  /** Injected by tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Marks an error as transient whatever its code. */
export class TransientError extends Error {
  readonly transient = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

// Node socket errors, PostgreSQL SQLSTATEs (connection, serialization, deadlock, too many connections,
// admin shutdown), MySQL's lost connection.
const TRANSIENT_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH',
  'ENETUNREACH', 'ENETDOWN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'PROTOCOL_CONNECTION_LOST',
  'ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_CON_COUNT_ERROR',
  '08000', '08001', '08003', '08006', '40001', '40P01', '53300', '57P01', '57P02', '57P03',
]);
const TRANSIENT_HTTP = new Set([408, 429, 502, 503, 504]);
// DuckDB: a write-write conflict, or the file held by another process for a moment.
const TRANSIENT_MESSAGE = /TransactionContext Error: Conflict|Could not set lock on file|database is locked/i;

/** True for errors that may succeed when tried again. */
export function isTransientError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { transient?: unknown; code?: unknown; errno?: unknown; status?: unknown; statusCode?: unknown; message?: unknown; cause?: unknown; name?: unknown };
  if (e.name === 'AbortError') return false;
  if (e.transient === true) return true;
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status !== undefined && TRANSIENT_HTTP.has(status)) return true;
  if (typeof e.message === 'string' && TRANSIENT_MESSAGE.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== err ? isTransientError(e.cause) : false;
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error to throw for an aborted signal (its reason when it is an Error). */
export function abortError(signal: AbortSignal): Error {
  if (signal.reason instanceof Error) return signal.reason;
  const err = new Error('操作已取消');
  err.name = 'AbortError';
  return err;
}

/** The delay before retry number `attempt` (1-based), before jitter. */
export function backoffDelay(attempt: number, opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'factor'> = {}): number {
  const base = opts.baseDelayMs ?? 200;
  const factor = opts.factor ?? 2;
  return Math.min(opts.maxDelayMs ?? 10_000, base * factor ** (attempt - 1));
}

/**
 * Calls `fn` until it succeeds, retrying retryable failures with exponential backoff; the last error
 * (or a non-retryable one) is thrown as it is. `fn` gets the attempt number, starting at 1.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const retries = opts.retries ?? 4;
  const isRetryable = opts.isRetryable ?? isTransientError;
  const wait = opts.sleep ?? sleep;
  const random = opts.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt > retries || !isRetryable(err) || opts.signal?.aborted) throw err;
      const full = backoffDelay(attempt, opts);
      const delay = opts.jitter === false ? full : Math.round(full / 2 + (random() * full) / 2);
      opts.onRetry?.(err, attempt, delay);
      await wait(delay, opts.signal);
    }
  }
}
