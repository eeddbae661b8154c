import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { toApiError } from '../../../core/api/api-error';
import { AuthService } from '../../../core/auth/auth.service';
import { Viewport } from '../../../core/layout/viewport';
import { formatDateTime } from '../../../shared/dates';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { PagedTable } from '../../../shared/paged-table';
import { ReportingApi } from '../data-access/reporting-api';
import {
  TASK_STATUS_COLORS,
  TASK_STATUS_LABELS,
  dueWarning,
  isEditable,
  periodText,
} from '../data-access/reporting-labels';
import { ImportReject, ImportResult, ReportFormSummary, ReportTaskSummary, TaskStatus } from '../data-access/reporting-models';

/** Which list this is: the liaison's own tasks, or the reviewer's. */
export type TaskListMode = 'fill' | 'review';

const EXPORT_COLUMNS: ExcelColumn<ReportTaskSummary>[] = [
  { header: '表单', value: (t) => t.form.name, width: 28 },
  { header: '医疗机构', value: (t) => t.hospital.name, width: 26 },
  { header: '期间', value: (t) => periodText(t.periodLabel), width: 14 },
  { header: '截止日期', value: (t) => t.dueDate, width: 12 },
  { header: '状态', value: (t) => TASK_STATUS_LABELS[t.status] ?? t.status, width: 10 },
  { header: '提醒', value: (t) => dueWarning(t)?.text, width: 14 },
  { header: '提交时间', value: (t) => formatDateTime(t.submittedAt), width: 18 },
  { header: '通过时间', value: (t) => formatDateTime(t.approvedAt), width: 18 },
];

/**
 * 我的填报 (`mode` fill: the hospital's tasks, deadline warnings, Excel import) and 上报审核
 * (`mode` review: the tasks of the reviewer's scope, submitted ones first).
 */
@Component({
  selector: 'app-tasks-page',
  imports: [
    DatePipe,
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzIconModule,
    NzInputModule,
    NzSelectModule,
    NzTableModule,
    NzTagModule,
  ],
  templateUrl: './tasks-page.html',
  styleUrl: './tasks-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TasksPage {
  private readonly api = inject(ReportingApi);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  private readonly auth = inject(AuthService);
  protected readonly isMobile = inject(Viewport).isMobile;

  /** Route data: which list. */
  readonly mode = input<TaskListMode>('fill');

  protected readonly statusLabels = TASK_STATUS_LABELS;
  protected readonly statusColors = TASK_STATUS_COLORS;
  protected readonly statuses = Object.entries(TASK_STATUS_LABELS) as [TaskStatus, string][];
  protected readonly periodText = periodText;
  protected readonly dueWarning = dueWarning;
  protected readonly isEditable = isEditable;
  protected readonly isReview = computed(() => this.mode() === 'review');
  protected readonly title = computed(() => (this.isReview() ? '上报审核' : '我的填报'));

  /** A reviewer starts with what waits for them. */
  protected readonly status = linkedSignal<TaskStatus | null>(() => (this.mode() === 'review' ? 'submitted' : null));
  protected readonly period = signal('');
  protected readonly hospital = signal('');
  protected readonly formId = signal<number | null>(null);
  protected readonly forms = signal<ReportFormSummary[]>([]);
  protected readonly exporting = signal(false);
  protected readonly importing = signal(false);
  protected readonly importResult = signal<ImportResult | null>(null);
  protected readonly importError = signal<string | null>(null);

  protected readonly paged = new PagedTable<ReportTaskSummary>((page, pageSize) =>
    this.api.tasks({
      status: this.status(),
      period: this.period().trim() || null,
      hospital: this.isReview() ? this.hospital().trim() || null : null,
      formId: this.formId(),
      page,
      pageSize,
    }),
  );

  constructor() {
    // Only form managers may list forms; for the others the filter is left out.
    if (!this.auth.can('report:manage')) return;
    this.api.forms().subscribe({
      next: (forms) => this.forms.set(forms),
      // The filter just stays empty.
      error: () => this.forms.set([]),
    });
  }

  protected resetFilters(): void {
    this.status.set(null);
    this.period.set('');
    this.hospital.set('');
    this.formId.set(null);
    this.paged.applyFilters();
  }

  /** A refused cell in words; the server's message usually names its row and field already. */
  protected rejectText(x: ImportReject): string {
    if (/^第\s*\d+\s*行/.test(x.message) || !x.row) return x.message;
    const name = x.label || x.field;
    return `第${x.row}行${name ? `（${name}）` : ''}：${x.message}`;
  }

  /** Opens the task an import filled, so the liaison checks it before submitting. */
  protected openImported(result: ImportResult): void {
    const id = result.taskId ?? result.task?.id;
    if (id) void this.router.navigate(['/reporting/tasks', id]);
  }

  protected open(task: ReportTaskSummary): void {
    void this.router.navigate([this.isReview() ? '/reporting/review' : '/reporting/tasks', task.id]);
  }

  protected actionText(task: ReportTaskSummary): string {
    if (this.isReview()) return task.status === 'submitted' ? '审核' : '查看';
    return isEditable(task.status) ? (task.status === 'returned' ? '修改' : '填报') : '查看';
  }

  /** Fills drafts from a filled template; refused rows are listed with their row and field. */
  protected importFile(event: Event): void {
    const inputEl = event.target as HTMLInputElement;
    const file = inputEl.files?.[0];
    inputEl.value = '';
    if (!file) return;
    if (!/\.xlsx$/i.test(file.name)) {
      this.importError.set('请选择由本平台下载并填写的 .xlsx 模板');
      return;
    }
    this.importing.set(true);
    this.importError.set(null);
    this.importResult.set(null);
    this.api.importFile(file).subscribe({
      next: (result) => {
        this.importing.set(false);
        this.importResult.set(result);
        this.paged.load();
      },
      error: (e: unknown) => {
        this.importing.set(false);
        const apiError = toApiError(e);
        const details = apiError.details as { errors?: ImportReject[] } | ImportReject[] | undefined;
        const rejects = Array.isArray(details) ? details : details?.errors;
        if (rejects?.length) this.importResult.set({ rejects });
        this.importError.set(apiError.message);
      },
    });
  }

  protected async export(): Promise<void> {
    this.exporting.set(true);
    try {
      const rows = await this.paged.all();
      if (rows.length === 0) {
        this.message.info('没有符合条件的任务可导出');
        return;
      }
      await exportToExcel(`${this.title()}-${fileStamp()}`, this.title(), EXPORT_COLUMNS, rows);
      this.message.success(`已导出 ${rows.length} 项任务`);
    } catch {
      // Request errors were already shown by the error interceptor.
    } finally {
      this.exporting.set(false);
    }
  }
}
