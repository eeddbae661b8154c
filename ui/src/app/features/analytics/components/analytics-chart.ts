import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';

/**
 * An ECharts canvas that follows its container's width (cards reflow at 360 px); the options come
 * from the pure builders in data/ so the logic is tested without a canvas.
 */
@Component({
  selector: 'app-analytics-chart',
  imports: [NgxEchartsDirective],
  template: `<div
    echarts
    class="chart"
    role="img"
    [attr.aria-label]="label()"
    [style.height.px]="height()"
    [options]="options()"
    [autoResize]="true"
  ></div>`,
  styles: `
    :host {
      display: block;
      width: 100%;
      min-width: 0;
    }
    .chart {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AnalyticsChart {
  readonly options = input.required<EChartsCoreOption>();
  readonly height = input(320);
  /** What the chart shows, for screen readers. */
  readonly label = input('');
}
