import type { Knex } from 'knex';
import { ForbiddenError, ValidationError } from '../errors.js';
import { inScope } from '../policies/scope.js';
import type { Actor, Db } from './context.js';

export const ACTIVITY_KINDS = ['baseline_survey', 'inspection', 'training', 'report', 'tracking_visit'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export type ActivityStatus = 'planned' | 'done' | 'cancelled';

export const ACTIVITY_KIND_NAMES: Record<ActivityKind, string> = {
  baseline_survey: '基线调查',
  inspection: '督导检查',
  training: '培训',
  report: '质控报告',
  tracking_visit: '追踪随访',
};

export interface ActivityRow {
  id: number;
  kind: ActivityKind;
  center_id: number;
  center_code: string;
  center_name: string;
  hospital_id: number | null;
  hospital_code: string | null;
  hospital_name: string | null;
  title: string;
  due_date: string;
  completed_at: Date | string | null;
  status: ActivityStatus;
  passed: boolean | null;
  score: string | number | null;
  source_type: string | null;
  source_id: number | null;
  created_at: Date | string;
}

/** Activities the scope covers: its centers' own, and those about its hospitals (as Row-Level Security has it). */
export function scopeActivities(query: Knex.QueryBuilder, actor: Actor, alias = 'a'): Knex.QueryBuilder {
  const scope = actor.scope;
  if (scope.kind === 'city') return query;
  return query.where((w) => {
    void w.whereIn(`${alias}.center_id`, scope.orgIds).orWhereIn(`${alias}.hospital_id`, scope.orgIds);
  });
}

function baseQuery(db: Db) {
  return db('qc_activities as a')
    .join('organizations as c', 'c.id', 'a.center_id')
    .leftJoin('organizations as h', 'h.id', 'a.hospital_id')
    .select('a.*', 'c.code as center_code', 'c.name as center_name', 'h.code as hospital_code', 'h.name as hospital_name');
}

export interface ActivityListQuery {
  kind?: ActivityKind | undefined;
  center?: string | undefined;
  hospital?: string | undefined;
  status?: ActivityStatus | undefined;
  year?: number | undefined;
  page: number;
  pageSize: number;
}

/** A page of activities within the scope, latest due first. */
export async function listActivities(db: Db, actor: Actor, query: ActivityListQuery): Promise<{ rows: ActivityRow[]; total: number }> {
  const q = scopeActivities(baseQuery(db), actor);
  if (query.kind) q.where('a.kind', query.kind);
  if (query.center) q.where('c.code', query.center);
  if (query.hospital) q.where('h.code', query.hospital);
  if (query.status) q.where('a.status', query.status);
  if (query.year) q.whereBetween('a.due_date', [`${query.year}-01-01`, `${query.year}-12-31`]);
  const { n } = (await q.clone().clearSelect().count({ n: '*' }).first()) as { n: string | number };
  const rows = (await q.orderBy([{ column: 'a.due_date', order: 'desc' }, { column: 'a.id', order: 'desc' }]).offset((query.page - 1) * query.pageSize).limit(query.pageSize)) as ActivityRow[];
  return { rows, total: Number(n) };
}

export interface ActivityInput {
  kind: ActivityKind;
  /** The center's code; a center user's own center when omitted. */
  center?: string | undefined;
  hospital?: string | null | undefined;
  title: string;
  dueDate: string;
  status?: ActivityStatus | undefined;
  completedAt?: string | null | undefined;
  passed?: boolean | null | undefined;
  score?: number | null | undefined;
}

async function orgByCode(db: Db, code: string): Promise<{ id: number; code: string; kind: string } | undefined> {
  return (await db('organizations').select('id', 'code', 'kind').where('code', code).first()) as { id: number; code: string; kind: string } | undefined;
}

/** Records an activity of a center (in the actor's scope), optionally about one of the hospitals it supervises. */
export async function createActivity(db: Db, actor: Actor, input: ActivityInput): Promise<ActivityRow> {
  let center: { id: number; code: string; kind: string } | undefined;
  if (input.center) {
    // Row-Level Security hides centers outside the scope: not seeing one means not being allowed to write for it
    center = await orgByCode(db, input.center);
    if (!center || !inScope(actor.scope, Number(center.id))) throw new ForbiddenError(`质控中心“${input.center}”不存在或不在您的数据范围内，不能为其登记活动`);
  } else center = (await db('organizations').select('id', 'code', 'kind').where('id', actor.orgId).first()) as typeof center;
  if (!center || center.kind !== 'qc_center') {
    throw new ValidationError('请指定质控中心（中心代码）', [{ field: 'payload.center', message: '质控中心 必须是质控中心的机构代码' }]);
  }
  if (!inScope(actor.scope, Number(center.id))) throw new ForbiddenError(`质控中心“${center.code}”不在您的数据范围内，不能为其登记活动`);
  let hospitalId: number | null = null;
  if (input.hospital) {
    const hospital = await orgByCode(db, input.hospital);
    if (!hospital || hospital.kind !== 'hospital') {
      throw new ValidationError(`医院“${input.hospital}”不存在`, [{ field: 'payload.hospital', message: '医院 必须是医院的机构代码' }]);
    }
    const supervised = await db('center_hospitals').where({ center_id: center.id, hospital_id: hospital.id }).first();
    if (!supervised) {
      throw new ValidationError(`医院“${input.hospital}”不在质控中心“${center.code}”的监管范围内`, [{ field: 'payload.hospital', message: '医院 不在本中心监管范围内' }]);
    }
    hospitalId = Number(hospital.id);
  }
  const status: ActivityStatus = input.status ?? (input.completedAt ? 'done' : 'planned');
  if (status === 'done' && !input.completedAt) {
    throw new ValidationError('已完成的活动需要填写完成时间', [{ field: 'payload.completedAt', message: '完成时间 不能为空' }]);
  }
  if (status !== 'done' && input.completedAt) {
    throw new ValidationError('只有已完成的活动才有完成时间', [{ field: 'payload.completedAt', message: '完成时间 只能在状态为已完成时填写' }]);
  }
  if ((input.passed !== undefined && input.passed !== null) && input.kind !== 'inspection') {
    throw new ValidationError('只有督导检查有“是否通过”', [{ field: 'payload.passed', message: '是否通过 只适用于督导检查' }]);
  }
  const [row] = (await db('qc_activities')
    .insert({
      kind: input.kind,
      center_id: center.id,
      hospital_id: hospitalId,
      title: input.title,
      due_date: input.dueDate,
      status,
      completed_at: input.completedAt ?? null,
      passed: input.passed ?? null,
      score: input.score ?? null,
      created_by: actor.userId,
    })
    .returning('id')) as { id: number }[];
  return (await baseQuery(db).where('a.id', row!.id).first()) as ActivityRow;
}
