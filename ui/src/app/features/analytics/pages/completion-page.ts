import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDatePickerModule } from 'ng-zorro-antd/date-picker';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzProgressModule } from 'ng-zorro-antd/progress';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSkeletonModule } from 'ng-zorro-antd/skeleton';
import { NzTableModule } from 'ng-zorro-antd/table';
import { catchError, finalize, of, switchMap } from 'rxjs';
import { toApiError } from '../../../core/api/api-error';
import { silentErrors } from '../../../core/http/http-context';
import { Viewport } from '../../../core/layout/viewport';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { AnalyticsChart } from '../components/analytics-chart';
import { ChangeTag } from '../components/change-tag';
import { AnalyticsApi } from '../data-access/analytics-api';
import { COMPLETION_KIND_LABELS, formatRate } from '../data-access/analytics-labels';
import { Completion, CompletionCell, CompletionKind, CompletionRow } from '../data-access/analytics-models';
import { completionOption, sumCells } from '../data-access/chart-options';
import { CITY_FORMS, COMPLETION_KINDS, completionBars, completionMatrix } from '../data-access/completion-matrix';
import { defaultYear } from '../data-access/explorer-state';
import { OrgOptions } from '../data-access/org-options';

/** The change of a rate against last year's, as a relative change for ChangeTag (null without a base). */
function rateChange(current: CompletionCell | null | undefined, lastYear: CompletionCell | null | undefined): number | null {
  if (!current || !lastYear || current.rate === null || lastYear.rate === null || lastYear.rate === 0) return null;
  return current.rate / lastYear.rate - 1;
}

const EXPORT_COLUMNS: ExcelColumn<CompletionRow>[] = [
  { header: '质控中心', value: (r) => (r.center ?? CITY_FORMS).name, width: 30 },
  { header: '工作类型', value: (r) => r.kindName || COMPLETION_KIND_LABELS[r.kind] || r.kind, width: 10 },
  { header: '已完成', value: (r) => r.done, width: 8 },
  { header: '应完成', value: (r) => r.due, width: 8 },
  { header: '完成率', value: (r) => formatRate(r.rate), width: 10 },
  { header: '去年同期已完成', value: (r) => r.lastYear?.done, width: 14 },
  { header: '去年同期应完成', value: (r) => r.lastYear?.due, width: 14 },
  { header: '去年同期完成率', value: (r) => formatRate(r.lastYear?.rate), width: 14 },
];

/** 工作完成率: each center's completion of its work by kind, against the same period last year. */
@Component({
  selector: 'app-completion-page',
  imports: [
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzDatePickerModule,
    NzEmptyModule,
    NzIconModule,
    NzProgressModule,
    NzSelectModule,
    NzSkeletonModule,
    NzTableModule,
    AnalyticsChart,
    ChangeTag,
  ],
  providers: [OrgOptions],
  templateUrl: './completion-page.html',
  styleUrl: './completion-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CompletionPage {
  private readonly api = inject(AnalyticsApi);
  private readonly message = inject(NzMessageService);
  protected readonly orgs = inject(OrgOptions);
  protected readonly isMobile = inject(Viewport).isMobile;

  protected readonly kinds = COMPLETION_KINDS;
  protected readonly fmtRate = formatRate;
  protected readonly rateChange = rateChange;
  protected readonly quarters = [1, 2, 3, 4];

  protected readonly year = signal(defaultYear());
  protected readonly yearDate = computed(() => new Date(this.year(), 0, 1));
  protected readonly quarter = signal<number | null>(null);
  protected readonly center = signal<string | null>(null);
  protected readonly kind = signal<CompletionKind | null>(null);

  protected readonly data = signal<Completion | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly exporting = signal(false);

  protected readonly matrix = computed(() => completionMatrix(this.data()?.rows ?? []));
  protected readonly visibleKinds = computed(() => {
    const kind = this.kind();
    const present = new Set((this.data()?.rows ?? []).map((r) => r.kind));
    return COMPLETION_KINDS.filter((k) => (kind ? k === kind : present.has(k)));
  });
  protected readonly total = computed(() => {
    const rows = this.data()?.rows ?? [];
    return { current: sumCells(rows), lastYear: sumCells(rows.map((r) => r.lastYear)) };
  });
  /** The server's names of the kinds (质控报告 …), falling back to ours before an answer. */
  protected readonly kindNames = computed<Record<CompletionKind, string>>(() => {
    const names = { ...COMPLETION_KIND_LABELS };
    for (const r of [...(this.data()?.totals ?? []), ...(this.data()?.rows ?? [])]) if (r.kindName) names[r.kind] = r.kindName;
    return names;
  });
  protected readonly chartOption = computed(() => completionOption(completionBars(this.data()?.rows ?? [], this.center())));
  protected readonly chartHeight = computed(() => (this.isMobile() ? 300 : 360));

  constructor() {
    this.orgs.load();
    toObservable(
      computed(() => ({ year: this.year(), quarter: this.quarter(), center: this.center(), kind: this.kind() })),
    )
      .pipe(
        switchMap((query) => {
          this.loading.set(true);
          this.error.set(null);
          return this.api.completion(query, silentErrors()).pipe(
            catchError((e: unknown) => {
              this.error.set(toApiError(e).message);
              return of(null);
            }),
            finalize(() => this.loading.set(false)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((data) => this.data.set(data));
  }

  protected setYear(date: Date | null): void {
    if (date) this.year.set(date.getFullYear());
  }

  protected percent(cell: CompletionCell | null | undefined): number {
    return cell && cell.rate !== null ? Math.round(cell.rate * 1000) / 10 : 0;
  }

  protected periodLabel(): string {
    const q = this.quarter();
    return q ? `${this.year()}年第${q}季度` : `${this.year()}年`;
  }

  protected async export(): Promise<void> {
    const rows = this.data()?.rows ?? [];
    if (rows.length === 0) {
      this.message.info('没有可导出的数据');
      return;
    }
    this.exporting.set(true);
    try {
      await exportToExcel(`工作完成率-${this.periodLabel()}-${fileStamp()}`, '工作完成率', EXPORT_COLUMNS, rows);
      this.message.success(`已导出 ${rows.length} 行`);
    } catch (e) {
      this.message.error(toApiError(e).message);
    } finally {
      this.exporting.set(false);
    }
  }
}
