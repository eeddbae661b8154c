import { AppError } from '../errors.js';

// DuckDB: "Catalog Error: Table with name … does not exist"; ClickHouse: UNKNOWN_TABLE / UNKNOWN_DATABASE.
const MISSING_TABLE = /does not exist|UNKNOWN_TABLE|UNKNOWN_DATABASE|Unknown table|Database .* doesn't exist/i;

/** Whether a warehouse error says a mart is not there (no dbt build has run yet). */
export function isMissingMart(err: unknown): boolean {
  const e = err as { message?: string; type?: string; code?: string } | null;
  return !!e && (MISSING_TABLE.test(String(e.message ?? '')) || MISSING_TABLE.test(String(e.type ?? '')));
}

/** The error a client sees before the first marts build: a 503 that says what to wait for. */
export class MartsNotReadyError extends AppError {
  constructor() {
    super(503, 'MARTS_NOT_READY', '指标数据尚未生成：病案首页入库后数据仓库会自动生成，请稍后再试');
  }
}

/** Runs warehouse work, turning "no marts yet" into MartsNotReadyError (or the fallback, when given). */
export async function fromMarts<T>(work: () => Promise<T>, fallback?: () => T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isMissingMart(err)) throw err;
    if (fallback) return fallback();
    throw new MartsNotReadyError();
  }
}
