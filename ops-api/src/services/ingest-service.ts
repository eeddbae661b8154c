import crypto from 'node:crypto';
import { NotFoundError, ValidationError } from '../errors.js';
import { applyOrgScopeKnex, inScope } from '../policies/scope.js';
import type { DataCipher } from '../security/crypto.js';
import type { Actor, Db } from './context.js';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';
export type RunTrigger = 'upload' | 'cli' | 'schedule' | 'manual';
export type ConnectionKind = 'file_drop' | 'his_db' | 'bigdata_api' | 'ops_db';

/** Config keys whose values are secrets: stored encrypted, shown as ******. */
const SECRET_KEYS = ['password', 'clientSecret', 'token', 'url'];
const MASK = '******';

interface RunRow {
  id: string;
  status: RunStatus;
  kind: string;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  org_code: string | null;
  org_name: string | null;
  connection_id: number | null;
  connection_name: string | null;
  trigger: RunTrigger;
  file_name: string | null;
  created_by_name: string | null;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** Every field of a run a client sees (the contract's shape plus context). */
export function presentRun(r: RunRow, rejects?: { row: number; field: string; message: string }[]) {
  const started = r.started_at ? new Date(r.started_at).getTime() : null;
  const finished = r.finished_at ? new Date(r.finished_at).getTime() : null;
  return {
    runId: r.id,
    status: r.status,
    kind: r.kind,
    rowsRead: Number(r.rows_read),
    rowsLoaded: Number(r.rows_loaded),
    rowsRejected: Number(r.rows_rejected),
    ...(rejects ? { rejects } : {}),
    org: r.org_code ? { code: r.org_code, name: r.org_name } : null,
    connection: r.connection_id ? { id: Number(r.connection_id), name: r.connection_name } : null,
    trigger: r.trigger,
    fileName: r.file_name,
    createdBy: r.created_by_name,
    queuedAt: iso(r.queued_at),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    durationMs: started !== null && finished !== null ? finished - started : null,
    error: r.error,
  };
}

export type RunView = ReturnType<typeof presentRun>;

function runsQuery(db: Db) {
  return db('ingest_runs as r')
    .leftJoin('organizations as o', 'o.id', 'r.org_id')
    .leftJoin('ingest_connections as c', 'c.id', 'r.connection_id')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select('r.*', 'o.code as org_code', 'o.name as org_name', 'c.name as connection_name', 'u.display_name as created_by_name');
}

/** The organization an upload is for: in the actor's scope; a hospital, a center or the commission. */
export async function uploadTarget(db: Db, actor: Actor | null, orgCode: string): Promise<{ id: number; code: string }> {
  const org = (await db('organizations').where('code', orgCode).first()) as { id: number; code: string; kind: string } | undefined;
  if (!org || (actor && !inScope(actor.scope, Number(org.id)))) {
    throw new ValidationError(`机构 ${orgCode} 不存在或不在您的数据范围内`, [{ field: 'org', message: '机构 不存在或无权上传' }]);
  }
  // a hospital's file holds its own rows only; the commission's (or a center's) may hold any hospital's
  if (org.kind === 'department') throw new ValidationError('请选择医院而不是科室上传病案首页', [{ field: 'org', message: '机构 不能是科室' }]);
  return { id: Number(org.id), code: org.code };
}

/** Queues a run for a file (an upload or the command line); the worker picks it up. */
export async function queueFileRun(
  db: Db,
  input: { orgId: number; trigger: RunTrigger; fileName: string; filePath: string; sha256: string; createdBy: number | null },
): Promise<string> {
  const id = crypto.randomUUID();
  await db('ingest_runs').insert({
    id,
    org_id: input.orgId,
    kind: 'discharge_records',
    trigger: input.trigger,
    status: 'queued',
    file_name: input.fileName,
    file_path: input.filePath,
    file_sha256: input.sha256,
    created_by: input.createdBy,
  });
  return id;
}

/** One run with its first 1000 rejects; NotFound outside the actor's scope. */
export async function getRun(db: Db, actor: Actor | null, id: string) {
  const q = runsQuery(db).where('r.id', id);
  if (actor) applyOrgScopeKnex(q, actor.scope, 'r.org_id');
  const row = (await q.first()) as RunRow | undefined;
  if (!row) throw new NotFoundError('运行记录');
  const rejects = (await db('ingest_rejects').where('run_id', id).orderBy('row').limit(1000).select('row', 'field', 'message')) as {
    row: number;
    field: string;
    message: string;
  }[];
  return presentRun(row, rejects);
}

export interface RunListQuery {
  org?: string;
  status?: RunStatus;
  connectionId?: number;
  page: number;
  pageSize: number;
}

export async function listRuns(db: Db, actor: Actor, query: RunListQuery) {
  const q = applyOrgScopeKnex(runsQuery(db), actor.scope, 'r.org_id');
  if (query.org) q.where('o.code', query.org);
  if (query.status) q.where('r.status', query.status);
  if (query.connectionId) q.where('r.connection_id', query.connectionId);
  const { n } = (await q.clone().clearSelect().count({ n: '*' }).first()) as { n: string | number };
  const rows = (await q.orderBy('r.queued_at', 'desc').offset((query.page - 1) * query.pageSize).limit(query.pageSize)) as RunRow[];
  return { items: rows.map((r) => presentRun(r)), total: Number(n), page: query.page, pageSize: query.pageSize };
}

/** All rejects of a run as an Excel workbook. */
export async function rejectsWorkbook(db: Db, actor: Actor, id: string): Promise<Buffer> {
  const run = await getRun(db, actor, id);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('拒收明细');
  ws.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '字段', key: 'field', width: 24 },
    { header: '原因', key: 'message', width: 60 },
  ];
  const rows = (await db('ingest_rejects').where('run_id', id).orderBy('row').select('row', 'field', 'message')) as Record<string, unknown>[];
  ws.addRows(rows);
  ws.getRow(1).font = { bold: true };
  const info = wb.addWorksheet('运行信息');
  info.addRows([
    ['运行编号', run.runId],
    ['文件', run.fileName ?? ''],
    ['机构', run.org?.name ?? ''],
    ['读取', run.rowsRead],
    ['入库', run.rowsLoaded],
    ['拒收', run.rowsRejected],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- connections ----

interface ConnectionRow {
  id: number;
  name: string;
  kind: ConnectionKind;
  org_id: number | null;
  org_code: string | null;
  org_name: string | null;
  config: Record<string, unknown>;
  schedule: string | null;
  enabled: boolean;
}

/** Secrets encrypted for storage. */
export function sealConfig(config: Record<string, unknown>, cipher: DataCipher, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (SECRET_KEYS.includes(k)) out[k] = v === MASK ? previous[k] : typeof v === 'string' && v ? cipher.encrypt(v) : null;
    else out[k] = v;
  }
  return out;
}

/** Secrets decrypted for the connector (never for a client). */
export function openConfig(config: Record<string, unknown>, cipher: DataCipher): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[k] = SECRET_KEYS.includes(k) && typeof v === 'string' ? cipher.decrypt(v) : v;
  return out;
}

function presentConnection(c: ConnectionRow, lastRun: RunView | null, nextRunAt: string | null) {
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.config ?? {})) config[k] = SECRET_KEYS.includes(k) && v ? MASK : v;
  return {
    id: Number(c.id),
    name: c.name,
    kind: c.kind,
    org: c.org_code ? { code: c.org_code, name: c.org_name } : null,
    config,
    schedule: c.schedule,
    enabled: c.enabled,
    lastRun,
    nextRunAt,
  };
}

function connectionsQuery(db: Db) {
  return db('ingest_connections as c')
    .leftJoin('organizations as o', 'o.id', 'c.org_id')
    .select('c.*', 'o.code as org_code', 'o.name as org_name');
}

export async function listConnections(db: Db, actor: Actor, nextRun: (schedule: string | null) => string | null) {
  const rows = (await applyOrgScopeKnex(connectionsQuery(db), actor.scope, 'c.org_id').orderBy('c.id')) as ConnectionRow[];
  const out = [];
  for (const c of rows) {
    const last = (await runsQuery(db).where('r.connection_id', c.id).orderBy('r.queued_at', 'desc').first()) as RunRow | undefined;
    out.push(presentConnection(c, last ? presentRun(last) : null, c.enabled ? nextRun(c.schedule) : null));
  }
  return out;
}

export async function getConnection(db: Db, actor: Actor | null, id: number) {
  const q = connectionsQuery(db).where('c.id', id);
  if (actor) applyOrgScopeKnex(q, actor.scope, 'c.org_id');
  const row = (await q.first()) as ConnectionRow | undefined;
  if (!row) throw new NotFoundError('数据连接');
  return row;
}

export interface ConnectionInput {
  name?: string;
  kind?: ConnectionKind;
  orgCode?: string | null;
  config?: Record<string, unknown>;
  schedule?: string | null;
  enabled?: boolean;
}

async function orgIdFor(db: Db, actor: Actor, code: string | null | undefined): Promise<number | null> {
  if (!code) return null;
  const org = (await db('organizations').where('code', code).first()) as { id: number } | undefined;
  if (!org || !inScope(actor.scope, Number(org.id))) {
    throw new ValidationError(`机构 ${code} 不存在或不在您的数据范围内`, [{ field: 'orgCode', message: '机构 不存在或无权访问' }]);
  }
  return Number(org.id);
}

export async function createConnection(db: Db, actor: Actor, input: Required<Pick<ConnectionInput, 'name' | 'kind'>> & ConnectionInput, cipher: DataCipher, nextRun: (s: string | null) => string | null) {
  const [row] = (await db('ingest_connections')
    .insert({
      name: input.name,
      kind: input.kind,
      org_id: await orgIdFor(db, actor, input.orgCode),
      config: JSON.stringify(sealConfig(input.config ?? {}, cipher)),
      schedule: input.schedule ?? null,
      enabled: input.enabled ?? true,
    })
    .returning('id')) as { id: number }[];
  return presentConnection(await getConnection(db, actor, Number(row!.id)), null, nextRun(input.schedule ?? null));
}

export async function updateConnection(db: Db, actor: Actor, id: number, input: ConnectionInput, cipher: DataCipher, nextRun: (s: string | null) => string | null) {
  const current = await getConnection(db, actor, id);
  const changes: Record<string, unknown> = { updated_at: new Date() };
  if (input.name !== undefined) changes.name = input.name;
  if (input.orgCode !== undefined) changes.org_id = await orgIdFor(db, actor, input.orgCode);
  if (input.config !== undefined) changes.config = JSON.stringify(sealConfig(input.config, cipher, current.config));
  if (input.schedule !== undefined) changes.schedule = input.schedule;
  if (input.enabled !== undefined) changes.enabled = input.enabled;
  await db('ingest_connections').where('id', id).update(changes);
  const row = await getConnection(db, actor, id);
  return presentConnection(row, null, row.enabled ? nextRun(row.schedule) : null);
}

/** Queues a run of a connection (manual or scheduled); a scheduled tick is queued once across replicas. */
export async function queueConnectionRun(db: Db, connection: { id: number; org_id: number | null }, trigger: RunTrigger, createdBy: number | null, scheduledFor?: Date): Promise<string | null> {
  const id = crypto.randomUUID();
  const inserted = (await db('ingest_runs')
    .insert({
      id,
      connection_id: connection.id,
      org_id: connection.org_id,
      kind: 'discharge_records',
      trigger,
      status: 'queued',
      created_by: createdBy,
      scheduled_for: scheduledFor ?? null,
    })
    .onConflict(['connection_id', 'scheduled_for'])
    .ignore()
    .returning('id')) as { id: string }[];
  return inserted.length ? id : null;
}
