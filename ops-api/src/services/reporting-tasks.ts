import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { applyOrgScopeKnex, inScope } from '../policies/scope.js';
import { presentField, presentSubmission, presentTask, type FormRow, type SubmissionRow, type TaskRow } from '../presenters/report.js';
import type { Actor, Db } from './context.js';
import { notifyHospitalFillers } from './notification-service.js';
import { fieldDefs, formFields } from './reporting-forms.js';
import { isOpenStatus } from './reporting-periods.js';
import { validateValues, type ReportValues } from './reporting-validation.js';

export interface TaskListQuery {
  status?: string;
  formId?: number;
  period?: string;
  hospital?: string;
  overdue?: boolean;
  page: number;
  pageSize: number;
}

type TaskWithForm = TaskRow & { center_id: number | null; rules: FormRow['rules']; form_status: string; period_grain: string; form_description: string | null; current_submission_id: number | null };

const isCity = (actor: Actor) => actor.scope.kind === 'city';
const has = (actor: Actor, p: string) => actor.permissions.includes(p);

function tasksQuery(db: Db) {
  return db('report_tasks as t')
    .join('report_forms as f', 'f.id', 't.form_id')
    .join('organizations as h', 'h.id', 't.hospital_id')
    .select(
      't.*',
      'f.code as form_code',
      'f.name as form_name',
      'f.center_id',
      'f.rules',
      'f.status as form_status',
      'f.period_grain',
      'f.description as form_description',
      'h.code as hospital_code',
      'h.name as hospital_name',
    );
}

/** Whether the actor fills this task: a holder of report:fill of the task's own hospital. */
export function canFill(actor: Actor, task: { hospital_id: number }): boolean {
  return has(actor, 'report:fill') && Number(task.hospital_id) === actor.orgId;
}

/** Whether the actor reviews this task: report:review, the hospital in scope, and the form's own center (or the city). */
export function canReview(actor: Actor, task: { hospital_id: number; center_id: number | null }): boolean {
  if (!has(actor, 'report:review') || !inScope(actor.scope, Number(task.hospital_id))) return false;
  return isCity(actor) || (task.center_id !== null && Number(task.center_id) === actor.orgId);
}

/**
 * The tasks an actor works on: a hospital its own; a center the tasks of its forms in its scope; the
 * city all. Overdue and days left are computed on `today` (Asia/Shanghai).
 */
export async function listTasks(db: Db, actor: Actor, query: TaskListQuery, today: string) {
  const q = applyOrgScopeKnex(tasksQuery(db), actor.scope, 't.hospital_id');
  if (!isCity(actor) && !has(actor, 'report:fill')) q.where('f.center_id', actor.orgId);
  if (query.status) q.where('t.status', query.status);
  if (query.formId) q.where('t.form_id', query.formId);
  if (query.period) q.where('t.period_label', query.period);
  if (query.hospital) q.where('h.code', query.hospital);
  if (query.overdue !== undefined) {
    const open = ['pending', 'draft', 'returned'];
    if (query.overdue) q.where('t.due_date', '<', today).whereIn('t.status', open);
    else q.where((w) => w.where('t.due_date', '>=', today).orWhereNotIn('t.status', open));
  }
  const { n } = (await q.clone().clearSelect().count({ n: '*' }).first()) as { n: string | number };
  const rows = (await q
    .orderBy([{ column: 't.period_start', order: 'desc' }, { column: 'h.code' }, { column: 't.id' }])
    .offset((query.page - 1) * query.pageSize)
    .limit(query.pageSize)) as TaskRow[];
  return { items: rows.map((r) => presentTask(r, today)), total: Number(n), page: query.page, pageSize: query.pageSize };
}

/** A task in the actor's scope that they fill or review; NotFound otherwise. */
async function loadTask(db: Db, actor: Actor, id: number, forUpdate = false): Promise<TaskWithForm> {
  const q = applyOrgScopeKnex(tasksQuery(db).where('t.id', id), actor.scope, 't.hospital_id');
  if (forUpdate) q.forUpdate('t');
  const task = (await q.first()) as TaskWithForm | undefined;
  if (!task) throw new NotFoundError('上报任务');
  if (!canFill(actor, task) && !(has(actor, 'report:review') || has(actor, 'report:manage'))) throw new NotFoundError('上报任务');
  return task;
}

async function submissions(db: Db, taskId: number): Promise<(SubmissionRow & { id: number })[]> {
  return (await db('report_submissions').where('task_id', taskId).orderBy('version')) as (SubmissionRow & { id: number })[];
}

/** A task with its form's fields and rules, the current values and every submitted version. */
export async function getTask(db: Db, actor: Actor, id: number, today: string) {
  const task = await loadTask(db, actor, id);
  const fields = await formFields(db, task.form_id);
  const all = await submissions(db, id);
  const current = all.find((s) => Number(s.id) === Number(task.current_submission_id)) ?? all[all.length - 1];
  const fill = canFill(actor, task) && isOpenStatus(task.status);
  return {
    ...presentTask(task, today),
    form: { id: Number(task.form_id), code: task.form_code, name: task.form_name, description: task.form_description, periodGrain: task.period_grain },
    fields: fields.map((f) => presentField(f, task.form_code)),
    rules: (task.rules ?? []).map((r) => ({ expression: r.expression, message: r.message })),
    values: current ? current.values : {},
    currentVersion: current ? Number(current.version) : null,
    hasDraft: all.some((s) => s.status === 'draft'),
    history: all.filter((s) => s.status !== 'draft').map(presentSubmission),
    can: { fill, submit: fill, review: task.status === 'submitted' && canReview(actor, task) },
  };
}

/** Validates values against a task's form (anyone who may see the task). */
export async function validateTask(db: Db, actor: Actor, id: number, values: Record<string, unknown>) {
  const task = await loadTask(db, actor, id);
  const { ok, errors } = await validateFor(db, task, values);
  return { ok, errors };
}

async function validateFor(db: Db, task: TaskWithForm, values: Record<string, unknown>) {
  return validateValues(fieldDefs(await formFields(db, task.form_id)), task.rules ?? [], values);
}

/** The task, for the hospital that fills it and only while it is open (pending, draft or returned). */
async function taskToFill(db: Db, actor: Actor, id: number): Promise<TaskWithForm> {
  const task = await loadTask(db, actor, id, true);
  if (!canFill(actor, task)) throw new ForbiddenError('只有该医疗机构的联络员可以填报和提交');
  if (!isOpenStatus(task.status)) {
    throw new ConflictError(task.status === 'approved' ? '该上报已审核通过，不能再修改' : '该上报已提交，等待审核，不能修改；如需修改请联系质控中心退回', [
      { field: 'status', message: task.status },
    ]);
  }
  return task;
}

async function nextVersion(db: Db, taskId: number): Promise<number> {
  const { v } = (await db('report_submissions').where('task_id', taskId).max({ v: 'version' }).first()) as { v: number | null };
  return Number(v ?? 0) + 1;
}

/**
 * Saves values without submitting: the open draft is updated, or a new one made (it becomes the next
 * version when submitted). Field errors do not stop a draft; they come back (`validation`) with the task.
 */
export async function saveDraft(db: Db, actor: Actor, id: number, raw: Record<string, unknown>, today: string) {
  const task = await taskToFill(db, actor, id);
  const checked = await validateFor(db, task, raw);
  const typeErrors = checked.errors.filter((e) => e.kind === 'type');
  if (typeErrors.length) throw new AppError(400, 'VALIDATION_FAILED', `请检查：${typeErrors.map((e) => e.message).join('；')}`, { errors: typeErrors });
  const draftId = await writeDraft(db, actor, task, checked.values);
  return { ...(await getTask(db, actor, id, today)), validation: { ok: checked.ok, errors: checked.errors }, submissionId: draftId };
}

async function writeDraft(db: Db, actor: Actor, task: TaskWithForm, values: ReportValues): Promise<number> {
  const draft = (await db('report_submissions').where({ task_id: task.id, status: 'draft' }).first('id')) as { id: number } | undefined;
  let draftId: number;
  if (draft) {
    draftId = Number(draft.id);
    await db('report_submissions').where('id', draftId).update({ values: JSON.stringify(values), submitted_by: actor.userId, submitted_by_name: actor.displayName });
  } else {
    const [row] = (await db('report_submissions')
      .insert({ task_id: task.id, version: await nextVersion(db, task.id), values: JSON.stringify(values), status: 'draft', submitted_by: actor.userId, submitted_by_name: actor.displayName })
      .returning('id')) as { id: number }[];
    draftId = Number(row!.id);
  }
  // a returned task stays 'returned' until resubmitted, so the center sees it is still with the hospital
  await db('report_tasks')
    .where('id', task.id)
    .update({ status: task.status === 'pending' ? 'draft' : task.status, current_submission_id: draftId, updated_at: db.fn.now() });
  return draftId;
}

/** Submits values: validated in full, then a new version with status submitted. */
export async function submitTask(db: Db, actor: Actor, id: number, raw: Record<string, unknown>, today: string) {
  const task = await taskToFill(db, actor, id);
  const checked = await validateFor(db, task, raw);
  if (!checked.ok) {
    throw new AppError(400, 'VALIDATION_FAILED', `上报数据未通过校验：${checked.errors.map((e) => e.message).join('；')}`, { errors: checked.errors });
  }
  const draftId = await writeDraft(db, actor, task, checked.values);
  await db('report_submissions').where('id', draftId).update({ status: 'submitted', submitted_at: db.fn.now() });
  await db('report_tasks').where('id', id).update({ status: 'submitted', submitted_at: db.fn.now(), current_submission_id: draftId, updated_at: db.fn.now() });
  return getTask(db, actor, id, today);
}

/**
 * A reviewer's decision on the submitted version: approve (final; the values then go to the warehouse)
 * or return with a comment (the hospital fixes and resubmits a new version).
 */
export async function reviewTask(db: Db, actor: Actor, id: number, decision: 'approve' | 'return', comment: string | null | undefined, today: string) {
  const task = await loadTask(db, actor, id, true);
  if (!canReview(actor, task)) throw new ForbiddenError('只有表单所属质控中心或市卫健委可以审核该上报');
  if (task.status !== 'submitted') throw new ConflictError('只能审核已提交、待审核的上报', [{ field: 'status', message: task.status }]);
  const text = (comment ?? '').trim();
  if (decision === 'return' && !text) throw new ValidationError('退回时必须填写退回意见', [{ field: 'comment', message: '退回意见 不能为空' }]);
  const current = (await db('report_submissions').where({ task_id: id, status: 'submitted' }).orderBy('version', 'desc').first('id', 'version')) as
    | { id: number; version: number }
    | undefined;
  if (!current) throw new ConflictError('没有待审核的版本', [{ field: 'status', message: 'no submission' }]);
  const status = decision === 'approve' ? 'approved' : 'returned';
  await db('report_submissions')
    .where('id', current.id)
    .update({ status, reviewed_by: actor.userId, reviewed_by_name: actor.displayName, reviewed_at: db.fn.now(), review_comment: text || null });
  await db('report_tasks')
    .where('id', id)
    .update({ status, ...(decision === 'approve' ? { approved_at: db.fn.now() } : {}), updated_at: db.fn.now() });
  const what = `${task.form_name}（${task.period_label}）`;
  await notifyHospitalFillers(db, Number(task.hospital_id), {
    kind: decision === 'approve' ? 'report_approved' : 'report_returned',
    title: decision === 'approve' ? `【数据上报】${what}已审核通过` : `【数据上报】${what}被退回，请修改后重新提交`,
    body: text || null,
    link: `/reporting/tasks/${id}`,
  }, { count: false });
  return { task: await getTask(db, actor, id, today), submissionId: Number(current.id), version: Number(current.version), approved: decision === 'approve' };
}

/** The task a filled template is for: the form by code, the period, the actor's own hospital. */
export async function findTaskToFill(db: Db, actor: Actor, formId: number, periodLabel: string, hospitalCode: string | null) {
  const q = applyOrgScopeKnex(tasksQuery(db), actor.scope, 't.hospital_id').where({ 't.form_id': formId, 't.period_label': periodLabel });
  if (hospitalCode) q.where('h.code', hospitalCode);
  else q.where('t.hospital_id', actor.orgId);
  return (await q.first()) as TaskWithForm | undefined;
}

/** Saves imported values as the task's draft (see saveDraft). */
export async function importDraft(db: Db, actor: Actor, taskId: number, values: ReportValues, today: string) {
  const task = await taskToFill(db, actor, taskId);
  await writeDraft(db, actor, task, values);
  const checked = await validateFor(db, task, values);
  return { task: await getTask(db, actor, taskId, today), validation: { ok: checked.ok, errors: checked.errors } };
}
