import type { FieldType, ReportValues } from '../services/reporting-validation.js';
import { deadlineState } from '../services/reporting-periods.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export interface FormRow {
  id: number;
  code: string;
  name: string;
  description: string | null;
  center_id: number | null;
  center_code?: string | null;
  center_name?: string | null;
  period_grain: string;
  deadline_days: number;
  remind_days: number;
  status: string;
  rules: { expression: string; message: string }[];
  created_at: Date | string;
  updated_at: Date | string;
  field_count?: number | string;
  hospital_count?: number | string;
  task_count?: number | string;
}

export interface FieldRow {
  code: string;
  label: string;
  unit: string | null;
  type: FieldType;
  required: boolean;
  min: number | null;
  max: number | null;
  indicator_code: string | null;
  indicator_variable: string | null;
}

/** Every field of a form in lists. */
export function presentFormSummary(r: FormRow) {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    description: r.description,
    center: r.center_id === null ? null : { id: Number(r.center_id), code: r.center_code ?? null, name: r.center_name ?? null },
    periodGrain: r.period_grain,
    deadlineDays: Number(r.deadline_days),
    remindDays: Number(r.remind_days),
    status: r.status,
    fieldCount: Number(r.field_count ?? 0),
    hospitalCount: Number(r.hospital_count ?? 0),
    taskCount: Number(r.task_count ?? 0),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** One field of a form, with the warehouse element its value is written to. */
export function presentField(f: FieldRow, formCode: string) {
  return {
    code: f.code,
    label: f.label,
    unit: f.unit,
    type: f.type,
    required: f.required,
    min: num(f.min),
    max: num(f.max),
    indicatorCode: f.indicator_code,
    indicatorVariable: f.indicator_variable,
    element: f.indicator_code && f.indicator_variable ? `${f.indicator_code}:${f.indicator_variable}` : `${formCode}:${f.code}`,
  };
}

/** A form with its fields, rules and hospitals. */
export function presentFormDetail(r: FormRow, fields: FieldRow[], hospitals: { id: number; code: string; name: string }[]) {
  return {
    ...presentFormSummary({ ...r, field_count: fields.length, hospital_count: hospitals.length }),
    rules: (r.rules ?? []).map((x) => ({ expression: x.expression, message: x.message })),
    fields: fields.map((f) => presentField(f, r.code)),
    hospitals: hospitals.map((h) => ({ id: Number(h.id), code: h.code, name: h.name })),
  };
}

export interface TaskRow {
  id: number;
  form_id: number;
  form_code: string;
  form_name: string;
  hospital_id: number;
  hospital_code: string;
  hospital_name: string;
  period_label: string;
  period_start: string;
  period_end: string;
  due_date: string;
  status: string;
  submitted_at: Date | string | null;
  approved_at: Date | string | null;
}

/** A task in lists: the contract's fields plus its deadline state on `today` (Asia/Shanghai). */
export function presentTask(r: TaskRow, today: string) {
  const { overdue, daysLeft } = deadlineState({ status: r.status, dueDate: r.due_date }, today);
  return {
    id: Number(r.id),
    form: { id: Number(r.form_id), code: r.form_code, name: r.form_name },
    hospital: { id: Number(r.hospital_id), code: r.hospital_code, name: r.hospital_name },
    periodLabel: r.period_label,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    dueDate: r.due_date,
    status: r.status,
    overdue,
    daysLeft,
    submittedAt: iso(r.submitted_at),
    approvedAt: iso(r.approved_at),
  };
}

export interface SubmissionRow {
  version: number;
  status: string;
  values: ReportValues;
  submitted_by_name: string | null;
  submitted_at: Date | string | null;
  reviewed_by_name: string | null;
  reviewed_at: Date | string | null;
  review_comment: string | null;
}

/** One version of the history. */
export function presentSubmission(s: SubmissionRow) {
  return {
    version: Number(s.version),
    status: s.status,
    values: s.values,
    submittedBy: s.submitted_by_name,
    submittedAt: iso(s.submitted_at),
    reviewedBy: s.reviewed_by_name,
    reviewedAt: iso(s.reviewed_at),
    reviewComment: s.review_comment,
  };
}

export interface NotificationRow {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  created_at: Date | string;
  read_at: Date | string | null;
}

/** A notification as its reader sees it. */
export function presentNotification(n: NotificationRow) {
  return { id: Number(n.id), kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: iso(n.created_at), readAt: iso(n.read_at) };
}
