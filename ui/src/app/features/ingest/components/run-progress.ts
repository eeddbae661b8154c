import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ViewEncapsulation, input } from '@angular/core';
import { NzProgressModule } from 'ng-zorro-antd/progress';
import { RunStatus } from '../../../core/api/models';

/**
 * Progress of a run that has not finished. The server does not know how many rows a source holds
 * until it has read them all, so there is no percentage: a queued run shows a sliding bar, a
 * running one Ant Design's "active" bar with the rows read so far.
 */
@Component({
  selector: 'app-run-progress',
  imports: [DecimalPipe, NzProgressModule],
  template: `
    <div class="run-progress" [class.indeterminate]="status() === 'queued'" data-testid="run-progress">
      <nz-progress
        [nzPercent]="100"
        nzStatus="active"
        [nzShowInfo]="false"
        [nzSize]="small() ? 'small' : 'default'"
        [nzStrokeWidth]="small() ? 6 : 10"
      />
    </div>
    <div class="run-progress-text" [class.small]="small()">
      @if (status() === 'queued') {
        {{ small() ? '等待处理' : '排队中，等待处理…' }}
      } @else {
        {{ small() ? '' : '正在处理，' }}已读取 {{ rowsRead() | number }} 行
      }
    </div>
  `,
  // nz-progress draws its own bar; the sliding variant restyles that bar, so the styles cannot be scoped.
  styles: `
    app-run-progress {
      display: block;
      min-width: 96px;
    }
    app-run-progress .run-progress-text {
      color: rgba(0, 0, 0, 0.65);
    }
    app-run-progress .run-progress-text.small {
      font-size: 12px;
    }
    app-run-progress .indeterminate .ant-progress-bg {
      width: 35% !important;
      animation: app-run-progress-slide 1.6s ease-in-out infinite;
    }
    @keyframes app-run-progress-slide {
      from {
        transform: translateX(-100%);
      }
      to {
        transform: translateX(290%);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      app-run-progress .indeterminate .ant-progress-bg {
        width: 100% !important;
        opacity: 0.4;
        animation: none;
      }
    }
  `,
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RunProgress {
  readonly status = input.required<RunStatus>();
  readonly rowsRead = input(0);
  /** For table cells. */
  readonly small = input(false);
}
