import type { EChartsCoreOption } from 'echarts/core';
import { DrillLinks, IndicatorSeries, SpcSignal } from './analytics-models';
import { formatChange, formatNumber, formatValue, signalLabel } from './analytics-labels';

/** One period of the explorer's trend: the cell, its control limits and last year's value. */
export interface TrendRow {
  period: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  ucl: number | null;
  lcl: number | null;
  lastYear: number | null;
  yoy: number | null;
  pop: number | null;
  signals: SpcSignal[];
  drill: DrillLinks | null;
}

/** Colours of the control chart, kept together so the legend reads the same everywhere. */
export const SPC_COLORS = {
  value: '#1677ff',
  center: '#389e0d',
  limit: '#ff4d4f',
  lastYear: '#8c8c8c',
  signal: '#cf1322',
};

/**
 * Joins a series answer into one row per period: the org's cell, the SPC point and the comparison
 * of the same period. Periods come from the cells, then any the SPC or comparison adds, in order.
 */
export function buildTrendRows(series: IndicatorSeries, org?: string | null): TrendRow[] {
  // A city cell may come back under another label than the code asked for: then take every row.
  const cells = org && series.rows.some((r) => r.org === org) ? series.rows.filter((r) => r.org === org) : series.rows;
  const byCell = new Map(cells.map((r) => [r.period, r]));
  const bySpc = new Map((series.spc?.points ?? []).map((p) => [p.period, p]));
  const byCompare = new Map((series.compare ?? []).map((c) => [c.period, c]));
  const periods = [...new Set([...byCell.keys(), ...bySpc.keys(), ...byCompare.keys()])].sort();
  return periods.map((period) => {
    const cell = byCell.get(period);
    const point = bySpc.get(period);
    const compare = byCompare.get(period);
    return {
      period,
      numerator: cell?.numerator ?? null,
      denominator: cell?.denominator ?? null,
      value: cell?.value ?? point?.value ?? compare?.value ?? null,
      ucl: point?.ucl ?? null,
      lcl: point?.lcl ?? null,
      lastYear: compare?.lastYear ?? null,
      yoy: compare?.yoy ?? null,
      pop: compare?.pop ?? null,
      signals: point?.signals ?? [],
      drill: cell?.drill ?? null,
    };
  });
}

/** The tooltip of one period, listing what a reviewer needs to judge the point. */
export function trendTooltip(row: TrendRow, center: number | null, unit: string | null): string {
  const lines = [
    `<b>${row.period}</b>`,
    `指标值：${formatValue(row.value, unit)}`,
    `分子/分母：${formatNumber(row.numerator)} / ${formatNumber(row.denominator)}`,
  ];
  if (center !== null) lines.push(`中心线 CL：${formatNumber(center, 4)}`);
  if (row.ucl !== null || row.lcl !== null) {
    lines.push(`控制限 LCL–UCL：${formatNumber(row.lcl, 4)} – ${formatNumber(row.ucl, 4)}`);
  }
  if (row.lastYear !== null) lines.push(`去年同期：${formatValue(row.lastYear, unit)}（同比 ${formatChange(row.yoy)}）`);
  for (const signal of row.signals) lines.push(`<span style="color:${SPC_COLORS.signal}">⚠ ${signalLabel(signal)}</span>`);
  return lines.join('<br/>');
}

/**
 * The explorer's control chart: the value line with the centre line (markLine), UCL and LCL as
 * stepped dashed lines (a p or u chart's limits move with each period's denominator), last year's
 * values, and the points that break a run rule drawn over the line in red.
 */
export function buildSpcOption(series: IndicatorSeries, rows: TrendRow[]): EChartsCoreOption {
  const unit = series.indicator.unit;
  const center = series.spc?.center ?? null;
  const hasLimits = rows.some((r) => r.ucl !== null || r.lcl !== null);
  const hasLastYear = rows.some((r) => r.lastYear !== null);
  const signalData = rows.map((r) => (r.signals.length > 0 && r.value !== null ? r.value : null));
  const chartSeries: object[] = [
    {
      name: '指标值',
      type: 'line',
      data: rows.map((r) => r.value),
      symbolSize: 7,
      itemStyle: { color: SPC_COLORS.value },
      lineStyle: { width: 2 },
      markLine:
        center === null
          ? undefined
          : {
              silent: true,
              symbol: 'none',
              lineStyle: { color: SPC_COLORS.center, type: 'solid', width: 1.5 },
              label: { formatter: `CL ${formatNumber(center, 3)}`, position: 'insideEndTop' },
              data: [{ name: '中心线', yAxis: center }],
            },
    },
  ];
  if (hasLimits) {
    for (const [name, key] of [['UCL 上控制限', 'ucl'], ['LCL 下控制限', 'lcl']] as const) {
      chartSeries.push({
        name,
        type: 'line',
        step: 'middle',
        data: rows.map((r) => r[key]),
        symbol: 'none',
        itemStyle: { color: SPC_COLORS.limit },
        lineStyle: { type: 'dashed', width: 1 },
      });
    }
  }
  if (hasLastYear) {
    chartSeries.push({
      name: '去年同期',
      type: 'line',
      data: rows.map((r) => r.lastYear),
      symbolSize: 5,
      itemStyle: { color: SPC_COLORS.lastYear },
      lineStyle: { type: 'dotted', width: 1.5 },
    });
  }
  chartSeries.push({
    name: '异常信号',
    type: 'scatter',
    data: signalData,
    symbolSize: 14,
    z: 5,
    itemStyle: { color: SPC_COLORS.signal, borderColor: '#fff', borderWidth: 2 },
  });
  return {
    grid: { left: 8, right: 24, top: 40, bottom: 48, containLabel: true },
    legend: { bottom: 0, type: 'scroll' },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: { dataIndex: number }[] | { dataIndex: number }) => {
        const first = Array.isArray(params) ? params[0] : params;
        const row = first ? rows[first.dataIndex] : undefined;
        return row ? trendTooltip(row, center, unit) : '';
      },
    },
    xAxis: { type: 'category', data: rows.map((r) => r.period), boundaryGap: false },
    yAxis: { type: 'value', name: unit ?? '', scale: true },
    series: chartSeries,
  };
}
