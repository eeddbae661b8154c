import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzDescriptionsModule } from 'ng-zorro-antd/descriptions';
import { NzDrawerModule } from 'ng-zorro-antd/drawer';
import { NzSkeletonModule } from 'ng-zorro-antd/skeleton';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { EMPTY, catchError, switchMap } from 'rxjs';
import { toApiError } from '../../../core/api/api-error';
import { Run } from '../../../core/api/models';
import { Viewport } from '../../../core/layout/viewport';
import { IngestApi } from '../data-access/ingest-api';
import {
  INGEST_KIND_LABELS,
  RUN_STATUS_COLORS,
  RUN_STATUS_LABELS,
  RUN_TRIGGER_LABELS,
  formatDuration,
  isActiveRun,
  runCounts,
  runSource,
} from '../data-access/ingest-labels';
import { pollRun } from '../data-access/run-polling';
import { RunProgress } from './run-progress';
import { RunRejects } from './run-rejects';

/** One run in a drawer: details, live progress while it moves, the reason it failed, its rejects. */
@Component({
  selector: 'app-run-drawer',
  imports: [
    DatePipe,
    NzDrawerModule,
    NzDescriptionsModule,
    NzTagModule,
    NzAlertModule,
    NzSkeletonModule,
    RunProgress,
    RunRejects,
  ],
  template: `
    <nz-drawer
      [nzVisible]="true"
      nzTitle="运行详情"
      [nzWidth]="isMobile() ? '100%' : '720px'"
      (nzOnClose)="closed.emit()"
    >
      <ng-container *nzDrawerContent>
        <div data-testid="run-detail">
          @if (loadError(); as message) {
            <nz-alert class="block" nzType="error" nzShowIcon [nzMessage]="message" />
          }
          @if (run(); as r) {
            <nz-descriptions class="block" nzSize="small" [nzBordered]="!isMobile()" [nzColumn]="columns">
              <nz-descriptions-item nzTitle="状态">
                <nz-tag data-testid="run-status" [nzColor]="statusColors[r.status]">{{ statusLabels[r.status] }}</nz-tag>
              </nz-descriptions-item>
              <nz-descriptions-item nzTitle="数据类型">{{ kindLabels[r.kind] }}</nz-descriptions-item>
              <nz-descriptions-item nzTitle="机构">{{ r.org?.name ?? '—' }}</nz-descriptions-item>
              <nz-descriptions-item nzTitle="来源/连接">{{ source(r) }}</nz-descriptions-item>
              <nz-descriptions-item nzTitle="触发方式">{{ triggerLabels[r.trigger] }}</nz-descriptions-item>
              <nz-descriptions-item nzTitle="操作人">{{ r.createdBy ?? '—' }}</nz-descriptions-item>
              <nz-descriptions-item nzTitle="文件" [nzSpan]="2">
                <span class="wrap">{{ r.fileName ?? '—' }}</span>
              </nz-descriptions-item>
              <nz-descriptions-item nzTitle="排队时间">{{ r.queuedAt | date: 'yyyy-MM-dd HH:mm:ss' }}</nz-descriptions-item>
              <nz-descriptions-item nzTitle="开始时间">{{ (r.startedAt | date: 'yyyy-MM-dd HH:mm:ss') ?? '—' }}</nz-descriptions-item>
              <nz-descriptions-item nzTitle="结束时间">{{ (r.finishedAt | date: 'yyyy-MM-dd HH:mm:ss') ?? '—' }}</nz-descriptions-item>
              <nz-descriptions-item nzTitle="耗时">{{ duration(r) }}</nz-descriptions-item>
              <nz-descriptions-item nzTitle="行数" [nzSpan]="2">
                <span data-testid="run-counts">{{ counts() }}</span>
              </nz-descriptions-item>
              <nz-descriptions-item nzTitle="运行编号" [nzSpan]="2">
                <span class="code">{{ r.runId }}</span>
              </nz-descriptions-item>
            </nz-descriptions>
            @if (active()) {
              <div class="block"><app-run-progress [status]="r.status" [rowsRead]="r.rowsRead" /></div>
            }
            @if (r.error) {
              <nz-alert class="block" nzType="error" nzShowIcon nzMessage="失败原因" [nzDescription]="r.error" />
            }
            @if (r.rowsRejected > 0 || r.rejects.length > 0) {
              <app-run-rejects [run]="r" />
            }
          } @else if (!loadError()) {
            <nz-skeleton [nzActive]="true" />
          }
        </div>
      </ng-container>
    </nz-drawer>
  `,
  styles: `
    .block {
      display: block;
      margin-bottom: 16px;
    }
    .wrap {
      word-break: break-all;
    }
    .code {
      font-family: 'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, monospace;
      font-size: 12px;
      word-break: break-all;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RunDrawer {
  private readonly api = inject(IngestApi);
  protected readonly isMobile = inject(Viewport).isMobile;

  readonly runId = input.required<string>();
  readonly closed = output<void>();

  protected readonly statusLabels = RUN_STATUS_LABELS;
  protected readonly statusColors = RUN_STATUS_COLORS;
  protected readonly triggerLabels = RUN_TRIGGER_LABELS;
  protected readonly kindLabels = INGEST_KIND_LABELS;
  protected readonly source = runSource;
  protected readonly columns = { xxl: 2, xl: 2, lg: 2, md: 2, sm: 1, xs: 1 };

  protected readonly run = signal<Run | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly active = computed(() => {
    const run = this.run();
    return !!run && isActiveRun(run.status);
  });
  protected readonly counts = computed(() => {
    const run = this.run();
    return run ? runCounts(run) : '';
  });

  constructor() {
    // Follows the run while it moves; a finished run is fetched once.
    toObservable(this.runId)
      .pipe(
        switchMap((runId) => {
          this.run.set(null);
          this.loadError.set(null);
          return pollRun(() => this.api.run(runId)).pipe(
            catchError((error: unknown) => {
              this.loadError.set(toApiError(error).message);
              return EMPTY;
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((run) => this.run.set(run));
  }

  protected duration(run: Run): string {
    if (isActiveRun(run.status)) return '进行中';
    return formatDuration(run.durationMs) || '—';
  }
}
