/**
 * The one door to dbt: runs the dbt CLI of the project's virtualenv on the dbt/ project as a child
 * process, with an environment built from an allow-list, a timeout, captured logs and a fresh
 * target/log directory per run, then reads the run's artifacts into a typed result.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readRunResults, type DbtNodeResult, type DbtStatusCounts } from './artifacts.js';

/** dbt subcommands the platform runs. */
export type DbtCommand = 'build' | 'run' | 'test' | 'seed' | 'debug' | 'parse';
export const DBT_COMMANDS: readonly DbtCommand[] = ['build', 'run', 'test', 'seed', 'debug', 'parse'];

/** Profile targets of dbt/profiles.yml. */
export type DbtTarget = 'duckdb' | 'clickhouse';

/**
 * DuckDB target: dbt reads the raw tables the platform exported as Parquet and writes the marts into
 * a new DuckDB file (the platform's own file cannot be opened by a second process).
 */
export interface DbtDuckDbConnection {
  target: 'duckdb';
  /** The DuckDB file dbt creates and writes (e.g. `<dataDir>/marts-<timestamp>.duckdb`). */
  databasePath: string;
  /** The directory holding `raw/discharge_records/*.parquet`. */
  rawParquetDir: string;
}

/** ClickHouse target: raw.discharge_records in, staging/marts databases out, over HTTP. */
export interface DbtClickHouseConnection {
  target: 'clickhouse';
  host: string;
  port: number;
  user: string;
  password: string;
  /** The target schema (database) of models without their own; default `marts`. */
  schema?: string;
  secure?: boolean;
}

export type DbtConnection = DbtDuckDbConnection | DbtClickHouseConnection;

export interface DbtRunnerConfig {
  /** Directory of the repository: `.venv/` and `dbt/` live there. */
  rootDir: string;
  /** Where each run gets its own directory (target/, logs/); default `<rootDir>/data/dbt-runs`. */
  runsDir?: string;
  /** The dbt executable; default `<rootDir>/.venv/bin/dbt`. */
  dbtExecutable?: string;
  /** The dbt project; default `<rootDir>/dbt`. */
  projectDir?: string;
  /** Where profiles.yml is; default the project directory. */
  profilesDir?: string;
  /** Default timeout of a run; default 15 minutes. */
  timeoutMs?: number;
  /** Where PATH, HOME and LANG are taken from; default `process.env`. Nothing else of it is passed. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Captured log text kept per run (the tail); default 2 MB. */
  maxLogChars?: number;
}

export interface DbtInvocation {
  command: DbtCommand;
  connection: DbtConnection;
  /** dbt node selection (`--select`), e.g. `['+mart_hospital_month']`. */
  select?: string[];
  exclude?: string[];
  /** Project variables (`--vars`). */
  vars?: Record<string, string | number | boolean>;
  fullRefresh?: boolean;
  threads?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with each line dbt prints (secrets already masked). */
  onLog?: (line: string) => void;
}

export interface DbtRunResult {
  command: DbtCommand;
  target: DbtTarget;
  /** dbt exited 0: every node succeeded or warned. */
  ok: boolean;
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** Why the run could not start or finish, in Chinese, for people; undefined when dbt ran to its end. */
  error?: string;
  invocationId: string | null;
  startedAt: Date;
  /** Wall time of the child process. */
  elapsedMs: number;
  /** dbt's own elapsed time from run_results.json. */
  dbtElapsedSeconds: number | null;
  nodes: DbtNodeResult[];
  counts: DbtStatusCounts;
  /** The run's directory and the artifacts found there. */
  runDir: string;
  artifacts: { runResults: string | null; manifest: string | null; log: string | null };
  /** stdout and stderr of dbt, secrets masked, the last `maxLogChars` characters. */
  logs: string;
}

/** Variables passed through from the caller's environment; everything else comes from the connection. */
export const PASSTHROUGH_ENV_VARS = ['PATH', 'HOME', 'LANG'] as const;

/** The QC_* variables dbt/profiles.yml and dbt/models/staging/_sources.yml read, per target. */
export const DBT_ENV_VARS: Record<DbtTarget, readonly string[]> = {
  duckdb: ['QC_DBT_DUCKDB_PATH', 'QC_RAW_PARQUET_DIR'],
  clickhouse: [
    'QC_CLICKHOUSE_HOST',
    'QC_CLICKHOUSE_PORT',
    'QC_CLICKHOUSE_USER',
    'QC_CLICKHOUSE_PASSWORD',
    'QC_CLICKHOUSE_SCHEMA',
    'QC_CLICKHOUSE_SECURE',
  ],
};

const DEFAULT_TIMEOUT_MS = 15 * 60_000;
const KILL_GRACE_MS = 5_000;
const DEFAULT_MAX_LOG_CHARS = 2_000_000;
// selectors are names, paths, tags and graph operators; nothing that could read as an option
const SELECTOR = /^[A-Za-z0-9_.:+*@,/=-]+$/;

/**
 * The complete environment of a dbt child process: PATH, HOME and LANG from `baseEnv`, and the
 * QC_* variables of the connection's target. No other variable of the caller reaches dbt.
 */
export function buildDbtEnv(connection: DbtConnection, baseEnv: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {
    PATH: baseEnv.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    // dbt and DuckDB put small state files under HOME; a missing one would fail late and obscurely
    HOME: baseEnv.HOME ?? '/tmp',
    // Python reads and prints UTF-8 (Chinese names, messages) only under a UTF-8 locale
    LANG: baseEnv.LANG && /utf-?8/i.test(baseEnv.LANG) ? baseEnv.LANG : 'C.UTF-8',
  };
  if (connection.target === 'duckdb') {
    env.QC_DBT_DUCKDB_PATH = path.resolve(connection.databasePath);
    env.QC_RAW_PARQUET_DIR = path.resolve(connection.rawParquetDir);
  } else {
    env.QC_CLICKHOUSE_HOST = connection.host;
    env.QC_CLICKHOUSE_PORT = String(connection.port);
    env.QC_CLICKHOUSE_USER = connection.user;
    env.QC_CLICKHOUSE_PASSWORD = connection.password;
    env.QC_CLICKHOUSE_SCHEMA = connection.schema ?? 'marts';
    env.QC_CLICKHOUSE_SECURE = connection.secure ? 'true' : 'false';
  }
  return env;
}

/** The dbt command line (after the executable) of an invocation writing into `runDir`. */
export function buildDbtArgs(
  invocation: Pick<DbtInvocation, 'command' | 'connection' | 'select' | 'exclude' | 'vars' | 'fullRefresh' | 'threads'>,
  dirs: { projectDir: string; profilesDir: string; runDir: string },
): string[] {
  const { command } = invocation;
  if (!DBT_COMMANDS.includes(command)) throw new TypeError(`unsupported dbt command: ${String(command)}`);
  const args = [
    command,
    '--project-dir', dirs.projectDir,
    '--profiles-dir', dirs.profilesDir,
    '--target', invocation.connection.target,
    '--log-path', path.join(dirs.runDir, 'logs'),
    '--no-use-colors',
    '--no-send-anonymous-usage-stats',
  ];
  // debug writes no artifacts and takes no --target-path
  if (command !== 'debug') args.push('--target-path', path.join(dirs.runDir, 'target'));
  const selection = (flag: string, values: string[] | undefined) => {
    if (!values?.length) return;
    for (const v of values) if (!SELECTOR.test(v) || v.startsWith('-')) throw new TypeError(`invalid dbt selector: ${JSON.stringify(v)}`);
    args.push(flag, ...values);
  };
  if (command !== 'debug' && command !== 'parse') {
    selection('--select', invocation.select);
    selection('--exclude', invocation.exclude);
    if (invocation.fullRefresh && command !== 'test') args.push('--full-refresh');
    if (invocation.threads !== undefined) {
      if (!Number.isInteger(invocation.threads) || invocation.threads < 1) throw new TypeError(`invalid thread count: ${invocation.threads}`);
      args.push('--threads', String(invocation.threads));
    }
  }
  if (invocation.vars && Object.keys(invocation.vars).length > 0) args.push('--vars', JSON.stringify(invocation.vars));
  return args;
}

/** Replaces every occurrence of the given secrets in text. */
function maskSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 3) out = out.split(s).join('***');
  return out;
}

/** A timestamped, collision-free directory name for one run. */
function runDirName(command: DbtCommand, target: DbtTarget): string {
  const stamp = new Date().toISOString().replace(/[-:.]/g, ''); // YYYYMMDDTHHMMSSmmmZ, sorts by time
  return `${stamp}-${command}-${target}-${randomUUID().slice(0, 8)}`;
}

/** Runs dbt on the project; one instance serves any number of concurrent runs. */
export class DbtRunner {
  readonly rootDir: string;
  readonly runsDir: string;
  readonly dbtExecutable: string;
  readonly projectDir: string;
  readonly profilesDir: string;
  private readonly timeoutMs: number;
  private readonly baseEnv: NodeJS.ProcessEnv;
  private readonly maxLogChars: number;

  constructor(config: DbtRunnerConfig) {
    this.rootDir = path.resolve(config.rootDir);
    this.runsDir = path.resolve(config.runsDir ?? path.join(this.rootDir, 'data', 'dbt-runs'));
    this.dbtExecutable = path.resolve(config.dbtExecutable ?? path.join(this.rootDir, '.venv', 'bin', 'dbt'));
    this.projectDir = path.resolve(config.projectDir ?? path.join(this.rootDir, 'dbt'));
    this.profilesDir = path.resolve(config.profilesDir ?? this.projectDir);
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.baseEnv = config.baseEnv ?? process.env;
    this.maxLogChars = config.maxLogChars ?? DEFAULT_MAX_LOG_CHARS;
  }

  /** Answers whether the dbt executable is there (the virtualenv was made). */
  isAvailable(): boolean {
    try {
      fs.accessSync(this.dbtExecutable, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Deletes all but the newest `keep` run directories (their artifacts and logs). Run directories of
   * runs still going are newer than any finished one, so keep ≥ the number of concurrent runs.
   */
  pruneRuns(keep = 20): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.runsDir).filter((n) => /^\d{8}T\d{9}Z-/.test(n));
    } catch {
      return [];
    }
    const removed = names.sort().slice(0, Math.max(0, names.length - keep));
    for (const n of removed) fs.rmSync(path.join(this.runsDir, n), { recursive: true, force: true });
    return removed.map((n) => path.join(this.runsDir, n));
  }

  /** Runs one dbt command and resolves when it has ended (never rejects for a failed dbt run). */
  async run(invocation: DbtInvocation): Promise<DbtRunResult> {
    const target = invocation.connection.target;
    const runDir = path.join(this.runsDir, runDirName(invocation.command, target));
    const args = buildDbtArgs(invocation, { projectDir: this.projectDir, profilesDir: this.profilesDir, runDir });
    const env = buildDbtEnv(invocation.connection, this.baseEnv);
    const secrets = invocation.connection.target === 'clickhouse' ? [invocation.connection.password] : [];

    const startedAt = new Date();
    const base = {
      command: invocation.command,
      target,
      startedAt,
      runDir,
      invocationId: null,
      dbtElapsedSeconds: null,
      nodes: [],
      counts: { pass: 0, warn: 0, error: 0, skip: 0, noOp: 0, total: 0 },
    };
    if (!this.isAvailable()) {
      return {
        ...base,
        ok: false,
        exitCode: null,
        timedOut: false,
        cancelled: false,
        error: `未找到 dbt（${this.dbtExecutable}）：请运行 node scripts/setup-python.mjs 创建 Python 虚拟环境。`,
        elapsedMs: 0,
        artifacts: { runResults: null, manifest: null, log: null },
        logs: '',
      };
    }
    fs.mkdirSync(path.join(runDir, 'logs'), { recursive: true });
    if (target === 'duckdb') fs.mkdirSync(path.dirname(env.QC_DBT_DUCKDB_PATH!), { recursive: true });

    const outcome = await this.spawnDbt(args, env, secrets, invocation);
    const elapsedMs = Date.now() - startedAt.getTime();
    const runResultsPath = path.join(runDir, 'target', 'run_results.json');
    const manifestPath = path.join(runDir, 'target', 'manifest.json');
    const logPath = path.join(runDir, 'logs', 'dbt.log');
    const exists = (p: string) => (fs.existsSync(p) ? p : null);
    const runResults = fs.existsSync(runResultsPath) ? readRunResults(runResultsPath) : null;

    let error = outcome.spawnError;
    if (outcome.timedOut) error = `dbt ${invocation.command} 超时（${Math.round(outcome.timeoutMs / 1000)} 秒）已被终止。`;
    else if (outcome.cancelled) error = `dbt ${invocation.command} 已取消。`;
    else if (!error && outcome.exitCode === 2) error = `dbt ${invocation.command} 未能运行（退出码 2），详见日志。`;

    return {
      ...base,
      ok: outcome.exitCode === 0 && !outcome.timedOut && !outcome.cancelled,
      exitCode: outcome.exitCode,
      timedOut: outcome.timedOut,
      cancelled: outcome.cancelled,
      ...(error ? { error } : {}),
      invocationId: runResults?.invocationId ?? null,
      elapsedMs,
      dbtElapsedSeconds: runResults?.elapsedSeconds ?? null,
      nodes: runResults?.nodes ?? [],
      counts: runResults?.counts ?? base.counts,
      artifacts: { runResults: exists(runResultsPath), manifest: exists(manifestPath), log: exists(logPath) },
      logs: outcome.logs,
    };
  }

  private spawnDbt(
    args: string[],
    env: Record<string, string>,
    secrets: string[],
    invocation: DbtInvocation,
  ): Promise<{ exitCode: number | null; timedOut: boolean; cancelled: boolean; timeoutMs: number; logs: string; spawnError?: string }> {
    const timeoutMs = invocation.timeoutMs ?? this.timeoutMs;
    return new Promise((resolve) => {
      let logs = '';
      let pending = '';
      let timedOut = false;
      let cancelled = false;
      let settled = false;
      let spawnError: string | undefined;
      const child = spawn(this.dbtExecutable, args, { cwd: this.rootDir, env, stdio: ['ignore', 'pipe', 'pipe'] });

      const take = (chunk: Buffer) => {
        const text = maskSecrets(chunk.toString('utf8'), secrets);
        logs += text;
        if (logs.length > this.maxLogChars * 1.5) logs = logs.slice(-this.maxLogChars);
        if (invocation.onLog) {
          pending += text;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) invocation.onLog(line.replace(/\r$/, ''));
        }
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);

      let killTimer: NodeJS.Timeout | undefined;
      const stop = () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
        killTimer.unref();
      };
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, timeoutMs);
      const onAbort = () => {
        cancelled = true;
        stop();
      };
      if (invocation.signal?.aborted) onAbort();
      else invocation.signal?.addEventListener('abort', onAbort, { once: true });

      const finish = (exitCode: number | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        invocation.signal?.removeEventListener('abort', onAbort);
        if (pending && invocation.onLog) invocation.onLog(pending);
        resolve({ exitCode, timedOut, cancelled, timeoutMs, logs: logs.slice(-this.maxLogChars), ...(spawnError ? { spawnError } : {}) });
      };
      child.once('error', (err) => {
        spawnError = `无法启动 dbt（${this.dbtExecutable}）：${err.message}`;
        finish(null);
      });
      child.once('close', (code) => finish(code));
    });
  }
}
