/**
 * Readers of dbt's artifacts (run_results.json, manifest.json): what the rest of the platform knows
 * about dbt comes from these, never from dbt's Python API or its log text.
 */
import fs from 'node:fs';

/** A node's status in run_results.json (models/seeds: success, error, skipped; tests: pass, fail, warn, error). */
export type DbtNodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn' | 'runtime error' | 'no-op' | 'partial success';

export type DbtResourceType = 'model' | 'test' | 'seed' | 'snapshot' | 'source' | 'unit_test' | 'operation' | 'analysis' | 'other';

export interface DbtNodeResult {
  uniqueId: string;
  resourceType: DbtResourceType;
  /** The node's name: `stg_his__discharge_records`, `unique_fct_discharge_record_key`. */
  name: string;
  status: DbtNodeStatus;
  /** dbt's message (e.g. `OK`, `Got 3 results, configured to fail if != 0`, or the database error). */
  message: string | null;
  /** Rows a test found (failing rows); null for other nodes. */
  failures: number | null;
  executionSeconds: number;
  /** The relation a model or seed was built as (e.g. `"marts-…"."marts"."fct_discharge"`). */
  relationName: string | null;
  /** Rows affected, where the adapter says. */
  rowsAffected: number | null;
}

/** dbt's own tally, as in its closing line `PASS=… WARN=… ERROR=… SKIP=… NO-OP=… TOTAL=…`. */
export interface DbtStatusCounts {
  /** success + pass */
  pass: number;
  warn: number;
  /** error + fail + runtime error */
  error: number;
  skip: number;
  noOp: number;
  total: number;
}

export interface DbtRunResults {
  invocationId: string | null;
  dbtVersion: string | null;
  generatedAt: string | null;
  elapsedSeconds: number | null;
  nodes: DbtNodeResult[];
  counts: DbtStatusCounts;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const RESOURCE_TYPES: readonly DbtResourceType[] = ['model', 'test', 'seed', 'snapshot', 'source', 'unit_test', 'operation', 'analysis'];

function resourceTypeOf(uniqueId: string): DbtResourceType {
  const head = uniqueId.split('.')[0] as DbtResourceType;
  return RESOURCE_TYPES.includes(head) ? head : 'other';
}

/** Tallies node statuses the way dbt's closing line does. */
export function countStatuses(nodes: readonly Pick<DbtNodeResult, 'status'>[]): DbtStatusCounts {
  const counts: DbtStatusCounts = { pass: 0, warn: 0, error: 0, skip: 0, noOp: 0, total: nodes.length };
  for (const { status } of nodes) {
    if (status === 'success' || status === 'pass' || status === 'partial success') counts.pass++;
    else if (status === 'warn') counts.warn++;
    else if (status === 'skipped') counts.skip++;
    else if (status === 'no-op') counts.noOp++;
    else counts.error++;
  }
  return counts;
}

/** Parses the content of run_results.json. */
export function parseRunResults(json: unknown): DbtRunResults {
  if (!isObject(json) || !Array.isArray(json.results)) throw new TypeError('run_results.json: no results array');
  const metadata = isObject(json.metadata) ? json.metadata : {};
  const nodes: DbtNodeResult[] = json.results.filter(isObject).map((r) => {
    const uniqueId = str(r.unique_id) ?? '';
    const adapterResponse = isObject(r.adapter_response) ? r.adapter_response : {};
    return {
      uniqueId,
      resourceType: resourceTypeOf(uniqueId),
      name: uniqueId.split('.').slice(2).join('.') || uniqueId,
      status: (str(r.status) ?? 'error') as DbtNodeStatus,
      message: str(r.message),
      failures: num(r.failures),
      executionSeconds: num(r.execution_time) ?? 0,
      relationName: str(r.relation_name),
      rowsAffected: num(adapterResponse.rows_affected),
    };
  });
  return {
    invocationId: str(metadata.invocation_id),
    dbtVersion: str(metadata.dbt_version),
    generatedAt: str(metadata.generated_at),
    elapsedSeconds: num(json.elapsed_time),
    nodes,
    counts: countStatuses(nodes),
  };
}

/** Reads and parses a run_results.json file. */
export function readRunResults(file: string): DbtRunResults {
  return parseRunResults(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export interface DbtColumnInfo {
  name: string;
  description: string;
}

/** A model or seed as the manifest describes it: where it lives and what it means. */
export interface DbtRelationInfo {
  uniqueId: string;
  resourceType: 'model' | 'seed';
  name: string;
  database: string | null;
  schema: string;
  alias: string;
  /** The quoted relation name dbt uses in SQL. */
  relationName: string | null;
  materialized: string | null;
  description: string;
  columns: DbtColumnInfo[];
  /** unique ids of the nodes and sources it reads. */
  dependsOn: string[];
  /** The file under the project, e.g. `models/marts/mart_hospital_month.sql`. */
  path: string;
}

export interface DbtTestInfo {
  uniqueId: string;
  name: string;
  /** The model the test is attached to, when there is one. */
  attachedNode: string | null;
  columnName: string | null;
  severity: string | null;
}

export interface DbtManifestSummary {
  dbtVersion: string | null;
  projectName: string | null;
  adapterType: string | null;
  generatedAt: string | null;
  models: DbtRelationInfo[];
  seeds: DbtRelationInfo[];
  tests: DbtTestInfo[];
  sources: { uniqueId: string; name: string; schema: string; identifier: string; description: string }[];
}

function columnsOf(node: Json): DbtColumnInfo[] {
  const cols = isObject(node.columns) ? node.columns : {};
  return Object.values(cols)
    .filter(isObject)
    .map((c) => ({ name: str(c.name) ?? '', description: str(c.description) ?? '' }));
}

/** Parses the content of manifest.json into what the platform uses of it. */
export function parseManifest(json: unknown): DbtManifestSummary {
  if (!isObject(json) || !isObject(json.nodes)) throw new TypeError('manifest.json: no nodes');
  const metadata = isObject(json.metadata) ? json.metadata : {};
  const relations: DbtRelationInfo[] = [];
  const tests: DbtTestInfo[] = [];
  for (const node of Object.values(json.nodes).filter(isObject)) {
    const type = str(node.resource_type);
    const config = isObject(node.config) ? node.config : {};
    const dependsOn = isObject(node.depends_on) && Array.isArray(node.depends_on.nodes) ? node.depends_on.nodes.filter((n): n is string => typeof n === 'string') : [];
    if (type === 'model' || type === 'seed') {
      relations.push({
        uniqueId: str(node.unique_id) ?? '',
        resourceType: type,
        name: str(node.name) ?? '',
        database: str(node.database),
        schema: str(node.schema) ?? '',
        alias: str(node.alias) ?? str(node.name) ?? '',
        relationName: str(node.relation_name),
        materialized: str(config.materialized),
        description: str(node.description) ?? '',
        columns: columnsOf(node),
        dependsOn,
        path: str(node.original_file_path) ?? '',
      });
    } else if (type === 'test') {
      tests.push({
        uniqueId: str(node.unique_id) ?? '',
        name: str(node.name) ?? '',
        attachedNode: str(node.attached_node),
        columnName: str(node.column_name),
        severity: str(config.severity),
      });
    }
  }
  const sources = isObject(json.sources)
    ? Object.values(json.sources)
        .filter(isObject)
        .map((s) => ({
          uniqueId: str(s.unique_id) ?? '',
          name: `${str(s.source_name) ?? ''}.${str(s.name) ?? ''}`,
          schema: str(s.schema) ?? '',
          identifier: str(s.identifier) ?? '',
          description: str(s.description) ?? '',
        }))
    : [];
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    dbtVersion: str(metadata.dbt_version),
    projectName: str(metadata.project_name),
    adapterType: str(metadata.adapter_type),
    generatedAt: str(metadata.generated_at),
    models: relations.filter((r) => r.resourceType === 'model').sort(byName),
    seeds: relations.filter((r) => r.resourceType === 'seed').sort(byName),
    tests: tests.sort(byName),
    sources: sources.sort(byName),
  };
}

/** Reads and parses a manifest.json file. */
export function readDbtManifest(file: string): DbtManifestSummary {
  return parseManifest(JSON.parse(fs.readFileSync(file, 'utf8')));
}
