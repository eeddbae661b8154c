import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDatePickerModule } from 'ng-zorro-antd/date-picker';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzGridModule } from 'ng-zorro-antd/grid';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzProgressModule } from 'ng-zorro-antd/progress';
import { NzSkeletonModule } from 'ng-zorro-antd/skeleton';
import { NzStatisticModule } from 'ng-zorro-antd/statistic';
import { catchError, finalize, of, switchMap } from 'rxjs';
import { toApiError } from '../../../core/api/api-error';
import { AuthService } from '../../../core/auth/auth.service';
import { silentErrors } from '../../../core/http/http-context';
import { Viewport } from '../../../core/layout/viewport';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { AnalyticsChart } from '../components/analytics-chart';
import { ChangeTag } from '../components/change-tag';
import { DrillDrawer } from '../components/drill-drawer';
import { DrillNumber } from '../components/drill-number';
import { DrillTarget } from '../components/drill-target';
import { AnalyticsApi } from '../data-access/analytics-api';
import {
  COMPLETION_KIND_LABELS,
  formatChange,
  formatNumber,
  formatRate,
  formatValue,
  periodText,
} from '../data-access/analytics-labels';
import { AnalyticsOverview, DrillLinks, OverviewIndicator } from '../data-access/analytics-models';
import { drillLinksFor } from '../data-access/drill-links';
import { defaultYear } from '../data-access/explorer-state';
import { dischargesOption } from '../data-access/chart-options';

/** Excel columns of the key indicators. */
const INDICATOR_COLUMNS: ExcelColumn<OverviewIndicator>[] = [
  { header: '指标编码', value: (r) => r.code, width: 12 },
  { header: '指标名称', value: (r) => r.name, width: 36 },
  { header: '单位', value: (r) => r.unit, width: 8 },
  { header: '本年', value: (r) => r.value, width: 12 },
  { header: '去年', value: (r) => r.lastYear, width: 12 },
  { header: '同比', value: (r) => (r.yoy === null ? null : formatChange(r.yoy)), width: 10 },
  { header: '分子', value: (r) => r.numerator, width: 12 },
  { header: '分母', value: (r) => r.denominator, width: 12 },
];

/**
 * 全市总览: the key indicators of a year against the year before (arrows coloured by each
 * indicator's direction), monthly discharges, completion of the centers' work and what is overdue.
 */
@Component({
  selector: 'app-overview-page',
  imports: [
    FormsModule,
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzDatePickerModule,
    NzEmptyModule,
    NzGridModule,
    NzIconModule,
    NzProgressModule,
    NzSkeletonModule,
    NzStatisticModule,
    AnalyticsChart,
    ChangeTag,
    DrillDrawer,
    DrillNumber,
  ],
  templateUrl: './overview-page.html',
  styleUrl: './overview-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OverviewPage {
  private readonly api = inject(AnalyticsApi);
  private readonly message = inject(NzMessageService);
  private readonly auth = inject(AuthService);
  protected readonly isMobile = inject(Viewport).isMobile;

  protected readonly kindLabels = COMPLETION_KIND_LABELS;
  protected readonly fmt = formatNumber;
  protected readonly fmtValue = formatValue;
  protected readonly fmtRate = formatRate;
  protected readonly periodText = periodText;

  protected readonly year = signal(defaultYear());
  protected readonly yearDate = computed(() => new Date(this.year(), 0, 1));
  protected readonly overview = signal<AnalyticsOverview | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly exporting = signal(false);
  protected readonly drill = signal<DrillTarget | null>(null);
  /** Bumped by 重新加载 to ask for the same year again. */
  private readonly reloads = signal(0);

  protected readonly dischargesOption = computed(() => dischargesOption(this.overview()?.monthlyDischarges ?? []));
  protected readonly totalDischarges = computed(() =>
    (this.overview()?.monthlyDischarges ?? []).reduce((sum, m) => sum + (m.discharges ?? 0), 0),
  );
  protected readonly completionPercent = computed(() => {
    const rate = this.overview()?.completion.total.rate;
    return rate === null || rate === undefined ? 0 : Math.round(rate * 1000) / 10;
  });
  /** Whose numbers these are: the city for the commission, else the user's own data scope. */
  protected readonly scopeName = computed(() => {
    const org = this.auth.me()?.org;
    if (!org || org.kind === 'commission') return this.overview()?.org?.name ?? '全市';
    return `${org.name}（本人数据范围）`;
  });

  /** The org the explorer links open on: the city for the commission, else the user's own org. */
  protected readonly explorerOrg = computed(() => {
    const org = this.auth.me()?.org;
    return org && org.kind !== 'department' ? org.code : null;
  });

  constructor() {
    toObservable(computed(() => ({ year: this.year(), tick: this.reloads() })))
      .pipe(
        switchMap(({ year }) => {
          this.loading.set(true);
          this.error.set(null);
          return this.api.overview(year, silentErrors()).pipe(
            catchError((e: unknown) => {
              this.error.set(toApiError(e).message);
              return of(null);
            }),
            finalize(() => this.loading.set(false)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((overview) => this.overview.set(overview));
  }

  protected setYear(date: Date | null): void {
    if (date) this.year.set(date.getFullYear());
  }

  protected reload(): void {
    this.reloads.update((n) => n + 1);
  }

  protected explorerParams(code: string): Record<string, string | null> {
    const year = this.year();
    return { indicator: code, org: this.explorerOrg(), grain: 'month', from: `${year}-01`, to: `${year}-12` };
  }

  /**
   * The records behind a card: the server's links (the year of the dashboard's org, cut to the caller's
   * scope — the same cells the card adds up, as the year is counted to date); built the same way for
   * an older server that gave none.
   */
  protected linksOf(i: OverviewIndicator): DrillLinks | null {
    if (i.drill !== undefined) return i.drill;
    const o = this.overview();
    const org = o?.org?.code ?? this.explorerOrg();
    if (!o || !org || i.numerator === null || i.numerator === undefined) return null;
    return drillLinksFor(i.code, org, String(o.year), 'year');
  }

  protected drillTitle(i: OverviewIndicator, part?: 'numerator' | 'denominator'): string {
    return [i.name, `${this.year()}年`, part === 'numerator' ? '分子' : part === 'denominator' ? '分母' : '']
      .filter(Boolean)
      .join(' · ');
  }

  protected changeText(change: number | null | undefined): string {
    return formatChange(change);
  }

  protected async export(): Promise<void> {
    const rows = this.overview()?.indicators ?? [];
    if (rows.length === 0) {
      this.message.info('没有可导出的指标');
      return;
    }
    this.exporting.set(true);
    try {
      await exportToExcel(`全市总览-${this.year()}年-${fileStamp()}`, '重点指标', INDICATOR_COLUMNS, rows);
      this.message.success(`已导出 ${rows.length} 项指标`);
    } catch (e) {
      this.message.error(toApiError(e).message);
    } finally {
      this.exporting.set(false);
    }
  }
}
