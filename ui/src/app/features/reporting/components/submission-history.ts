import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { SUBMISSION_STATUS_LABELS, userName } from '../data-access/reporting-labels';
import { FieldValue, ReportField, ReportSubmission } from '../data-access/reporting-models';
import { valueText } from '../data-access/review-compare';
import { CasesValue } from './cases-value';

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'blue',
  returned: 'error',
  approved: 'success',
};

/** 版本记录: every submitted version of a task, newest first; a row opens its values. */
@Component({
  selector: 'app-submission-history',
  imports: [DatePipe, NzTableModule, NzTagModule, CasesValue],
  template: `
    <nz-table
      #t
      data-testid="submission-history"
      nzSize="small"
      [nzData]="rows()"
      [nzShowPagination]="false"
      [nzScroll]="{ x: '640px' }"
      nzNoResult="尚无提交记录"
    >
      <thead>
        <tr>
          <th nzWidth="48px"></th>
          <th nzWidth="70px">版本</th>
          <th nzWidth="90px">状态</th>
          <th nzWidth="150px">提交</th>
          <th nzWidth="150px">审核</th>
          <th>审核意见</th>
        </tr>
      </thead>
      <tbody>
        @for (h of t.data; track h.version) {
          <tr [attr.data-version]="h.version">
            <td [nzExpand]="expanded().has(h.version)" (nzExpandChange)="toggle(h.version)"></td>
            <td>v{{ h.version }}</td>
            <td><nz-tag [nzColor]="colors[h.status]">{{ labels[h.status] || h.status }}</nz-tag></td>
            <td>
              {{ name(h.submittedBy) }}
              <div class="muted small">{{ h.submittedAt | date: 'yyyy-MM-dd HH:mm' }}</div>
            </td>
            <td>
              {{ h.reviewedBy ? name(h.reviewedBy) : '—' }}
              <div class="muted small">{{ h.reviewedAt | date: 'yyyy-MM-dd HH:mm' }}</div>
            </td>
            <td class="comment">{{ h.reviewComment || '—' }}</td>
          </tr>
          <tr [nzExpand]="expanded().has(h.version)">
            <div class="values">
              @for (f of fields(); track f.code) {
                @let v = h.values[f.code];
                <div class="value" [class.cases]="isCases(v)">
                  <span class="muted">{{ f.label }}</span>
                  @if (isCases(v)) {
                    <app-cases-value [values]="v" [unit]="f.unit" [label]="f.label" />
                  } @else {
                    <span>{{ text(v, f.unit) }}</span>
                  }
                </div>
              }
            </div>
          </tr>
        }
      </tbody>
    </nz-table>
  `,
  styles: `
    .small {
      font-size: 12px;
    }
    .comment {
      white-space: pre-wrap;
    }
    .values {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
      gap: 4px 16px;
    }
    .value {
      display: flex;
      justify-content: space-between;
      gap: 8px;
    }
    .value.cases {
      grid-column: 1 / -1;
      flex-wrap: wrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubmissionHistory {
  readonly history = input<ReportSubmission[]>([]);
  readonly fields = input<ReportField[]>([]);

  protected readonly labels = SUBMISSION_STATUS_LABELS as Record<string, string>;
  protected readonly colors = STATUS_COLORS;
  protected readonly name = userName;
  protected readonly text = valueText;
  /** A 逐例数值 value with at least one case. */
  protected readonly isCases = (value: FieldValue | undefined): value is number[] => Array.isArray(value) && value.length > 0;
  protected readonly rows = computed(() => [...this.history()].sort((a, b) => b.version - a.version));
  protected readonly expanded = signal<ReadonlySet<number>>(new Set());

  protected toggle(version: number): void {
    this.expanded.update((set) => {
      const next = new Set(set);
      if (next.has(version)) next.delete(version);
      else next.add(version);
      return next;
    });
  }
}
