import type { ReportValues } from '../services/reporting-validation.js';
import { BaseModel } from './base.js';
import type { PeriodGrain } from '../services/reporting-periods.js';

export type FormStatus = 'draft' | 'published' | 'archived';
export type TaskStatus = 'pending' | 'draft' | 'submitted' | 'returned' | 'approved';
export type SubmissionStatus = 'draft' | 'submitted' | 'returned' | 'approved';

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  pending: '待填报',
  draft: '填报中',
  submitted: '已提交',
  returned: '已退回',
  approved: '已通过',
};

/** 上报表单: designed by a center (or the city, centerId null), sent to hospitals per period. */
export class ReportForm extends BaseModel {
  static override tableName = 'report_forms';
  id!: number;
  code!: string;
  name!: string;
  description!: string | null;
  centerId!: number | null;
  periodGrain!: PeriodGrain;
  deadlineDays!: number;
  remindDays!: number;
  status!: FormStatus;
  rules!: { expression: string; message: string }[];
  createdBy!: number | null;
  createdAt!: Date;
  updatedAt!: Date;
}

/** One number a form asks for; bound to an indicator variable or standing alone. */
export class ReportFormField extends BaseModel {
  static override tableName = 'report_form_fields';
  id!: number;
  formId!: number;
  code!: string;
  label!: string;
  unit!: string | null;
  type!: 'number' | 'integer';
  required!: boolean;
  min!: number | null;
  max!: number | null;
  indicatorCode!: string | null;
  indicatorVariable!: string | null;
  sort!: number;
}

/** One hospital's report of one period. */
export class ReportTask extends BaseModel {
  static override tableName = 'report_tasks';
  id!: number;
  formId!: number;
  hospitalId!: number;
  periodStart!: string;
  periodEnd!: string;
  periodLabel!: string;
  dueDate!: string;
  status!: TaskStatus;
  currentSubmissionId!: number | null;
  submittedAt!: Date | null;
  approvedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}

/** One version of a task's values (a draft, or a submit with its review). */
export class ReportSubmission extends BaseModel {
  static override tableName = 'report_submissions';
  id!: number;
  taskId!: number;
  version!: number;
  values!: ReportValues;
  status!: SubmissionStatus;
  submittedBy!: number | null;
  submittedAt!: Date | null;
  reviewedBy!: number | null;
  reviewedAt!: Date | null;
  reviewComment!: string | null;
  warehouseSyncedAt!: Date | null;
}

/** An in-app message to a user (reminders, reviews). */
export class Notification extends BaseModel {
  static override tableName = 'notifications';
  id!: number;
  userId!: number | null;
  orgId!: number | null;
  kind!: string;
  title!: string;
  body!: string | null;
  link!: string | null;
  dedupeKey!: string | null;
  createdAt!: Date;
  readAt!: Date | null;
}
