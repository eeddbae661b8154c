/** Configuration of the HIS mid-table source: its JSON schema (for `spec`) and its validation. */
import { FILE_COLUMNS } from '../../core/discharge-record.js';

export type HisDialect = 'postgres' | 'mysql';

/** What a hospital's HIS connection is configured with. */
export interface HisDbConfig {
  dialect: HisDialect;
  /** postgres://… or mysql://… */
  url: string;
  /** View or mid-table (中间表), optionally schema-qualified: `his.v_discharge`. */
  table: string;
  /** Format key → column name, for columns not named as the format's English keys. */
  columnMap?: Record<string, string>;
  /** Update-time column the incremental read follows; default `updated_at`. */
  cursorColumn?: string;
  /** Columns that make a row unique after the cursor; default the columns of 病案号 and 住院次数 (and 医疗机构代码 when the table has it). */
  keyColumns?: string[];
  /** The hospital (医疗机构代码): filled in when the table has no such column, enforced when it has. */
  orgCode: string;
  /** Rows per query; default 500. */
  pageSize?: number;
  /** Key of the HMAC that turns 身份证号 / 病案号 into patient_key. */
  patientKeySecret: string;
  /** Names this load in the warehouse (`_run_id`); a fresh UUID when absent. */
  runId?: string;
}

/** A config that passed validation, with defaults filled in. */
export interface ResolvedHisDbConfig extends Required<Omit<HisDbConfig, 'runId' | 'columnMap' | 'keyColumns'>> {
  columnMap: Record<string, string>;
  keyColumns?: string[];
  runId?: string;
  schema?: string;
  tableName: string;
}

export const DEFAULT_PAGE_SIZE = 500;
const MAX_PAGE_SIZE = 10_000;

// Letters (including Chinese), digits, _ and $; the first not a digit. Quoting is still applied on top.
const IDENT = /^[\p{L}_][\p{L}\p{N}_$]{0,62}$/u;
const FORMAT_KEYS = new Set(FILE_COLUMNS.map((c) => c.key));

/** A configuration value that cannot work; the message says, in Chinese, which key and what to fix. */
export class HisDbConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HisDbConfigError';
  }
}

export const HIS_DB_SPEC: Record<string, unknown> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'HIS 数据库接口（视图 / 中间表）',
  type: 'object',
  required: ['dialect', 'url', 'table', 'orgCode', 'patientKeySecret'],
  additionalProperties: false,
  properties: {
    dialect: { type: 'string', enum: ['postgres', 'mysql'], description: '数据库类型：postgres（PostgreSQL）或 mysql（MySQL / MariaDB）' },
    url: {
      type: 'string',
      description: '连接串，如 postgres://用户:密码@主机:5432/库 或 mysql://用户:密码@主机:3306/库；建议使用只读账号',
      airbyte_secret: true,
    },
    table: { type: 'string', description: '病案首页视图或中间表名，可带模式名，如 his.v_discharge', pattern: '^[^.\\s]+(\\.[^.\\s]+)?$' },
    columnMap: {
      type: 'object',
      description: '字段对照：交换格式的英文键 → 表中的列名；未列出的键按同名列读取',
      additionalProperties: { type: 'string' },
    },
    cursorColumn: { type: 'string', default: 'updated_at', description: '更新时间列，增量读取以它为游标' },
    keyColumns: {
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
      description: '在同一更新时间内区分各行的列（主键）；默认病案号、住院次数所在列（表中有医疗机构代码列时一并使用）',
    },
    orgCode: { type: 'string', minLength: 1, description: '本医院的医疗机构代码；表中无此列时自动填入，有此列时必须一致' },
    pageSize: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: '每次查询读取的行数' },
    patientKeySecret: { type: 'string', minLength: 16, description: '生成患者关联键（patient_key）的密钥，姓名、身份证号不入库', airbyte_secret: true },
    runId: { type: 'string', description: '本次加载的批次号；不填则自动生成' },
  },
};

function ident(value: unknown, key: string): string {
  if (typeof value !== 'string' || !IDENT.test(value)) {
    throw new HisDbConfigError(`配置项 ${key} 不是有效的标识符：“${String(value)}”（只允许字母、汉字、数字、下划线，不以数字开头）`);
  }
  return value;
}

/** Validates a config and fills in defaults; throws HisDbConfigError naming the key at fault. */
export function resolveHisDbConfig(raw: HisDbConfig): ResolvedHisDbConfig {
  if (raw === null || typeof raw !== 'object') throw new HisDbConfigError('缺少配置');
  if (raw.dialect !== 'postgres' && raw.dialect !== 'mysql') {
    throw new HisDbConfigError(`配置项 dialect 应为 postgres 或 mysql，实为“${String(raw.dialect)}”`);
  }
  if (typeof raw.url !== 'string' || raw.url === '') throw new HisDbConfigError('配置项 url（连接串）不能为空');
  const scheme = raw.url.split(':', 1)[0]!.toLowerCase();
  const wanted = raw.dialect === 'postgres' ? ['postgres', 'postgresql'] : ['mysql', 'mariadb'];
  if (!wanted.includes(scheme)) throw new HisDbConfigError(`配置项 url 应以 ${wanted[0]}:// 开头（dialect 为 ${raw.dialect}）`);
  if (typeof raw.table !== 'string') throw new HisDbConfigError('配置项 table（表名）不能为空');
  const parts = raw.table.split('.');
  if (parts.length > 2) throw new HisDbConfigError(`配置项 table 最多为“模式.表名”两段：“${raw.table}”`);
  const tableName = ident(parts[parts.length - 1], 'table');
  const schema = parts.length === 2 ? ident(parts[0], 'table') : undefined;
  const columnMap: Record<string, string> = {};
  for (const [key, column] of Object.entries(raw.columnMap ?? {})) {
    if (!FORMAT_KEYS.has(key)) throw new HisDbConfigError(`配置项 columnMap 中的“${key}”不是交换格式的字段键`);
    columnMap[key] = ident(column, `columnMap.${key}`);
  }
  const cursorColumn = ident(raw.cursorColumn ?? 'updated_at', 'cursorColumn');
  let keyColumns: string[] | undefined;
  if (raw.keyColumns !== undefined) {
    if (!Array.isArray(raw.keyColumns) || raw.keyColumns.length === 0) throw new HisDbConfigError('配置项 keyColumns 应为非空的列名数组');
    keyColumns = raw.keyColumns.map((c, i) => ident(c, `keyColumns[${i}]`));
  }
  if (typeof raw.orgCode !== 'string' || raw.orgCode.trim() === '') throw new HisDbConfigError('配置项 orgCode（医疗机构代码）不能为空');
  const pageSize = raw.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new HisDbConfigError(`配置项 pageSize 应为 1–${MAX_PAGE_SIZE} 的整数，实为“${String(pageSize)}”`);
  }
  if (typeof raw.patientKeySecret !== 'string' || raw.patientKeySecret.length < 16) {
    throw new HisDbConfigError('配置项 patientKeySecret（患者关联键密钥）至少 16 个字符');
  }
  return {
    dialect: raw.dialect,
    url: raw.url,
    table: raw.table,
    schema,
    tableName,
    columnMap,
    cursorColumn,
    keyColumns,
    orgCode: raw.orgCode.trim(),
    pageSize,
    patientKeySecret: raw.patientKeySecret,
    runId: raw.runId,
  };
}
