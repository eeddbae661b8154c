/** Configuration of the operational-database source: a pg connection string, or an injected query function. */

/** Runs one parameterised statement ($1, $2 …) and returns its rows: pg, knex.raw or PGlite's `query`. */
export type OpsQueryFn = (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** How the source reaches the platform's own database. */
export interface OpsDbConfig {
  /** postgres://… — the source opens (and closes) its own connection. */
  url?: string;
  /** Or a query function of a connection the caller owns (PGlite in the single-process deployment). */
  query?: OpsQueryFn;
  /** Rows per query; default 1000. */
  pageSize?: number;
}

export interface ResolvedOpsDbConfig {
  url?: string;
  query?: OpsQueryFn;
  pageSize: number;
}

/** A configuration value that cannot work; the message names the key. */
export class OpsDbConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpsDbConfigError';
  }
}

export const OPS_DB_SPEC: Record<string, unknown> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: '平台业务库（机构、用户、审计事件）',
  description: '在同一进程内运行（PGlite）时，由调用方注入 query 函数，不填 url',
  type: 'object',
  additionalProperties: false,
  properties: {
    url: { type: 'string', description: '平台 PostgreSQL 连接串，如 postgres://用户:密码@主机:5432/qc；建议使用只读账号', airbyte_secret: true },
    pageSize: { type: 'integer', minimum: 1, maximum: 50_000, default: 1000, description: '每次查询读取的行数' },
  },
};

/** Validates a config; throws OpsDbConfigError naming the key at fault. */
export function resolveOpsDbConfig(raw: OpsDbConfig): ResolvedOpsDbConfig {
  if (raw === null || typeof raw !== 'object') throw new OpsDbConfigError('缺少配置');
  const hasUrl = typeof raw.url === 'string' && raw.url !== '';
  const hasQuery = typeof raw.query === 'function';
  if (hasUrl === hasQuery) throw new OpsDbConfigError('配置项 url（连接串）与注入的 query 函数须二选一');
  if (hasUrl && !/^postgres(ql)?:\/\//i.test(raw.url!)) throw new OpsDbConfigError('配置项 url 应以 postgres:// 开头');
  const pageSize = raw.pageSize ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50_000) {
    throw new OpsDbConfigError(`配置项 pageSize 应为 1–50000 的整数，实为“${String(pageSize)}”`);
  }
  return { url: hasUrl ? raw.url : undefined, query: hasQuery ? raw.query : undefined, pageSize };
}
