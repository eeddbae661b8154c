import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';

/** One bar of the chart. */
export interface ChartBar {
  label: string;
  value: number;
}

/** A small bar chart of labelled counts. */
@Component({
  selector: 'app-overview-chart',
  imports: [NgxEchartsDirective],
  template: `<div echarts class="chart" [options]="options()" [autoResize]="true"></div>`,
  styles: `
    .chart {
      width: 100%;
      height: 300px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OverviewChart {
  readonly bars = input.required<ChartBar[]>();

  protected readonly options = computed<EChartsCoreOption>(() => ({
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: this.bars().map((b) => b.label),
      axisLabel: { interval: 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: '数量',
        type: 'bar',
        barMaxWidth: 48,
        data: this.bars().map((b) => b.value),
        itemStyle: { color: '#1677ff', borderRadius: [4, 4, 0, 0] },
        label: { show: true, position: 'top' },
      },
    ],
  }));
}
