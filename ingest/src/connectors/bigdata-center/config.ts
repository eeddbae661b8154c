/** Configuration of the city big-data center source: JSON schema (for `spec`) and validation. */

/** How the platform reaches the city's big-data center (市卫生健康大数据中心). */
export interface BigDataCenterConfig {
  /** e.g. https://bigdata.lzwjw.example/ — the API's root, before /oauth and /api. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Records per page (1–1000); default 500. */
  pageSize?: number;
  /** First run only: read records changed since then (ISO 8601); default everything. */
  startDate?: string;
  /** Per request; default 30 000 ms. */
  timeoutMs?: number;
  /** Retries of a 429 / 5xx / network failure; default 5. */
  maxRetries?: number;
  /** First backoff delay; doubles each retry; default 1 000 ms. */
  retryBaseDelayMs?: number;
  /** Upper bound of one wait, Retry-After included; default 60 000 ms. */
  retryMaxDelayMs?: number;
  /** Key of the HMAC that turns 身份证号 / 病案号 into patient_key. */
  patientKeySecret: string;
  /** Names this load in the warehouse (`_run_id`); a fresh UUID when absent. */
  runId?: string;
}

export type ResolvedBigDataCenterConfig = Required<Omit<BigDataCenterConfig, 'startDate' | 'runId'>> & Pick<BigDataCenterConfig, 'startDate' | 'runId'>;

/** A configuration value that cannot work; the message names the key. */
export class BigDataCenterConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BigDataCenterConfigError';
  }
}

export const BIGDATA_CENTER_SPEC: Record<string, unknown> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: '市卫生健康大数据中心（病案首页接口）',
  type: 'object',
  required: ['baseUrl', 'clientId', 'clientSecret', 'patientKeySecret'],
  additionalProperties: false,
  properties: {
    baseUrl: { type: 'string', format: 'uri', description: '接口根地址，如 https://bigdata.example.gov.cn/（其下为 /oauth/token 与 /api/v1/…）' },
    clientId: { type: 'string', minLength: 1, description: '大数据中心分配的客户端标识（client_id）' },
    clientSecret: { type: 'string', minLength: 1, description: '客户端密钥（client_secret）', airbyte_secret: true },
    pageSize: { type: 'integer', minimum: 1, maximum: 1000, default: 500, description: '每页记录数' },
    startDate: { type: 'string', format: 'date-time', description: '首次同步的起点：只拉取此时间之后变更的记录；不填则拉取全部' },
    timeoutMs: { type: 'integer', minimum: 1000, default: 30_000, description: '单次请求超时（毫秒）' },
    maxRetries: { type: 'integer', minimum: 0, maximum: 10, default: 5, description: '限流（429）、服务端故障（5xx）或网络中断时的最多重试次数' },
    retryBaseDelayMs: { type: 'integer', minimum: 0, default: 1000, description: '首次重试前的等待（毫秒），之后逐次加倍' },
    retryMaxDelayMs: { type: 'integer', minimum: 0, default: 60_000, description: '单次等待的上限（毫秒），含服务端 Retry-After 要求的等待' },
    patientKeySecret: { type: 'string', minLength: 16, description: '生成患者关联键（patient_key）的密钥，姓名、身份证号不入库', airbyte_secret: true },
    runId: { type: 'string', description: '本次加载的批次号；不填则自动生成' },
  },
};

function intIn(value: unknown, key: string, min: number, max: number, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new BigDataCenterConfigError(`配置项 ${key} 应为 ${min}–${max} 的整数，实为“${String(v)}”`);
  }
  return v;
}

/** Validates a config and fills in defaults; throws BigDataCenterConfigError naming the key at fault. */
export function resolveBigDataCenterConfig(raw: BigDataCenterConfig): ResolvedBigDataCenterConfig {
  if (raw === null || typeof raw !== 'object') throw new BigDataCenterConfigError('缺少配置');
  let base: URL;
  try {
    base = new URL(raw.baseUrl);
  } catch {
    throw new BigDataCenterConfigError(`配置项 baseUrl 不是有效的网址：“${String(raw.baseUrl)}”`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new BigDataCenterConfigError('配置项 baseUrl 应以 https:// 开头');
  if (typeof raw.clientId !== 'string' || raw.clientId === '') throw new BigDataCenterConfigError('配置项 clientId 不能为空');
  if (typeof raw.clientSecret !== 'string' || raw.clientSecret === '') throw new BigDataCenterConfigError('配置项 clientSecret 不能为空');
  if (typeof raw.patientKeySecret !== 'string' || raw.patientKeySecret.length < 16) {
    throw new BigDataCenterConfigError('配置项 patientKeySecret（患者关联键密钥）至少 16 个字符');
  }
  if (raw.startDate !== undefined && Number.isNaN(Date.parse(raw.startDate))) {
    throw new BigDataCenterConfigError(`配置项 startDate 不是有效的时间：“${raw.startDate}”`);
  }
  // relative paths resolve under the base, also when it has a path of its own
  const baseUrl = base.toString().endsWith('/') ? base.toString() : `${base.toString()}/`;
  return {
    baseUrl,
    clientId: raw.clientId,
    clientSecret: raw.clientSecret,
    pageSize: intIn(raw.pageSize, 'pageSize', 1, 1000, 500),
    startDate: raw.startDate,
    timeoutMs: intIn(raw.timeoutMs, 'timeoutMs', 1000, 600_000, 30_000),
    maxRetries: intIn(raw.maxRetries, 'maxRetries', 0, 10, 5),
    retryBaseDelayMs: intIn(raw.retryBaseDelayMs, 'retryBaseDelayMs', 0, 600_000, 1000),
    retryMaxDelayMs: intIn(raw.retryMaxDelayMs, 'retryMaxDelayMs', 0, 3_600_000, 60_000),
    patientKeySecret: raw.patientKeySecret,
    runId: raw.runId,
  };
}
