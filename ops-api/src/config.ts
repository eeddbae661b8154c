import fs from 'node:fs';
import path from 'node:path';
import Joi from 'joi';

/** The platform's one typed configuration, built once at boot. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  clickhouseUrl: string | undefined;
  adminPassword: string | undefined;
  demo: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logToFile: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  cookieSecure: boolean;
  uiDir: string | undefined;
  /** `id:base64key,…` (32-byte keys); the first encrypts, all decrypt. Unset: a key file under dataDir. */
  dataKeys: string | undefined;
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  /** Requests per minute a signed-in user may make. */
  rateLimitPerMinute: number;
  /** Login attempts per minute from one address. */
  loginRateLimitPerMinute: number;
  /** Secret of the keyed hash linking a patient's stays (never changes). Unset: a key file under dataDir. */
  patientKeySecret: string | undefined;
  /** Run dbt after loads (off in tests that do not need marts). */
  transforms: boolean;
  /** Synthetic discharge records in the demo data set (a year of all hospitals); 0 for none. */
  demoDischarges: number;
}

/** Each key, the environment variable that sets it, and how to read the variable. */
const ENV_KEYS: Record<keyof AppConfig, string> = {
  port: 'PORT',
  host: 'QC_HOST',
  dataDir: 'QC_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  clickhouseUrl: 'CLICKHOUSE_URL',
  adminPassword: 'QC_ADMIN_PASSWORD',
  demo: 'QC_DEMO',
  logLevel: 'QC_LOG_LEVEL',
  logToFile: 'QC_LOG_TO_FILE',
  sessionIdleMinutes: 'QC_SESSION_IDLE_MINUTES',
  sessionAbsoluteHours: 'QC_SESSION_ABSOLUTE_HOURS',
  cookieSecure: 'QC_COOKIE_SECURE',
  uiDir: 'QC_UI_DIR',
  dataKeys: 'QC_DATA_KEYS',
  tlsCert: 'QC_TLS_CERT',
  tlsKey: 'QC_TLS_KEY',
  rateLimitPerMinute: 'QC_RATE_LIMIT_PER_MINUTE',
  loginRateLimitPerMinute: 'QC_LOGIN_RATE_LIMIT_PER_MINUTE',
  patientKeySecret: 'QC_PATIENT_KEY_SECRET',
  transforms: 'QC_TRANSFORMS',
  demoDischarges: 'QC_DEMO_DISCHARGES',
};

const schema = Joi.object<AppConfig>({
  port: Joi.number().integer().min(0).max(65535).default(3000),
  host: Joi.string().default('0.0.0.0'),
  dataDir: Joi.string().default('./data'),
  databaseUrl: Joi.string().uri({ scheme: ['postgres', 'postgresql'] }),
  clickhouseUrl: Joi.string().uri({ scheme: ['http', 'https'] }),
  adminPassword: Joi.string().min(8).max(128),
  demo: Joi.boolean().truthy('1', 'yes', 'on').falsy('0', 'no', 'off').default(true),
  logLevel: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
  logToFile: Joi.boolean().truthy('1').falsy('0').default(true),
  sessionIdleMinutes: Joi.number().integer().min(1).max(30).default(30),
  sessionAbsoluteHours: Joi.number().integer().min(1).max(12).default(12),
  cookieSecure: Joi.boolean().truthy('1').falsy('0').default(false),
  uiDir: Joi.string(),
  dataKeys: Joi.string().pattern(/^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=)*$/),
  tlsCert: Joi.string(),
  tlsKey: Joi.string(),
  rateLimitPerMinute: Joi.number().integer().min(10).max(10_000_000).default(600),
  loginRateLimitPerMinute: Joi.number().integer().min(1).max(10000).default(30),
  patientKeySecret: Joi.string().min(32),
  transforms: Joi.boolean().truthy('1').falsy('0').default(true),
  demoDischarges: Joi.number().integer().min(0).max(5_000_000).default(24_000),
})
  .and('tlsCert', 'tlsKey')
  .unknown(false);

/** A configuration value that stops the boot; `key` names the offending setting. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** A config file (JSON); defaults to `QC_CONFIG` or `./qc.config.json` when present. */
  file?: string;
  /** Values that win over both (tests build their own config this way). */
  overrides?: Partial<AppConfig>;
}

/**
 * Builds the config from the config file plus the environment (the environment wins) and validates it.
 * Throws ConfigError naming the key of the first bad value.
 */
export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const env = options.env ?? process.env;
  const filePath = options.file ?? env.QC_CONFIG ?? (fs.existsSync('qc.config.json') ? 'qc.config.json' : undefined);
  let fromFile: Record<string, unknown> = {};
  if (filePath) {
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch {
      throw new ConfigError('QC_CONFIG', `配置文件 ${filePath} 无法读取，请检查路径`);
    }
    try {
      fromFile = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new ConfigError('QC_CONFIG', `配置文件 ${filePath} 不是合法的 JSON`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const merged = { ...fromFile, ...fromEnv, ...options.overrides };
  const { value, error } = schema.validate(merged, { abortEarly: true, convert: true });
  if (error) {
    const key = String(error.details[0]?.path[0] ?? error.details[0]?.context?.missing?.[0] ?? '');
    const envName = ENV_KEYS[key as keyof AppConfig];
    const label = envName ? `${envName}（配置项 ${key}）` : `配置项 ${key}`;
    const reason = error.details[0]?.type === 'object.unknown' ? '不是已知的配置项' : `取值无效：${error.details[0]?.message}`;
    throw new ConfigError(envName ?? key, `${label}${reason}`);
  }
  return { ...value, dataDir: path.resolve(value.dataDir) };
}
