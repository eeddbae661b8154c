import { ChangeDetectionStrategy, Component, computed, effect, inject, input, linkedSignal, signal, untracked } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDatePickerModule } from 'ng-zorro-antd/date-picker';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzGridModule } from 'ng-zorro-antd/grid';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSkeletonModule } from 'ng-zorro-antd/skeleton';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { EMPTY, catchError, finalize, of, switchMap } from 'rxjs';
import { toApiError } from '../../../core/api/api-error';
import { silentErrors } from '../../../core/http/http-context';
import { Viewport } from '../../../core/layout/viewport';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { AnalyticsChart } from '../components/analytics-chart';
import { ChangeTag } from '../components/change-tag';
import { DrillDrawer } from '../components/drill-drawer';
import { DrillNumber } from '../components/drill-number';
import { DrillPart, DrillTarget } from '../components/drill-target';
import { AnalyticsApi } from '../data-access/analytics-api';
import {
  DIRECTION_LABELS,
  GRAIN_LABELS,
  SPC_CHART_LABELS,
  formatChange,
  formatNumber,
  formatValue,
  isCaseIndicator,
  partLabels,
  periodText,
  signalLabel,
} from '../data-access/analytics-labels';
import { DrillLinks, Grain, IndicatorOption, IndicatorSeries, Ranking, RankingRow } from '../data-access/analytics-models';
import { rankingOption } from '../data-access/chart-options';
import {
  ExplorerState,
  explorerQueryParams,
  monthOf,
  monthToDate,
  parseExplorerParams,
  periodsInRange,
} from '../data-access/explorer-state';
import { OrgOptions } from '../data-access/org-options';
import { TrendRow, buildSpcOption, buildTrendRows } from '../data-access/spc-chart';

/** Indicators of one specialty, for the grouped select. */
interface IndicatorGroup {
  specialty: string;
  items: IndicatorOption[];
}

/**
 * 指标分析: one indicator for one org over a range — the trend as a control chart with last year's
 * values, the hospitals ranked for a period, and the cells as a table. The URL holds the choice
 * (`?indicator=&org=&grain=&from=&to=`), so links from elsewhere and reloads land on the same view.
 */
@Component({
  selector: 'app-explorer-page',
  imports: [
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzDatePickerModule,
    NzEmptyModule,
    NzGridModule,
    NzIconModule,
    NzRadioModule,
    NzSelectModule,
    NzSkeletonModule,
    NzTableModule,
    NzTagModule,
    AnalyticsChart,
    ChangeTag,
    DrillDrawer,
    DrillNumber,
  ],
  providers: [OrgOptions],
  templateUrl: './explorer-page.html',
  styleUrl: './explorer-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExplorerPage {
  private readonly api = inject(AnalyticsApi);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  protected readonly orgs = inject(OrgOptions);
  protected readonly isMobile = inject(Viewport).isMobile;

  // Query params, bound by the router.
  readonly indicator = input<string>();
  readonly org = input<string>();
  readonly grain = input<string>();
  readonly from = input<string>();
  readonly to = input<string>();

  protected readonly grainLabels = GRAIN_LABELS;
  protected readonly grains = Object.entries(GRAIN_LABELS) as [Grain, string][];
  protected readonly directionLabels = DIRECTION_LABELS;
  protected readonly spcLabels = SPC_CHART_LABELS;
  protected readonly fmt = formatNumber;
  protected readonly fmtValue = formatValue;
  protected readonly fmtChange = formatChange;
  protected readonly periodText = periodText;
  protected readonly signalLabel = signalLabel;

  /** The view asked for by the URL, with defaults for what it leaves out. */
  protected readonly state = computed<ExplorerState>(() =>
    parseExplorerParams({
      indicator: this.indicator(),
      org: this.org(),
      grain: this.grain(),
      from: this.from(),
      to: this.to(),
    }),
  );
  /** The org actually queried: the URL's, else the user's own (the city for the commission). */
  protected readonly effectiveOrg = computed(() => this.state().org ?? this.orgs.defaultCode());
  protected readonly range = computed<Date[]>(() => [monthToDate(this.state().from), monthToDate(this.state().to)]);

  protected readonly indicators = signal<IndicatorOption[]>([]);
  protected readonly indicatorsLoading = signal(true);
  protected readonly indicatorGroups = computed<IndicatorGroup[]>(() => {
    const groups = new Map<string, IndicatorOption[]>();
    for (const item of this.indicators()) {
      const list = groups.get(item.specialty) ?? [];
      list.push(item);
      groups.set(item.specialty, list);
    }
    return [...groups].map(([specialty, items]) => ({ specialty, items }));
  });
  protected readonly selectedIndicator = computed(() =>
    this.indicators().find((i) => i.code === this.state().indicator) ?? null,
  );

  protected readonly series = signal<IndicatorSeries | null>(null);
  protected readonly seriesLoading = signal(false);
  protected readonly seriesError = signal<string | null>(null);
  protected readonly trendRows = computed<TrendRow[]>(() => {
    const series = this.series();
    return series ? buildTrendRows(series, this.effectiveOrg()) : [];
  });
  protected readonly spcOption = computed(() => {
    const series = this.series();
    return series ? buildSpcOption(series, this.trendRows()) : null;
  });
  protected readonly signalRows = computed(() => this.trendRows().filter((r) => r.signals.length > 0));
  protected readonly unit = computed(() => this.series()?.indicator.unit ?? this.selectedIndicator()?.unit ?? null);
  protected readonly direction = computed(
    () => this.series()?.indicator.direction ?? this.selectedIndicator()?.direction ?? null,
  );
  /** A median or percentile: no numerator, the denominator (例数) lists the cases. */
  protected readonly cases = computed(() => isCaseIndicator(this.selectedIndicator()?.kind));
  protected readonly parts = computed(() => partLabels(this.selectedIndicator()?.kind));
  /** The part a value opens: the numerator's records, or the cases when there is no numerator. */
  protected readonly valuePart = computed<DrillPart>(() => (this.cases() ? 'denominator' : 'numerator'));
  protected readonly latest = computed(() => {
    const rows = this.trendRows().filter((r) => r.value !== null);
    return rows[rows.length - 1] ?? null;
  });

  /** The ranking's period: the last of the range unless the user picks another. */
  protected readonly rankingPeriods = computed(() => {
    const s = this.state();
    return periodsInRange(s.from, s.to, s.grain).reverse();
  });
  protected readonly rankingPeriod = linkedSignal<string | null>(() => this.rankingPeriods()[0] ?? null);
  protected readonly ranking = signal<Ranking | null>(null);
  protected readonly rankingLoading = signal(false);
  protected readonly rankingError = signal<string | null>(null);
  protected readonly rankingOption = computed(() => rankingOption(this.ranking()?.rows ?? [], this.unit()));
  /** Hospitals with a value this period: the chart draws only these (the table lists all). */
  protected readonly rankedCount = computed(() => (this.ranking()?.rows ?? []).filter((r) => r.value !== null).length);
  protected readonly rankingHeight = computed(() => Math.max(240, this.rankedCount() * 26 + 40));

  protected readonly drill = signal<DrillTarget | null>(null);
  protected readonly exporting = signal(false);

  constructor() {
    this.orgs.load();
    this.api.indicators().subscribe({
      next: (items) => {
        this.indicators.set(items);
        this.indicatorsLoading.set(false);
      },
      error: () => this.indicatorsLoading.set(false),
    });

    // Keep the URL complete, so copying it gives the same view to someone else.
    effect(() => {
      const s = this.state();
      const org = this.effectiveOrg();
      if (!s.org && org) untracked(() => this.navigate({ org }, true));
    });

    toObservable(computed(() => ({ state: this.state(), org: this.effectiveOrg() })))
      .pipe(
        switchMap(({ state, org }) => {
          this.seriesError.set(null);
          if (!state.indicator || !org) {
            this.series.set(null);
            return EMPTY;
          }
          this.seriesLoading.set(true);
          const { indicator, grain, from, to } = state;
          return this.api.series(indicator, { org, grain, from, to }, silentErrors()).pipe(
            catchError((e: unknown) => {
              this.seriesError.set(toApiError(e).message);
              return of(null);
            }),
            finalize(() => this.seriesLoading.set(false)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((series) => this.series.set(series));

    toObservable(
      computed(() => ({
        indicator: this.state().indicator,
        grain: this.state().grain,
        period: this.rankingPeriod(),
        center: this.rankingCenter(),
      })),
    )
      .pipe(
        switchMap(({ indicator, grain, period, center }) => {
          this.rankingError.set(null);
          if (!indicator || !period) {
            this.ranking.set(null);
            return EMPTY;
          }
          this.rankingLoading.set(true);
          return this.api.ranking(indicator, { period, grain, center }, silentErrors()).pipe(
            catchError((e: unknown) => {
              this.rankingError.set(toApiError(e).message);
              return of(null);
            }),
            finalize(() => this.rankingLoading.set(false)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((ranking) => this.ranking.set(ranking));
  }

  /** A center org ranks its own hospitals; the city and a hospital rank every hospital in scope. */
  private readonly rankingCenter = computed(() => {
    const org = this.effectiveOrg();
    return this.orgs.options().find((o) => o.code === org)?.kind === 'qc_center' ? org : null;
  });

  protected setIndicator(code: string | null): void {
    this.navigate({ indicator: code });
  }

  protected setOrg(org: string | null): void {
    this.navigate({ org });
  }

  protected setGrain(grain: Grain): void {
    this.navigate({ grain });
  }

  protected setRange(range: (Date | null)[] | null): void {
    const [from, to] = range ?? [];
    if (!from || !to) return;
    this.navigate({ from: monthOf(from), to: monthOf(to) });
  }

  private navigate(patch: Partial<ExplorerState>, replaceUrl = false): void {
    const queryParams = explorerQueryParams({ ...this.state(), org: this.effectiveOrg(), ...patch });
    void this.router.navigate([], { queryParams, replaceUrl });
  }

  protected orgName(code: string | null | undefined): string {
    return this.orgs.nameOf(code);
  }

  protected indicatorName(): string {
    return this.series()?.indicator.name ?? this.selectedIndicator()?.name ?? this.state().indicator ?? '';
  }

  /** Opens the records behind a number of the table or ranking. */
  protected openDrill(target: DrillTarget): void {
    // the drawer shows the right columns while the first page loads; the answer confirms the kind
    const binding = this.series()?.indicator.binding ?? this.selectedIndicator()?.binding;
    this.drill.set({ ...target, kind: binding === 'reported' ? 'reported' : 'discharge', cases: this.cases() });
  }

  protected drillTitle(orgCode: string | null, period: string, part?: DrillPart): string {
    const parts = [this.indicatorName(), this.orgName(orgCode), period];
    if (part) parts.push(this.parts()[part]);
    return parts.filter(Boolean).join(' · ');
  }

  protected links(links: DrillLinks | null | undefined): DrillLinks | null {
    return links ?? null;
  }

  protected isSelectedOrg(row: RankingRow): boolean {
    return row.org === this.effectiveOrg();
  }

  /** The data table as Excel: every period with its cell, limits and comparison. */
  protected async exportTrend(): Promise<void> {
    const rows = this.trendRows();
    if (rows.length === 0) {
      this.message.info('没有可导出的数据');
      return;
    }
    const unit = this.unit();
    const columns: ExcelColumn<TrendRow>[] = [
      { header: '期间', value: (r) => r.period, width: 10 },
      { header: '分子', value: (r) => r.numerator, width: 12 },
      { header: this.parts().denominator, value: (r) => r.denominator, width: 12 },
      { header: `指标值${unit ? `（${unit}）` : ''}`, value: (r) => r.value, width: 14 },
      { header: 'UCL', value: (r) => r.ucl, width: 12 },
      { header: 'LCL', value: (r) => r.lcl, width: 12 },
      { header: '去年同期', value: (r) => r.lastYear, width: 12 },
      { header: '同比', value: (r) => (r.yoy === null ? null : formatChange(r.yoy)), width: 10 },
      { header: '环比', value: (r) => (r.pop === null ? null : formatChange(r.pop)), width: 10 },
      { header: '异常信号', value: (r) => r.signals.map(signalLabel).join('；'), width: 30 },
    ];
    await this.runExport(`${this.indicatorName()}-${this.orgName(this.effectiveOrg())}`, '趋势数据', columns, rows);
  }

  /** The ranking as Excel. */
  protected async exportRanking(): Promise<void> {
    const rows = this.ranking()?.rows ?? [];
    if (rows.length === 0) {
      this.message.info('没有可导出的排名');
      return;
    }
    const columns: ExcelColumn<RankingRow>[] = [
      { header: '排名', value: (r) => r.rank, width: 8 },
      { header: '机构代码', value: (r) => r.org, width: 12 },
      { header: '医疗机构', value: (r) => r.orgName, width: 28 },
      { header: '分子', value: (r) => r.numerator, width: 12 },
      { header: this.parts().denominator, value: (r) => r.denominator, width: 12 },
      { header: `指标值${this.unit() ? `（${this.unit()}）` : ''}`, value: (r) => r.value, width: 14 },
      { header: '去年同期', value: (r) => r.lastYear, width: 12 },
      { header: '同比', value: (r) => (r.yoy === null ? null : formatChange(r.yoy)), width: 10 },
    ];
    await this.runExport(`${this.indicatorName()}-排名-${this.rankingPeriod()}`, '机构排名', columns, rows);
  }

  private async runExport<T>(name: string, sheet: string, columns: ExcelColumn<T>[], rows: T[]): Promise<void> {
    this.exporting.set(true);
    try {
      await exportToExcel(`${name.replace(/[\\/:*?"<>|\s]+/g, '_')}-${fileStamp()}`, sheet, columns, rows);
      this.message.success(`已导出 ${rows.length} 行`);
    } catch (e) {
      this.message.error(toApiError(e).message);
    } finally {
      this.exporting.set(false);
    }
  }
}
