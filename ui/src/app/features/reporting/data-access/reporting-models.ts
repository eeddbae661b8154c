/** Shapes of the /api/reporting and /api/notifications answers (docs/indicators-analytics.md §3). */

export type PeriodGrain = 'month' | 'quarter' | 'year';
export type FormStatus = 'draft' | 'published' | 'archived';
export type TaskStatus = 'pending' | 'draft' | 'submitted' | 'returned' | 'approved';
export type SubmissionStatus = 'draft' | 'submitted' | 'returned' | 'approved';
/** `cases` (逐例数值): a list of numbers, one per case, for median and percentile indicators. */
export type FieldType = 'number' | 'integer' | 'cases';

/** One field's value as the API answers it: a number, a list of cases, or null (unfilled; a cases field may also answer []). */
export type FieldValue = number | null | number[];

/** Values of a form as the API answers them: field code → value. */
export type FieldValues = Record<string, FieldValue>;

/**
 * Values as the UI sends them: a cases field goes as the tokens typed (numeric strings, one per
 * case), which the API reads like numbers, so its messages quote what the liaison wrote.
 */
export type SentFieldValues = Record<string, number | null | (number | string)[]>;

/** One input of a report form. */
export interface ReportField {
  id?: number;
  code: string;
  label: string;
  unit: string | null;
  type: FieldType;
  required: boolean;
  min: number | null;
  max: number | null;
  indicatorCode: string | null;
  indicatorVariable: string | null;
  sort?: number;
}

/** A cross-field check, e.g. `deaths <= discharges` with the message shown when it fails. */
export interface ReportRule {
  expression: string;
  message: string;
}

/** A reference to a user as the API names one. */
export type UserRef = string | { id: number; username?: string; displayName?: string } | null;

/** GET /api/reporting/forms items. */
export interface ReportFormSummary {
  id: number;
  code: string;
  name: string;
  description: string | null;
  center: { id: number; code?: string; name: string } | null;
  periodGrain: PeriodGrain;
  deadlineDays: number;
  remindDays: number;
  status: FormStatus;
  fieldCount?: number;
  hospitalCount?: number;
  updatedAt?: string;
}

/** GET /api/reporting/forms/{id}. */
export interface ReportForm extends ReportFormSummary {
  fields: ReportField[];
  rules: ReportRule[];
  hospitals: { id: number; code: string; name: string }[];
  /** Periods already published, when the server says. */
  periods?: string[];
}

/** Body of POST /api/reporting/forms and PUT /api/reporting/forms/{id}. */
export interface ReportFormPayload {
  code: string;
  name: string;
  description: string | null;
  periodGrain: PeriodGrain;
  deadlineDays: number;
  remindDays: number;
  rules: ReportRule[];
  fields: Omit<ReportField, 'id'>[];
  hospitalIds: number[];
}

/** One row of GET /api/reporting/tasks. */
export interface ReportTaskSummary {
  id: number;
  form: { id: number; code: string; name: string };
  hospital: { id: number; code: string; name: string };
  periodLabel: string;
  dueDate: string;
  status: TaskStatus;
  overdue: boolean;
  daysLeft: number | null;
  submittedAt: string | null;
  approvedAt: string | null;
}

/** One version of a task's values. */
export interface ReportSubmission {
  version: number;
  status: SubmissionStatus;
  values: FieldValues;
  submittedBy: UserRef;
  submittedAt: string | null;
  reviewedBy: UserRef;
  reviewedAt: string | null;
  reviewComment: string | null;
}

/** GET /api/reporting/tasks/{id}: the task, its form's fields and rules, current values and history. */
export interface ReportTask extends ReportTaskSummary {
  form: ReportTaskSummary['form'] & {
    periodGrain?: PeriodGrain;
    description?: string | null;
    fields?: ReportField[];
    rules?: ReportRule[];
  };
  fields?: ReportField[];
  rules?: ReportRule[];
  values: FieldValues | null;
  history: ReportSubmission[];
  /** What the signed-in user may do with the task, when the server says. */
  can?: { fill: boolean; submit: boolean; review: boolean };
}

/** One problem with the values, named by field code (or null for the form as a whole). */
export interface ValueError {
  field: string | null;
  label?: string | null;
  message: string;
  kind?: 'type' | 'required' | 'range' | 'rule' | string;
}

/** POST /api/reporting/tasks/{id}/validate. */
export interface ValidationResult {
  ok: boolean;
  errors: ValueError[];
}

/** Filters of GET /api/reporting/tasks. */
export interface TaskQuery {
  status?: TaskStatus | null;
  formId?: number | null;
  period?: string | null;
  hospital?: string | null;
  page?: number;
  pageSize?: number;
}

/** One refused cell of an imported template. */
export interface ImportReject {
  row: number | null;
  field: string | null;
  label?: string | null;
  message: string;
}

/** POST /api/reporting/tasks/import: the task whose draft was filled, and what validation says of it. */
export interface ImportResult {
  taskId?: number;
  task?: ReportTaskSummary;
  validation?: ValidationResult;
  /** Refused cells (from a 400's `details.errors`). */
  rejects?: ImportReject[];
}

/** GET /api/notifications items. */
export interface AppNotification {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}
