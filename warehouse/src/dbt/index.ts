/** The one door to dbt: run the CLI (runner) and read what it wrote (artifacts). */
export {
  DbtRunner,
  buildDbtArgs,
  buildDbtEnv,
  DBT_COMMANDS,
  DBT_ENV_VARS,
  PASSTHROUGH_ENV_VARS,
  type DbtClickHouseConnection,
  type DbtCommand,
  type DbtConnection,
  type DbtDuckDbConnection,
  type DbtInvocation,
  type DbtRunResult,
  type DbtRunnerConfig,
  type DbtTarget,
} from './runner.js';
export {
  countStatuses,
  parseManifest,
  parseRunResults,
  readDbtManifest,
  readRunResults,
  type DbtColumnInfo,
  type DbtManifestSummary,
  type DbtNodeResult,
  type DbtNodeStatus,
  type DbtRelationInfo,
  type DbtResourceType,
  type DbtRunResults,
  type DbtStatusCounts,
  type DbtTestInfo,
} from './artifacts.js';
export { refreshMarts, clickhouseConnectionFromUrl, type RefreshOptions } from './refresh.js';
