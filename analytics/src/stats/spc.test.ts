import { describe, expect, it } from 'vitest';
import { StatsInputError } from './errors.js';
import { pChart, runRules, spcChartFor, uChart, unitScale, xmrChart, type RulePoint, type SeriesPoint } from './spc.js';

/** Signals per position for a sequence of z-scores (value = z, so trends follow z too). */
function signalsFor(zs: readonly number[]) {
  const points: RulePoint[] = zs.map((z, index) => ({ index, value: z, z }));
  const found = runRules(points);
  return zs.map((_, i) => found.get(i) ?? []);
}

describe('pChart', () => {
  it('matches a chart worked by hand, in %', () => {
    // p̄ = 45/400 = 0.1125; n = 100: σ = √(0.1125·0.8875/100) = 0.031598 → 11.25 ± 9.4794 %;
    // n = 200: σ = 0.022343 → 11.25 ± 6.7030 %
    const chart = pChart(
      [
        { label: '2026-01', numerator: 10, denominator: 100 },
        { label: '2026-02', numerator: 20, denominator: 100 },
        { label: '2026-03', numerator: 15, denominator: 200 },
        { label: '2026-04', numerator: 0, denominator: 0 },
        { label: '2026-05', numerator: null, denominator: 50 },
      ],
      { scale: 100 },
    );
    expect(chart.chart).toBe('p');
    expect(chart.center).toBeCloseTo(11.25, 10);
    expect(chart.scale).toBe(100);
    expect(chart.baselinePoints).toBe(3);
    const [jan, feb, mar, apr, may] = chart.points;
    expect(jan).toEqual({
      label: '2026-01',
      value: expect.closeTo(10, 10),
      ucl: expect.closeTo(20.72942, 4),
      lcl: expect.closeTo(1.77058, 4),
      sigma: expect.closeTo(3.15981, 4),
      signals: [],
    });
    expect(feb!.value).toBeCloseTo(20, 10);
    expect(feb!.ucl).toBeCloseTo(20.72942, 4);
    expect(mar).toMatchObject({ value: expect.closeTo(7.5, 10), ucl: expect.closeTo(17.95296, 4), lcl: expect.closeTo(4.54704, 4) });
    expect(mar!.sigma).toBeCloseTo(2.23432, 4);
    // denominator 0 and a missing numerator stay on the chart, without value or limits, and outside p̄
    expect(apr).toEqual({ label: '2026-04', value: null, ucl: null, lcl: null, sigma: null, signals: [] });
    expect(may).toEqual({ label: '2026-05', value: null, ucl: null, lcl: null, sigma: null, signals: [] });
  });

  it('flags a point above the limits and a run of four low points, by hand', () => {
    // p̄ = 50/500 = 0.1, σ = √(0.1·0.9/100) = 0.03 → limits 1 % … 19 %; z = −1.67, −1.33, −2, −1.67, +6.67
    const chart = pChart(
      [5, 6, 4, 5, 30].map((numerator, i) => ({ label: `2026-0${i + 1}`, numerator, denominator: 100 })),
      { scale: 100 },
    );
    expect(chart.center).toBeCloseTo(10, 10);
    expect(chart.points[0]!.ucl).toBeCloseTo(19, 10);
    expect(chart.points[0]!.lcl).toBeCloseTo(1, 10);
    expect(chart.points.map((p) => p.signals)).toEqual([[], [], [], ['four_of_five_beyond_1sigma'], ['beyond_3sigma']]);
  });

  it('floors the lower limit at 0 and caps the upper at 100 %', () => {
    const low = pChart([
      { label: 'a', numerator: 1, denominator: 10 },
      { label: 'b', numerator: 0, denominator: 10 },
    ]);
    expect(low.points[0]!.lcl).toBe(0);
    expect(low.points[0]!.ucl).toBeCloseTo(0.05 + 3 * Math.sqrt((0.05 * 0.95) / 10), 12);
    const high = pChart(
      [
        { label: 'a', numerator: 9, denominator: 10 },
        { label: 'b', numerator: 10, denominator: 10 },
      ],
      { scale: 100 },
    );
    expect(high.points[1]!.ucl).toBe(100);
    expect(high.points[1]!.lcl).toBeCloseTo((0.95 - 3 * Math.sqrt((0.95 * 0.05) / 10)) * 100, 10);
  });

  it('refuses a numerator above its denominator or negative counts, naming the period', () => {
    expect(() => pChart([{ label: '2026-03', numerator: 12, denominator: 10 }])).toThrow(
      'p 控制图要求分子不大于分母：期间“2026-03”分子 12 大于分母 10',
    );
    expect(() => pChart([{ label: '2026-04', numerator: -1, denominator: 10 }])).toThrow(StatsInputError);
    expect(() => pChart([], { scale: 0 })).toThrow('单位倍数必须是正数');
  });

  it('has no centre line when no point has a denominator', () => {
    const chart = pChart([{ label: '2026-01', numerator: 0, denominator: 0 }]);
    expect(chart.center).toBeNull();
    expect(chart.points[0]!.ucl).toBeNull();
  });
});

describe('uChart', () => {
  it('matches a chart worked by hand and lets rates exceed 1', () => {
    // ū = 18/10 = 1.8; n = 2: σ = √0.9 = 0.948683; n = 4: σ = √0.45 = 0.670820; lcl floored at 0
    const chart = uChart([
      { label: '2026Q1', numerator: 3, denominator: 2 },
      { label: '2026Q2', numerator: 5, denominator: 4 },
      { label: '2026Q3', numerator: 10, denominator: 4 },
    ]);
    expect(chart.chart).toBe('u');
    expect(chart.center).toBeCloseTo(1.8, 12);
    expect(chart.points[0]).toMatchObject({ value: 1.5, sigma: expect.closeTo(0.948683, 6), ucl: expect.closeTo(4.646050, 6), lcl: 0 });
    expect(chart.points[2]).toMatchObject({ value: 2.5, ucl: expect.closeTo(3.812461, 6), lcl: 0 });
    const per100 = uChart([{ label: 'x', numerator: 3, denominator: 2 }], { scale: 100 });
    expect(per100.center).toBeCloseTo(150, 10);
    expect(per100.points[0]!.value).toBeCloseTo(150, 10);
  });
});

describe('xmrChart', () => {
  it('matches a chart worked by hand, skipping a missing point', () => {
    // x̄ = 30/5 = 6; moving ranges 2, 1, 2 and |4 − 8| = 4 across the gap → MR̄ = 2.25; limits 6 ± 5.985
    const chart = xmrChart([5, 7, 6, 8, null, 4].map((value, i) => ({ label: `2026-0${i + 1}`, value })));
    expect(chart.chart).toBe('xmr');
    expect(chart.center).toBe(6);
    expect(chart.movingRanges).toEqual([null, 2, 1, 2, null, 4]);
    expect(chart.points[0]).toEqual({ label: '2026-01', value: 5, ucl: expect.closeTo(11.985, 10), lcl: expect.closeTo(0.015, 10), sigma: expect.closeTo(1.995, 10), signals: [] });
    expect(chart.points[4]).toEqual({ label: '2026-05', value: null, ucl: null, lcl: null, sigma: null, signals: [] });
    expect(chart.baselinePoints).toBe(5);
  });

  it('flags a value outside the limits', () => {
    // x̄ = 130/11 = 11.818; MR̄ = 32/10 = 3.2 → ucl = 11.818 + 8.512 = 20.33
    const chart = xmrChart([10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 30].map((value, i) => ({ label: String(i), value })));
    expect(chart.points[10]!.ucl).toBeCloseTo(130 / 11 + 2.66 * 3.2, 10);
    expect(chart.points[10]!.signals).toContain('beyond_3sigma');
    expect(chart.points.slice(0, 10).every((p) => !p.signals.includes('beyond_3sigma'))).toBe(true);
  });

  it('has a centre but no limits with a single value', () => {
    const chart = xmrChart([
      { label: 'a', value: null },
      { label: 'b', value: 5 },
    ]);
    expect(chart.center).toBe(5);
    expect(chart.points[1]).toMatchObject({ value: 5, ucl: null, lcl: null, signals: [] });
    expect(xmrChart([]).center).toBeNull();
  });

  it('finds a sustained shift as a run of 8 on one side', () => {
    const values = [10, 12, 9, 11, 10, 12, 9, 11, 14, 15, 14, 15, 14, 15, 14, 15];
    const chart = xmrChart(values.map((value, i) => ({ label: String(i), value })));
    // centre = 200/16 = 12.5: the first 8 values all lie below it and the last 8 above, each run
    // completed at its 8th point
    const flagged = chart.points.flatMap((p, i) => (p.signals.includes('run_8_same_side') ? [i] : []));
    expect(chart.center).toBe(12.5);
    expect(flagged).toEqual([7, 15]);
  });
});

describe('run rules', () => {
  it('beyond 3σ: strictly outside, either side', () => {
    expect(signalsFor([-3, 0.1, 0.2, 3.01, 0.1, 0.2, -3.5])).toEqual([[], [], [], ['beyond_3sigma'], [], [], ['beyond_3sigma']]);
  });

  it('2 of 3 beyond 2σ on the same side, flagged on the completing point', () => {
    expect(signalsFor([2.5, 0.1, 2.5])).toEqual([[], [], ['two_of_three_beyond_2sigma']]);
    expect(signalsFor([2.5, 2.5])).toEqual([[], ['two_of_three_beyond_2sigma']]);
    // opposite sides do not combine; a non-beyond third point completes nothing
    expect(signalsFor([2.5, -2.5, 0.1, -0.3])).toEqual([[], [], [], []]);
    expect(signalsFor([2.5, 0.1, 0.2, 2.5])).toEqual([[], [], [], []]);
  });

  it('4 of 5 beyond 1σ on the same side', () => {
    expect(signalsFor([-1.5, -1.5, -0.2, -1.5, -1.5])).toEqual([[], [], [], [], ['four_of_five_beyond_1sigma']]);
    expect(signalsFor([1.5, 1.5, -0.2, 1.5, 0.3, 1.5])).toEqual([[], [], [], [], [], []]);
  });

  it('8 in a row on one side; a point on the centre line breaks the run', () => {
    const run = [0.5, 0.4, 0.3, 0.6, 0.2, 0.7, 0.1, 0.5, 0.4];
    const flagged = signalsFor(run).map((s) => s.includes('run_8_same_side'));
    expect(flagged).toEqual([false, false, false, false, false, false, false, true, true]);
    const broken = signalsFor([0.5, 0.4, 0.3, 0, 0.6, 0.2, 0.7, 0.1, 0.5, 0.4]).map((s) => s.includes('run_8_same_side'));
    expect(broken.some(Boolean)).toBe(false);
  });

  it('6 steadily rising or falling; a repeated value breaks the trend', () => {
    expect(signalsFor([-0.5, -0.4, -0.3, -0.2, -0.1, 0.05]).map((s) => s.includes('trend_6'))).toEqual([false, false, false, false, false, true]);
    expect(signalsFor([0.5, 0.4, 0.3, 0.2, 0.1]).some((s) => s.includes('trend_6'))).toBe(false);
    expect(signalsFor([0.6, 0.5, 0.4, 0.3, 0.2, 0.1]).at(-1)).toContain('trend_6');
    expect(signalsFor([0.1, 0.2, 0.3, 0.3, 0.4, 0.5, 0.6]).some((s) => s.includes('trend_6'))).toBe(false);
  });
});

describe('unitScale', () => {
  it('reads the multiplier from the unit', () => {
    expect(unitScale('%')).toBe(100);
    expect(unitScale('‰')).toBe(1000);
    expect(unitScale('‱')).toBe(10000);
    expect(unitScale('1/10万')).toBe(100000);
    expect(unitScale('例次/百出院人次')).toBe(100);
    expect(unitScale('DDDs/百人天')).toBe(100);
    expect(unitScale('比值')).toBe(1);
    expect(unitScale('天')).toBeNull();
    expect(unitScale(null)).toBeNull();
  });
});

describe('spcChartFor', () => {
  const series = (counts: [number, number][], scale: number): SeriesPoint[] =>
    counts.map(([numerator, denominator], i) => ({
      label: `2026-0${i + 1}`,
      numerator,
      denominator,
      value: denominator === 0 ? null : (numerator / denominator) * scale,
    }));

  it('p chart for a % proportion, limits in %', () => {
    const chart = spcChartFor('rate', '%', series([[5, 100], [6, 100], [0, 0], [4, 100]], 100));
    expect(chart.chart).toBe('p');
    expect(chart.center).toBeCloseTo(5, 10);
    expect(chart.points[2]!.ucl).toBeNull();
    expect(chart.points[0]!.ucl).toBeCloseTo((0.05 + 3 * Math.sqrt((0.05 * 0.95) / 100)) * 100, 10);
  });

  it('p chart in ‰ and per 100 000', () => {
    expect(spcChartFor('rate', '‰', series([[3, 1000], [5, 2000]], 1000))).toMatchObject({ chart: 'p', scale: 1000 });
    expect(spcChartFor('rate', '1/10万', series([[1, 5000], [0, 4000]], 100000))).toMatchObject({ chart: 'p', scale: 100000 });
  });

  it('u chart for events per hundred, and for a % "rate" whose numerator exceeds its denominator', () => {
    expect(spcChartFor('rate', '例次/百出院人次', series([[30, 1000], [45, 1200]], 100))).toMatchObject({ chart: 'u', scale: 100 });
    expect(spcChartFor('rate', '%', series([[120, 100], [80, 100]], 100))).toMatchObject({ chart: 'u', scale: 100 });
    expect(spcChartFor('count_rate', '‰', series([[3, 1000], [5, 2000]], 1000))).toMatchObject({ chart: 'u' });
  });

  it('XmR for means, medians, structural ratios and values that are not scale · numerator / denominator', () => {
    expect(spcChartFor('mean', '天', series([[900, 100], [850, 100]], 1)).chart).toBe('xmr');
    expect(spcChartFor('median', '分钟', [{ label: '2026-01', numerator: null, denominator: null, value: 42 }]).chart).toBe('xmr');
    expect(spcChartFor('ratio', '比值', series([[30, 100], [31, 100]], 1)).chart).toBe('xmr');
    expect(spcChartFor('rate', '次', series([[3, 10], [4, 10]], 1)).chart).toBe('xmr');
    // a % indicator whose value is not numerator / denominator · 100 is charted as it is
    const mismatched = series([[5, 100], [6, 100]], 1000);
    const chart = spcChartFor('rate', '%', mismatched);
    expect(chart.chart).toBe('xmr');
    expect(chart.points[0]!.value).toBe(50);
  });

  it('an explicit scale wins over the unit', () => {
    expect(spcChartFor('rate', '%', series([[5, 100], [6, 100]], 1), { scale: 1 })).toMatchObject({ chart: 'p', scale: 1 });
  });
});
