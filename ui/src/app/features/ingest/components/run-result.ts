import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { NzResultModule, NzResultStatusType } from 'ng-zorro-antd/result';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { Run, RunStatus } from '../../../core/api/models';
import { RUN_STATUS_COLORS, RUN_STATUS_LABELS, runCounts } from '../data-access/ingest-labels';
import { RunRejects } from './run-rejects';

const RESULTS: Record<RunStatus, { status: NzResultStatusType; title: string }> = {
  queued: { status: 'info', title: '等待处理' },
  running: { status: 'info', title: '正在处理' },
  succeeded: { status: 'success', title: '导入成功' },
  partial: { status: 'warning', title: '部分导入成功' },
  failed: { status: 'error', title: '导入失败' },
};

/** The outcome of a finished run: counts, status, the server's reason when it failed, and the rejects. */
@Component({
  selector: 'app-run-result',
  imports: [NzResultModule, NzTagModule, RunRejects],
  template: `
    <nz-result [nzStatus]="result().status" [nzTitle]="result().title">
      <div nz-result-subtitle>
        <div class="summary">
          <nz-tag data-testid="run-status" [nzColor]="statusColors[run().status]">
            {{ statusLabels[run().status] }}
          </nz-tag>
          <span data-testid="run-counts">{{ counts() }}</span>
        </div>
        @if (run().error) {
          <div class="run-error" data-testid="run-error">{{ run().error }}</div>
        } @else if (run().status === 'partial') {
          <div>拒收的行未入库，可按下方原因修改后补传。</div>
        }
      </div>
      <div nz-result-extra>
        <ng-content />
      </div>
    </nz-result>
    @if (run().rowsRejected > 0 || run().rejects.length > 0) {
      <app-run-rejects [run]="run()" />
    }
  `,
  styles: `
    .summary {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: center;
      gap: 4px 8px;
      margin-bottom: 4px;
      color: rgba(0, 0, 0, 0.88);
    }
    .run-error {
      color: #cf1322;
      word-break: break-word;
    }
    nz-result {
      padding: 24px 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RunResult {
  readonly run = input.required<Run>();

  protected readonly statusLabels = RUN_STATUS_LABELS;
  protected readonly statusColors = RUN_STATUS_COLORS;
  protected readonly result = computed(() => RESULTS[this.run().status]);
  protected readonly counts = computed(() => runCounts(this.run()));
}
