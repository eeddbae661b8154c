import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzSkeletonModule } from 'ng-zorro-antd/skeleton';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { toApiError } from '../../../core/api/api-error';
import { Viewport } from '../../../core/layout/viewport';
import { ExcelColumn, exportToExcel } from '../../../shared/excel-export';
import { CasesValue } from '../components/cases-value';
import { SubmissionHistory } from '../components/submission-history';
import { fieldsOf } from '../data-access/fill-form';
import { ReportingApi } from '../data-access/reporting-api';
import { TASK_STATUS_COLORS, TASK_STATUS_LABELS, periodText, userName } from '../data-access/reporting-labels';
import { FieldValue, ReportTask } from '../data-access/reporting-models';
import { CompareRow, compareRows, reviewedVersions, valueText } from '../data-access/review-compare';

/** A value in the Excel export: numbers stay numbers; a list of cases is written as its summary. */
function cell(value: FieldValue, row: CompareRow): number | string | null {
  return Array.isArray(value) ? valueText(value, row.field.unit) : value;
}

/**
 * 审核: the submitted values (beside the previous version's when the task was returned and
 * resubmitted), then 通过 or 退回 with a comment, which is required to return.
 */
@Component({
  selector: 'app-review-page',
  imports: [
    DatePipe,
    DecimalPipe,
    FormsModule,
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzFormModule,
    NzIconModule,
    NzInputModule,
    NzResultModule,
    NzSkeletonModule,
    NzTableModule,
    NzTagModule,
    CasesValue,
    SubmissionHistory,
  ],
  templateUrl: './review-page.html',
  styleUrl: './review-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewPage {
  private readonly api = inject(ReportingApi);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  protected readonly isMobile = inject(Viewport).isMobile;

  /** Route `:id`. */
  readonly id = input.required<string>();

  protected readonly statusLabels = TASK_STATUS_LABELS;
  protected readonly statusColors = TASK_STATUS_COLORS;
  protected readonly periodText = periodText;
  protected readonly userName = userName;
  /** A 逐例数值 value (the template shows it as a summary with its list). */
  protected readonly isCases = (value: FieldValue): value is number[] => Array.isArray(value);

  protected readonly task = signal<ReportTask | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly comment = signal('');
  /** Set once 退回 was pressed without a comment. */
  protected readonly commentMissing = signal(false);
  protected readonly deciding = signal<'approve' | 'return' | null>(null);

  protected readonly fields = computed(() => {
    const t = this.task();
    return t ? fieldsOf(t) : [];
  });
  protected readonly versions = computed(() => {
    const t = this.task();
    return t ? reviewedVersions(t) : { current: null, previous: null };
  });
  protected readonly rows = computed<CompareRow[]>(() => {
    const t = this.task();
    const { current, previous } = this.versions();
    return compareRows(this.fields(), current?.values ?? t?.values ?? null, previous?.values ?? null);
  });
  protected readonly canDecide = computed(() => {
    const t = this.task();
    return !!t && t.status === 'submitted' && (t.can?.review ?? true);
  });

  constructor() {
    effect(() => this.load(Number(this.id())));
  }

  private load(id: number): void {
    this.loadError.set(null);
    this.api.task(id).subscribe({
      next: (task) => this.task.set(task),
      error: (e: unknown) => this.loadError.set(toApiError(e).message),
    });
  }

  protected decide(decision: 'approve' | 'return'): void {
    const task = this.task();
    if (!task) return;
    const comment = this.comment().trim();
    if (decision === 'return' && !comment) {
      this.commentMissing.set(true);
      return;
    }
    this.deciding.set(decision);
    this.api.review(task.id, decision, comment).subscribe({
      next: () => {
        this.deciding.set(null);
        this.message.success(decision === 'approve' ? '已审核通过，数据将进入指标统计' : '已退回，医院联络员会看到您的意见');
        this.comment.set('');
        this.commentMissing.set(false);
        this.load(task.id);
      },
      error: () => this.deciding.set(null),
    });
  }

  protected onComment(value: string): void {
    this.comment.set(value);
    if (value.trim()) this.commentMissing.set(false);
  }

  protected async export(): Promise<void> {
    const t = this.task();
    if (!t) return;
    const columns: ExcelColumn<CompareRow>[] = [
      { header: '字段', value: (r) => r.field.label, width: 28 },
      { header: '单位', value: (r) => r.field.unit, width: 8 },
      { header: `本次（v${this.versions().current?.version ?? ''}）`, value: (r) => cell(r.current, r), width: 14 },
    ];
    if (this.versions().previous) {
      columns.push({ header: `上一版（v${this.versions().previous?.version}）`, value: (r) => cell(r.previous, r), width: 14 });
    }
    await exportToExcel(`${t.form.name}-${t.hospital.name}-${t.periodLabel}`, '上报数据', columns, this.rows());
  }

  protected back(): void {
    void this.router.navigate(['/reporting/review']);
  }
}
