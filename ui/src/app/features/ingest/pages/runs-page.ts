import { DatePipe, DecimalPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { EMPTY, switchMap, timer } from 'rxjs';
import { Connection, RunStatus, RunSummary } from '../../../core/api/models';
import { Viewport } from '../../../core/layout/viewport';
import { formatDateTime } from '../../../shared/dates';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { PagedTable } from '../../../shared/paged-table';
import { RunDrawer } from '../components/run-drawer';
import { RunProgress } from '../components/run-progress';
import { HospitalOptions } from '../data-access/hospital-options';
import { IngestApi } from '../data-access/ingest-api';
import {
  RUN_STATUS_COLORS,
  RUN_STATUS_LABELS,
  RUN_TRIGGER_LABELS,
  formatDuration,
  isActiveRun,
  runSource,
} from '../data-access/ingest-labels';

/** How often the page refreshes while a run on it is queued or running. */
const LIVE_REFRESH_MS = 2000;

const EXPORT_COLUMNS: ExcelColumn<RunSummary>[] = [
  { header: '时间', value: (r) => formatDateTime(r.queuedAt), width: 18 },
  { header: '机构', value: (r) => r.org?.name, width: 26 },
  { header: '来源/连接', value: (r) => runSource(r), width: 22 },
  { header: '触发方式', value: (r) => RUN_TRIGGER_LABELS[r.trigger] ?? r.trigger, width: 10 },
  { header: '文件', value: (r) => r.fileName, width: 30 },
  { header: '状态', value: (r) => RUN_STATUS_LABELS[r.status] ?? r.status, width: 10 },
  { header: '读取', value: (r) => r.rowsRead, width: 10 },
  { header: '入库', value: (r) => r.rowsLoaded, width: 10 },
  { header: '拒收', value: (r) => r.rowsRejected, width: 10 },
  { header: '耗时', value: (r) => formatDuration(r.durationMs), width: 12 },
  { header: '操作人', value: (r) => r.createdBy, width: 12 },
  { header: '失败原因', value: (r) => r.error, width: 40 },
  { header: '运行编号', value: (r) => r.runId, width: 38 },
];

/**
 * 运行记录: every upload and connection run in the user's scope, newest first. Runs still queued or
 * running update on their own; a row opens the details and rejects.
 */
@Component({
  selector: 'app-runs-page',
  imports: [
    DatePipe,
    DecimalPipe,
    FormsModule,
    NzButtonModule,
    NzCardModule,
    NzIconModule,
    NzSelectModule,
    NzTableModule,
    NzTagModule,
    RunDrawer,
    RunProgress,
  ],
  providers: [HospitalOptions],
  templateUrl: './runs-page.html',
  styleUrl: './runs-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RunsPage {
  private readonly api = inject(IngestApi);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  protected readonly isMobile = inject(Viewport).isMobile;
  protected readonly hospitals = inject(HospitalOptions);

  /** `?runId=` opens that run (links from 数据上传 and 数据连接). */
  readonly runId = input<string>();
  /** `?connectionId=` filters on one connection (数据连接 → 运行记录). */
  readonly connectionId = input<string>();

  protected readonly statusLabels = RUN_STATUS_LABELS;
  protected readonly statusColors = RUN_STATUS_COLORS;
  protected readonly triggerLabels = RUN_TRIGGER_LABELS;
  protected readonly statuses = Object.entries(RUN_STATUS_LABELS) as [RunStatus, string][];
  protected readonly source = runSource;
  protected readonly isActive = isActiveRun;
  protected readonly formatDuration = formatDuration;

  protected readonly org = signal<string | null>(null);
  protected readonly status = signal<RunStatus | null>(null);
  protected readonly connection = linkedSignal<number | null>(() => {
    const id = Number(this.connectionId());
    return Number.isInteger(id) && id > 0 ? id : null;
  });
  protected readonly connections = signal<Connection[]>([]);
  protected readonly openRunId = linkedSignal<string | null>(() => this.runId() || null);
  protected readonly exporting = signal(false);

  protected readonly paged = new PagedTable<RunSummary>((page, pageSize) =>
    this.api.runs({ org: this.org(), status: this.status(), connectionId: this.connection(), page, pageSize }),
  );
  protected readonly anyActive = computed(() => this.paged.rows().some((r) => isActiveRun(r.status)));

  constructor() {
    this.hospitals.load(true);
    this.api.connections(true).subscribe({
      next: (list) => this.connections.set(list),
      // The connection filter just stays empty.
      error: () => this.connections.set([]),
    });
    // Live rows: after each answer, ask again in 2 s while a run on screen has not finished.
    toObservable(this.paged.rows)
      .pipe(
        switchMap((rows) => (rows.some((r) => isActiveRun(r.status)) ? timer(LIVE_REFRESH_MS) : EMPTY)),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.paged.refresh());
  }

  protected resetFilters(): void {
    this.org.set(null);
    this.status.set(null);
    this.connection.set(null);
    this.paged.applyFilters();
  }

  protected open(run: RunSummary): void {
    this.openRunId.set(run.runId);
  }

  protected closeDrawer(): void {
    this.openRunId.set(null);
    // Drop ?runId= so a reload or the same link later opens it again.
    if (this.runId()) {
      void this.router.navigate([], { queryParams: { runId: null }, queryParamsHandling: 'merge', replaceUrl: true });
    }
  }

  /** Exports every run matching the filters, not just the page on screen. */
  protected async export(): Promise<void> {
    this.exporting.set(true);
    try {
      const rows = await this.paged.all();
      if (rows.length === 0) {
        this.message.info('没有符合条件的运行记录可导出');
        return;
      }
      await exportToExcel(`运行记录-${fileStamp()}`, '运行记录', EXPORT_COLUMNS, rows);
      this.message.success(`已导出 ${rows.length} 条运行记录`);
    } catch {
      // Request errors were already shown by the error interceptor.
    } finally {
      this.exporting.set(false);
    }
  }
}
