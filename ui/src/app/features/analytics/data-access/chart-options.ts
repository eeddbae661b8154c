import type { EChartsCoreOption } from 'echarts/core';
import { CompletionCell, MonthlyDischarges, RankingRow } from './analytics-models';
import { formatNumber, formatRate, formatValue } from './analytics-labels';

/**
 * Hospitals as horizontal bars, best at the top (the server ranks them by the indicator's
 * direction), with the mean of the hospitals as a reference line. Hospitals without a value are left
 * out of the chart; the table beside it still lists them.
 */
export function rankingOption(rows: RankingRow[], unit: string | null): EChartsCoreOption {
  const ranked = rows.filter((r) => r.value !== null);
  // ECharts draws the first category at the bottom: reverse so rank 1 is on top.
  const ordered = [...ranked].reverse();
  return {
    // room above the bars for the average line's label
    grid: { left: 8, right: 56, top: 32, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (params: { dataIndex: number }[]) => {
        const row = ordered[params[0]?.dataIndex ?? -1];
        if (!row) return '';
        return [
          `<b>${row.rank ?? '—'}. ${row.orgName}</b>`,
          `指标值：${formatValue(row.value, unit)}`,
          `分子/分母：${formatNumber(row.numerator)} / ${formatNumber(row.denominator)}`,
          `去年同期：${formatValue(row.lastYear, unit)}`,
        ].join('<br/>');
      },
    },
    xAxis: { type: 'value', name: unit ?? '', scale: false },
    yAxis: {
      type: 'category',
      data: ordered.map((r) => r.orgName),
      axisLabel: { width: 120, overflow: 'truncate' },
    },
    series: [
      {
        name: '指标值',
        type: 'bar',
        barMaxWidth: 18,
        data: ordered.map((r) => r.value),
        itemStyle: { color: '#1677ff', borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', formatter: (p: { value: number }) => formatNumber(p.value) },
        markLine: ranked.length
          ? {
              silent: true,
              symbol: 'none',
              lineStyle: { color: '#fa8c16', type: 'dashed' },
              label: { formatter: '平均 {c}', position: 'end' },
              data: [{ type: 'average', name: '平均' }],
            }
          : undefined,
      },
    ],
  };
}

/** Monthly discharges as bars, with last year's month as a line when the server gives it. */
export function dischargesOption(months: MonthlyDischarges[]): EChartsCoreOption {
  const hasLastYear = months.some((m) => m.lastYear !== null && m.lastYear !== undefined);
  const series: object[] = [
    {
      name: '出院人次',
      type: 'bar',
      barMaxWidth: 32,
      data: months.map((m) => m.discharges),
      itemStyle: { color: '#1677ff', borderRadius: [3, 3, 0, 0] },
    },
  ];
  if (hasLastYear) {
    series.push({
      name: '去年同期',
      type: 'line',
      data: months.map((m) => m.lastYear ?? null),
      itemStyle: { color: '#8c8c8c' },
      lineStyle: { type: 'dotted' },
    });
  }
  return {
    grid: { left: 8, right: 16, top: 32, bottom: 40, containLabel: true },
    legend: { bottom: 0 },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: { type: 'value', name: '人次', minInterval: 1 },
    series,
  };
}

/** One bar group of the completion chart: a center (or a kind), this period and last year. */
export interface CompletionBar {
  label: string;
  current: CompletionCell;
  lastYear: CompletionCell | null;
}

/** Completion rates (%) per group, this period against the same period last year. */
export function completionOption(bars: CompletionBar[]): EChartsCoreOption {
  const pct = (cell: CompletionCell | null) =>
    cell && cell.rate !== null ? Math.round(cell.rate * 1000) / 10 : null;
  return {
    grid: { left: 8, right: 16, top: 32, bottom: 40, containLabel: true },
    legend: { bottom: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (params: { dataIndex: number }[]) => {
        const bar = bars[params[0]?.dataIndex ?? -1];
        if (!bar) return '';
        const line = (name: string, cell: CompletionCell | null) =>
          cell ? `${name}：${formatRate(cell.rate)}（${cell.done}/${cell.due}）` : `${name}：—`;
        return [`<b>${bar.label}</b>`, line('本期', bar.current), line('去年同期', bar.lastYear)].join('<br/>');
      },
    },
    xAxis: {
      type: 'category',
      data: bars.map((b) => b.label),
      axisLabel: { interval: 0, rotate: bars.length > 6 ? 40 : 0, width: 96, overflow: 'truncate' },
    },
    yAxis: { type: 'value', name: '完成率 %', max: 100, min: 0 },
    series: [
      {
        name: '本期完成率',
        type: 'bar',
        barMaxWidth: 24,
        data: bars.map((b) => pct(b.current)),
        itemStyle: { color: '#1677ff' },
      },
      {
        name: '去年同期',
        type: 'bar',
        barMaxWidth: 24,
        data: bars.map((b) => pct(b.lastYear)),
        itemStyle: { color: '#bfbfbf' },
      },
    ],
  };
}

/** Sums done and due; the rate is null when nothing was due. */
export function sumCells(cells: readonly (CompletionCell | null | undefined)[]): CompletionCell {
  let done = 0;
  let due = 0;
  for (const cell of cells) {
    if (!cell) continue;
    done += cell.done;
    due += cell.due;
  }
  return { done, due, rate: due > 0 ? done / due : null };
}
