import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { applyOrgScopeKnex, inScope } from '../policies/scope.js';
import { presentFormDetail, presentFormSummary, type FieldRow, type FormRow } from '../presenters/report.js';
import type { Actor, Db } from './context.js';
import { dueDate, parsePeriod, PERIOD_FORMAT, type PeriodGrain } from './reporting-periods.js';
import { checkFormRules, type FieldDef, type FormRule } from './reporting-validation.js';

export interface FieldInput {
  code: string;
  label: string;
  unit?: string | null;
  type: 'number' | 'integer';
  required?: boolean;
  min?: number | null;
  max?: number | null;
  indicatorCode?: string | null;
  indicatorVariable?: string | null;
}

export interface FormInput {
  code: string;
  name: string;
  description?: string | null;
  /** City users only: the center a form is made for (null = the city's own form). */
  centerId?: number | null;
  periodGrain: PeriodGrain;
  deadlineDays: number;
  remindDays: number;
  fields: FieldInput[];
  rules: FormRule[];
  /** The hospitals the form goes to; by default every hospital the center supervises (the city: all). */
  hospitalIds?: number[];
}

export interface FormListQuery {
  status?: string;
  q?: string;
  page: number;
  pageSize: number;
}

const isCity = (actor: Actor) => actor.scope.kind === 'city';

function formsQuery(db: Db) {
  return db('report_forms as f')
    .leftJoin('organizations as c', 'c.id', 'f.center_id')
    .select(
      'f.*',
      'c.code as center_code',
      'c.name as center_name',
      db.raw('(SELECT count(*) FROM report_form_fields x WHERE x.form_id = f.id) AS field_count'),
      db.raw('(SELECT count(*) FROM report_form_hospitals x WHERE x.form_id = f.id) AS hospital_count'),
      db.raw('(SELECT count(*) FROM report_tasks x WHERE x.form_id = f.id) AS task_count'),
    );
}

/** The forms an actor manages: a center its own, the city all. */
export async function listForms(db: Db, actor: Actor, query: FormListQuery) {
  const q = formsQuery(db);
  if (!isCity(actor)) q.where('f.center_id', actor.orgId);
  if (query.status) q.where('f.status', query.status);
  if (query.q) q.where((w) => w.whereILike('f.name', `%${query.q}%`).orWhereILike('f.code', `%${query.q}%`));
  const { n } = (await q.clone().clearSelect().count({ n: '*' }).first()) as { n: string | number };
  const rows = (await q.orderBy('f.id', 'desc').offset((query.page - 1) * query.pageSize).limit(query.pageSize)) as FormRow[];
  return { items: rows.map(presentFormSummary), total: Number(n), page: query.page, pageSize: query.pageSize };
}

/** A form the actor manages; NotFound for anyone else's (we do not say it exists). */
export async function getManagedForm(db: Db, actor: Actor, id: number): Promise<FormRow> {
  const form = (await formsQuery(db).where('f.id', id).first()) as FormRow | undefined;
  if (!form || (!isCity(actor) && Number(form.center_id) !== actor.orgId)) throw new NotFoundError('上报表单');
  return form;
}

/** The fields of a form in their order. */
export async function formFields(db: Db, formId: number): Promise<FieldRow[]> {
  return (await db('report_form_fields').where('form_id', formId).orderBy([{ column: 'sort' }, { column: 'id' }])) as FieldRow[];
}

/** The field definitions the validator needs. */
export function fieldDefs(rows: FieldRow[]): FieldDef[] {
  return rows.map((f) => ({
    code: f.code,
    label: f.label,
    unit: f.unit,
    type: f.type,
    required: f.required,
    min: f.min === null ? null : Number(f.min),
    max: f.max === null ? null : Number(f.max),
  }));
}

async function formHospitals(db: Db, formId: number) {
  return (await db('report_form_hospitals as fh')
    .join('organizations as o', 'o.id', 'fh.hospital_id')
    .where('fh.form_id', formId)
    .orderBy('o.code')
    .select('o.id', 'o.code', 'o.name')) as { id: number; code: string; name: string }[];
}

/** A form with fields, rules and hospitals. */
export async function getForm(db: Db, actor: Actor, id: number) {
  const form = await getManagedForm(db, actor, id);
  return presentFormDetail(form, await formFields(db, id), await formHospitals(db, id));
}

/** Refuses a form whose fields or rules do not hold together; rules through the formula checker, with positions. */
function checkDefinition(input: FormInput): void {
  const problems: { field: string; message: string }[] = [];
  const elements = new Map<string, string>();
  input.fields.forEach((f, i) => {
    const bound = Boolean(f.indicatorCode) || Boolean(f.indicatorVariable);
    if (bound && !(f.indicatorCode && f.indicatorVariable)) {
      problems.push({ field: `fields[${i}]`, message: `字段“${f.label}”绑定指标时须同时填写指标编码和指标变量` });
    }
    const element = f.indicatorCode && f.indicatorVariable ? `${f.indicatorCode}:${f.indicatorVariable}` : `${input.code}:${f.code}`;
    const other = elements.get(element);
    if (other) problems.push({ field: `fields[${i}]`, message: `字段“${f.label}”与“${other}”写入同一个数据元 ${element}` });
    elements.set(element, f.label);
    if (f.min !== null && f.min !== undefined && f.max !== null && f.max !== undefined && f.min > f.max) {
      problems.push({ field: `fields[${i}]`, message: `字段“${f.label}”的最小值不能大于最大值` });
    }
  });
  if (input.remindDays > 60 || input.deadlineDays > 366) problems.push({ field: 'deadlineDays', message: '截止天数或提醒天数过大' });
  if (problems.length) throw new ValidationError(`表单定义有误：${problems.map((p) => p.message).join('；')}`, problems);
  const defs: FieldDef[] = input.fields.map((f) => ({ code: f.code, label: f.label, unit: f.unit ?? null, type: f.type, required: Boolean(f.required), min: null, max: null }));
  const issues = checkFormRules(defs, input.rules);
  if (issues.length) throw new AppError(400, 'FORMULA_INVALID', `校验规则有误：${issues.map((i) => i.message).join('；')}`, { issues });
}

/** Which center owns a new form, and the hospitals it may go to. */
async function ownerAndHospitals(db: Db, actor: Actor, input: FormInput): Promise<{ centerId: number | null; hospitalIds: number[] }> {
  let centerId: number | null;
  if (isCity(actor)) {
    centerId = input.centerId ?? null;
    if (centerId !== null) {
      const center = (await db('organizations').where({ id: centerId, kind: 'qc_center' }).first('id')) as unknown;
      if (!center) throw new ValidationError('所属质控中心不存在', [{ field: 'centerId', message: '质控中心不存在' }]);
    }
  } else {
    const org = (await db('organizations').where('id', actor.orgId).first('kind')) as { kind: string } | undefined;
    if (org?.kind !== 'qc_center') throw new ForbiddenError('只有质控中心或市卫健委可以设计上报表单');
    if (input.centerId !== undefined && input.centerId !== null && input.centerId !== actor.orgId) {
      throw new ValidationError('只能为本中心设计表单', [{ field: 'centerId', message: '只能是本中心' }]);
    }
    centerId = actor.orgId;
  }
  const allowed = centerId === null
    ? ((await db('organizations').where({ kind: 'hospital', status: 'active' }).select('id')) as { id: number }[])
    : ((await db('center_hospitals').where('center_id', centerId).select('hospital_id as id')) as { id: number }[]);
  const allowedIds = new Set(allowed.map((h) => Number(h.id)).filter((id) => inScope(actor.scope, id)));
  const hospitalIds = input.hospitalIds ?? [...allowedIds];
  const outside = hospitalIds.filter((id) => !allowedIds.has(id));
  if (outside.length) {
    throw new ValidationError(`医疗机构 ${outside.join('、')} 不在该中心的监管范围内`, [{ field: 'hospitalIds', message: '包含不受该中心监管的医疗机构' }]);
  }
  return { centerId, hospitalIds: [...new Set(hospitalIds)] };
}

async function writeChildren(db: Db, formId: number, input: FormInput, hospitalIds: number[]): Promise<void> {
  await db('report_form_fields').where('form_id', formId).delete();
  await db('report_form_fields').insert(
    input.fields.map((f, i) => ({
      form_id: formId,
      code: f.code,
      label: f.label,
      unit: f.unit ?? null,
      type: f.type,
      required: Boolean(f.required),
      min: f.min ?? null,
      max: f.max ?? null,
      indicator_code: f.indicatorCode || null,
      indicator_variable: f.indicatorVariable || null,
      sort: i,
    })),
  );
  await db('report_form_hospitals').where('form_id', formId).delete();
  if (hospitalIds.length) await db('report_form_hospitals').insert(hospitalIds.map((hospital_id) => ({ form_id: formId, hospital_id })));
}

/** Creates a draft form. */
export async function createForm(db: Db, actor: Actor, input: FormInput) {
  checkDefinition(input);
  const { centerId, hospitalIds } = await ownerAndHospitals(db, actor, input);
  const taken = await db('report_forms').where('code', input.code).first('id');
  if (taken) throw new ConflictError(`表单编码 ${input.code} 已被使用`, [{ field: 'code', message: '编码已存在' }]);
  const [row] = (await db('report_forms')
    .insert({
      code: input.code,
      name: input.name,
      description: input.description ?? null,
      center_id: centerId,
      period_grain: input.periodGrain,
      deadline_days: input.deadlineDays,
      remind_days: input.remindDays,
      status: 'draft',
      rules: JSON.stringify(input.rules.map((r) => ({ expression: r.expression, message: r.message ?? '' }))),
      created_by: actor.userId,
    })
    .returning('id')) as { id: number }[];
  const id = Number(row!.id);
  await writeChildren(db, id, input, hospitalIds);
  return getForm(db, actor, id);
}

/** Replaces a draft form's definition (a published form is fixed: its tasks depend on it). */
export async function updateForm(db: Db, actor: Actor, id: number, input: FormInput) {
  const form = await getManagedForm(db, actor, id);
  if (form.status !== 'draft') throw new ConflictError('只能修改草稿状态的表单；已发布的表单请复制为新表单', [{ field: 'status', message: '表单已发布' }]);
  checkDefinition(input);
  const { hospitalIds } = await ownerAndHospitals(db, actor, { ...input, centerId: form.center_id });
  if (input.code !== form.code) {
    const taken = await db('report_forms').where('code', input.code).whereNot('id', id).first('id');
    if (taken) throw new ConflictError(`表单编码 ${input.code} 已被使用`, [{ field: 'code', message: '编码已存在' }]);
  }
  await db('report_forms')
    .where('id', id)
    .update({
      code: input.code,
      name: input.name,
      description: input.description ?? null,
      period_grain: input.periodGrain,
      deadline_days: input.deadlineDays,
      remind_days: input.remindDays,
      rules: JSON.stringify(input.rules.map((r) => ({ expression: r.expression, message: r.message ?? '' }))),
      updated_at: db.fn.now(),
    });
  await writeChildren(db, id, input, hospitalIds);
  return getForm(db, actor, id);
}

/** Publishes a form for periods: one task per assigned hospital × period (existing ones are kept). */
export async function publishForm(db: Db, actor: Actor, id: number, periods: string[]) {
  const form = await getManagedForm(db, actor, id);
  if (form.status === 'archived') throw new ConflictError('表单已归档，不能再下发', [{ field: 'status', message: '已归档' }]);
  const grain = form.period_grain as PeriodGrain;
  const parsed = periods.map((label, i) => {
    const p = parsePeriod(grain, label);
    if (!p) throw new ValidationError(`期间“${label}”格式不正确，应为 ${PERIOD_FORMAT[grain]}`, [{ field: `periods[${i}]`, message: `格式应为 ${PERIOD_FORMAT[grain]}` }]);
    return p;
  });
  const hospitals = await formHospitals(db, id);
  if (!hospitals.length) throw new ValidationError('表单还没有指定医疗机构', [{ field: 'hospitalIds', message: '请先指定医疗机构' }]);
  const rows = parsed.flatMap((p) =>
    hospitals.map((h) => ({
      form_id: id,
      hospital_id: h.id,
      period_start: p.start,
      period_end: p.end,
      period_label: p.label,
      due_date: dueDate(p, Number(form.deadline_days)),
      status: 'pending',
    })),
  );
  const created = rows.length
    ? ((await db('report_tasks').insert(rows).onConflict(['form_id', 'hospital_id', 'period_start']).ignore().returning('id')) as { id: number }[])
    : [];
  await db('report_forms').where('id', id).update({ status: 'published', updated_at: db.fn.now() });
  return { form: await getForm(db, actor, id), created: created.length, periods: parsed.map((p) => p.label) };
}

/** Archives a form: no new periods; its tasks and history stay. */
export async function archiveForm(db: Db, actor: Actor, id: number) {
  await getManagedForm(db, actor, id);
  await db('report_forms').where('id', id).update({ status: 'archived', updated_at: db.fn.now() });
  return getForm(db, actor, id);
}

/** A form visible to the actor (a hospital sees the forms sent to it); for the template. */
export async function getVisibleForm(db: Db, actor: Actor, id: number) {
  const form = (await formsQuery(db).where('f.id', id).first()) as FormRow | undefined;
  if (!form) throw new NotFoundError('上报表单');
  if (!isCity(actor) && Number(form.center_id) !== actor.orgId) {
    // a hospital sees a form once it has been published to it
    const sent = await applyOrgScopeKnex(db('report_form_hospitals').where('form_id', id), actor.scope, 'hospital_id').first('hospital_id');
    if (!sent || form.status === 'draft') throw new NotFoundError('上报表单');
  }
  return { form, fields: await formFields(db, id) };
}
