import { IndicatorSeries } from './analytics-models';
import { SPC_COLORS, buildSpcOption, buildTrendRows, trendTooltip } from './spc-chart';

const drill = (period: string) => ({
  numerator: `/api/analytics/drill?indicator=HQ-02&org=LZ-H01&period=${period}&grain=month&part=numerator`,
  denominator: `/api/analytics/drill?indicator=HQ-02&org=LZ-H01&period=${period}&grain=month&part=denominator`,
});

/** A p chart of HQ-02 over four months: March breaks the 3σ rule, April has no discharges. */
function series(): IndicatorSeries {
  return {
    indicator: { code: 'HQ-02', name: '住院患者住院死亡率', unit: '%', version: 1, direction: 'lower_better' },
    rows: [
      { org: 'LZ-H01', period: '2026-01', numerator: 2, denominator: 400, value: 0.5, drill: drill('2026-01') },
      { org: 'LZ-H01', period: '2026-02', numerator: 3, denominator: 300, value: 1, drill: drill('2026-02') },
      { org: 'LZ-H01', period: '2026-03', numerator: 12, denominator: 400, value: 3, drill: drill('2026-03') },
      { org: 'LZ-H01', period: '2026-04', numerator: 0, denominator: 0, value: null, drill: drill('2026-04') },
    ],
    spc: {
      chart: 'p',
      center: 1.545,
      points: [
        { period: '2026-01', value: 0.5, ucl: 3.4, lcl: 0, signals: [] },
        { period: '2026-02', value: 1, ucl: 3.68, lcl: 0, signals: [] },
        { period: '2026-03', value: 3, ucl: 2.9, lcl: 0.19, signals: ['beyond_3sigma'] },
        { period: '2026-04', value: null, ucl: null, lcl: null, signals: [] },
      ],
    },
    compare: [
      { period: '2026-01', value: 0.5, lastYear: 0.8, yoy: -0.375, previous: null, pop: null },
      { period: '2026-02', value: 1, lastYear: null, yoy: null, previous: 0.5, pop: 1 },
      { period: '2026-03', value: 3, lastYear: 1.5, yoy: 1, previous: 1, pop: 2 },
      { period: '2026-04', value: null, lastYear: 1.2, yoy: null, previous: 3, pop: null },
    ],
  };
}

type LineSeries = { name: string; type: string; data: (number | null)[]; step?: string; markLine?: { data: { yAxis: number }[] } };

describe('the control chart of the explorer', () => {
  it('joins cells, SPC points and comparisons period by period', () => {
    const rows = buildTrendRows(series(), 'LZ-H01');
    expect(rows.map((r) => r.period)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(rows[2]).toMatchObject({
      numerator: 12,
      denominator: 400,
      value: 3,
      ucl: 2.9,
      lcl: 0.19,
      lastYear: 1.5,
      yoy: 1,
      pop: 2,
      signals: ['beyond_3sigma'],
    });
    expect(rows[2].drill?.numerator).toContain('period=2026-03');
    // a month without discharges stays on the axis with nothing to plot
    expect(rows[3]).toMatchObject({ value: null, ucl: null, lcl: null, lastYear: 1.2 });
  });

  it('keeps only the asked org’s cells, and every row when the city comes back under another label', () => {
    const s = series();
    s.rows.push({ org: 'LZ-H02', period: '2026-01', numerator: 9, denominator: 10, value: 90 });
    expect(buildTrendRows(s, 'LZ-H01')[0].value).toBe(0.5);
    const city = series();
    expect(buildTrendRows(city, 'LZ-WJW').map((r) => r.numerator)).toEqual([2, 3, 12, 0]);
  });

  it('draws the centre line as a markLine, the moving limits as stepped lines and last year dotted', () => {
    const s = series();
    const option = buildSpcOption(s, buildTrendRows(s, 'LZ-H01')) as { series: LineSeries[]; yAxis: { name: string } };
    const byName = new Map(option.series.map((x) => [x.name, x]));
    expect(byName.get('指标值')!.data).toEqual([0.5, 1, 3, null]);
    expect(byName.get('指标值')!.markLine!.data).toEqual([{ name: '中心线', yAxis: 1.545 }]);
    expect(byName.get('UCL 上控制限')).toMatchObject({ step: 'middle', data: [3.4, 3.68, 2.9, null] });
    expect(byName.get('LCL 下控制限')!.data).toEqual([0, 0, 0.19, null]);
    expect(byName.get('去年同期')!.data).toEqual([0.8, null, 1.5, 1.2]);
    expect(option.yAxis.name).toBe('%');
  });

  it('marks only the points that break a run rule, in red', () => {
    const s = series();
    const option = buildSpcOption(s, buildTrendRows(s)) as { series: (LineSeries & { itemStyle: { color: string } })[] };
    const signals = option.series.find((x) => x.name === '异常信号')!;
    expect(signals.type).toBe('scatter');
    expect(signals.data).toEqual([null, null, 3, null]);
    expect(signals.itemStyle.color).toBe(SPC_COLORS.signal);
  });

  it('leaves out limits and last year when the answer has none (no SPC yet, a first year)', () => {
    const s = series();
    s.spc = null;
    s.compare = [];
    const option = buildSpcOption(s, buildTrendRows(s)) as { series: LineSeries[] };
    expect(option.series.map((x) => x.name)).toEqual(['指标值', '异常信号']);
    expect(option.series[0].markLine).toBeUndefined();
  });

  it('explains a point in its tooltip: value, parts, limits, last year and the broken rule in Chinese', () => {
    const s = series();
    const text = trendTooltip(buildTrendRows(s)[2], 1.545, '%');
    expect(text).toContain('指标值：3%');
    expect(text).toContain('分子/分母：12 / 400');
    expect(text).toContain('控制限 LCL–UCL：0.19 – 2.9');
    expect(text).toContain('去年同期：1.5%（同比 +100.0%）');
    expect(text).toContain('超出3σ控制限');
  });
});
