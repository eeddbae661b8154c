import { FieldType, FormStatus, PeriodGrain, ReportTaskSummary, SubmissionStatus, TaskStatus, UserRef } from './reporting-models';

/** Chinese names and colours of task and submission states. */
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  pending: '待填报',
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  approved: '已通过',
};

export const TASK_STATUS_COLORS: Record<TaskStatus, string> = {
  pending: 'default',
  draft: 'processing',
  submitted: 'blue',
  returned: 'error',
  approved: 'success',
};

export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  approved: '已通过',
};

export const FORM_STATUS_LABELS: Record<FormStatus, string> = {
  draft: '草稿',
  published: '已发布',
  archived: '已归档',
};

export const FORM_STATUS_COLORS: Record<FormStatus, string> = {
  draft: 'default',
  published: 'success',
  archived: 'warning',
};

export const GRAIN_LABELS: Record<PeriodGrain, string> = {
  month: '月',
  quarter: '季度',
  year: '年',
};

/** Chinese names of the field types offered by the designer. */
export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  integer: '整数',
  number: '数值',
  cases: '逐例数值',
};

/** What each field type is for, shown under the designer's type select. */
export const FIELD_TYPE_HELP: Record<FieldType, string> = {
  integer: '一个整数，如出院人数',
  number: '一个数值，可带小数',
  cases: '每例一个数值，如每位患者的抢救室滞留时间；用于中位数、百分位数类指标',
};

/** Within this many days of the deadline an open task is 即将到期. */
export const DUE_SOON_DAYS = 3;

/** A task the liaison can still change. */
export function isEditable(status: TaskStatus): boolean {
  return status === 'pending' || status === 'draft' || status === 'returned';
}

/** The deadline warning of a task: 逾期, 即将到期 or none (nothing to warn about once submitted). */
export function dueWarning(task: Pick<ReportTaskSummary, 'status' | 'overdue' | 'daysLeft'>): {
  level: 'overdue' | 'soon';
  text: string;
} | null {
  if (!isEditable(task.status)) return null;
  if (task.overdue || (task.daysLeft !== null && task.daysLeft < 0)) {
    const days = task.daysLeft !== null && task.daysLeft < 0 ? -task.daysLeft : null;
    return { level: 'overdue', text: days ? `已逾期 ${days} 天` : '已逾期' };
  }
  if (task.daysLeft !== null && task.daysLeft <= DUE_SOON_DAYS) {
    return { level: 'soon', text: task.daysLeft === 0 ? '今天到期' : `${task.daysLeft} 天后到期` };
  }
  return null;
}

/** The user's name whatever shape the server sends. */
export function userName(user: UserRef | undefined): string {
  if (!user) return '—';
  if (typeof user === 'string') return user;
  return user.displayName ?? user.username ?? `用户 ${user.id}`;
}

/** A period label as people say it: 2026-10 → 2026年10月, 2026Q3 → 2026年第3季度, 2026 → 2026年. */
export function periodText(label: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month) return `${month[1]}年${Number(month[2])}月`;
  const quarter = /^(\d{4})Q([1-4])$/.exec(label);
  if (quarter) return `${quarter[1]}年第${quarter[2]}季度`;
  return /^\d{4}$/.test(label) ? `${label}年` : label;
}

/**
 * The periods of a grain ending before `today` (most recent first), for the publish dialog:
 * 12 months, 8 quarters or 4 years back, plus the current one.
 */
export function recentPeriods(grain: PeriodGrain, today = new Date()): string[] {
  const year = today.getFullYear();
  const month = today.getMonth() + 1;
  const out: string[] = [];
  if (grain === 'month') {
    for (let i = 0; i <= 12; i++) {
      const d = new Date(year, month - 1 - i, 1);
      out.push(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`);
    }
  } else if (grain === 'quarter') {
    const q = Math.ceil(month / 3);
    for (let i = 0; i <= 8; i++) {
      const index = year * 4 + (q - 1) - i;
      out.push(`${Math.floor(index / 4)}Q${(index % 4) + 1}`);
    }
  } else {
    for (let i = 0; i <= 4; i++) out.push(String(year - i));
  }
  return out;
}
