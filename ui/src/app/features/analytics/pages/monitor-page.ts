import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDatePickerModule } from 'ng-zorro-antd/date-picker';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { catchError, finalize, of, switchMap } from 'rxjs';
import { toApiError } from '../../../core/api/api-error';
import { silentErrors } from '../../../core/http/http-context';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { AnalyticsApi } from '../data-access/analytics-api';
import { MonitorRow } from '../data-access/analytics-models';
import { monthOf } from '../data-access/explorer-state';
import { MONITOR_LEVELS, filterMonitorRows, monitorCenterName } from '../data-access/monitor-filter';
import { OrgOptions } from '../data-access/org-options';

const EXPORT_COLUMNS: ExcelColumn<MonitorRow>[] = [
  { header: '状态', value: (r) => MONITOR_LEVELS[r.level]?.label ?? r.level, width: 10 },
  { header: '机构代码', value: (r) => r.org, width: 12 },
  { header: '机构', value: (r) => r.orgName, width: 28 },
  { header: '质控中心', value: (r) => monitorCenterName(r), width: 28 },
  { header: '类型', value: (r) => r.item.kindName, width: 10 },
  { header: '事项', value: (r) => r.item.title, width: 40 },
  { header: '截止日期', value: (r) => r.dueDate, width: 12 },
  { header: '逾期天数', value: (r) => r.daysOverdue, width: 10 },
  { header: '剩余天数', value: (r) => r.daysLeft, width: 10 },
];

/** 上报监测: reports and activities due soon or overdue and not done, by hospital and center. */
@Component({
  selector: 'app-monitor-page',
  imports: [
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzDatePickerModule,
    NzIconModule,
    NzInputModule,
    NzRadioModule,
    NzSelectModule,
    NzTableModule,
    NzTagModule,
  ],
  providers: [OrgOptions],
  templateUrl: './monitor-page.html',
  styleUrl: './monitor-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MonitorPage {
  private readonly api = inject(AnalyticsApi);
  private readonly message = inject(NzMessageService);
  protected readonly orgs = inject(OrgOptions);

  /** `?level=overdue|warning` (links from the overview's counts). */
  readonly levelParam = input<string>(undefined, { alias: 'level' });

  protected readonly levels = MONITOR_LEVELS;
  protected readonly centerName = monitorCenterName;

  protected readonly period = signal<Date | null>(null);
  protected readonly center = signal<string | null>(null);
  protected readonly level = linkedSignal<MonitorRow['level'] | null>(() => {
    const l = this.levelParam();
    return l === 'warning' || l === 'overdue' ? l : null;
  });
  protected readonly text = signal('');

  protected readonly rows = signal<MonitorRow[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly exporting = signal(false);

  protected readonly visible = computed(() => filterMonitorRows(this.rows(), { level: this.level(), text: this.text() }));
  protected readonly counts = computed(() => ({
    overdue: this.rows().filter((r) => r.level === 'overdue').length,
    warning: this.rows().filter((r) => r.level === 'warning').length,
  }));

  constructor() {
    this.orgs.load();
    toObservable(computed(() => ({ period: this.period(), center: this.center() })))
      .pipe(
        switchMap(({ period, center }) => {
          this.loading.set(true);
          this.error.set(null);
          return this.api.monitor({ period: period ? monthOf(period) : null, center }, silentErrors()).pipe(
            catchError((e: unknown) => {
              this.error.set(toApiError(e).message);
              return of(null);
            }),
            finalize(() => this.loading.set(false)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((monitor) => this.rows.set(monitor?.rows ?? []));
  }

  protected overdueText(row: MonitorRow): string {
    if (row.daysOverdue > 0) return `逾期 ${row.daysOverdue} 天`;
    return row.daysLeft > 0 ? `还剩 ${row.daysLeft} 天` : '今天到期';
  }

  protected reset(): void {
    this.period.set(null);
    this.center.set(null);
    this.level.set(null);
    this.text.set('');
  }

  protected async export(): Promise<void> {
    const rows = this.visible();
    if (rows.length === 0) {
      this.message.info('没有符合条件的事项可导出');
      return;
    }
    this.exporting.set(true);
    try {
      await exportToExcel(`上报监测-${fileStamp()}`, '上报监测', EXPORT_COLUMNS, rows);
      this.message.success(`已导出 ${rows.length} 条事项`);
    } catch (e) {
      this.message.error(toApiError(e).message);
    } finally {
      this.exporting.set(false);
    }
  }
}
