import { StatsInputError } from './errors.js';

/**
 * Run rules (Western Electric / Nelson), each flagged on the point that completes its pattern:
 * - `beyond_3sigma`: the point lies outside the control limits;
 * - `two_of_three_beyond_2sigma`: 2 of the last 3 points beyond 2σ on the same side;
 * - `four_of_five_beyond_1sigma`: 4 of the last 5 points beyond 1σ on the same side;
 * - `run_8_same_side`: the last 8 points all on one side of the centre line;
 * - `trend_6`: the last 6 points steadily rising or steadily falling.
 */
export type Signal =
  | 'beyond_3sigma'
  | 'two_of_three_beyond_2sigma'
  | 'four_of_five_beyond_1sigma'
  | 'run_8_same_side'
  | 'trend_6';

/** p: proportion (binomial); u: events per unit of exposure (Poisson); xmr: individuals and moving ranges. */
export type ChartKind = 'p' | 'u' | 'xmr';

/** One point of a control chart, in the indicator's own scale (a % indicator's values and limits in %). */
export interface SpcPoint {
  label: string;
  /** null when the point has no value (denominator 0, missing data): then limits and sigma are null too. */
  value: number | null;
  ucl: number | null;
  lcl: number | null;
  /** One standard deviation at this point (p and u: depends on the point's denominator). */
  sigma: number | null;
  signals: Signal[];
}

/** A control chart: centre line, per-point limits and signals. */
export interface SpcChart {
  chart: ChartKind;
  /** Centre line (p̄, ū or x̄) over the points that have a value; null when none has. */
  center: number | null;
  points: SpcPoint[];
  /** XmR only: |xᵢ − xᵢ₋₁| between successive points that have values, aligned with points (null for the first). */
  movingRanges?: (number | null)[];
  /** What proportions / rates were multiplied by (100 for %, 1000 for ‰); 1 for XmR. */
  scale: number;
  /** How many points the centre line rests on; limits from fewer than ~20 are provisional. */
  baselinePoints: number;
}

/** A point of a p or u chart: events (numerator) out of / per units (denominator). */
export interface CountPoint {
  label: string;
  numerator: number | null;
  denominator: number | null;
}

/** A point of an XmR chart. */
export interface ValuePoint {
  label: string;
  value: number | null;
}

/** Options of the p and u charts. */
export interface CountChartOptions {
  /** Multiplier of the indicator's unit (100 for %, 1000 for ‰, 10000 for ‱); default 1. */
  scale?: number;
}

// XmR: 3σ = 3·MR̄/d₂ with d₂ = 1.128 for ranges of two, conventionally rounded to 2.66·MR̄
const XMR_LIMIT_FACTOR = 2.66;
// a z this close to 0 is on the centre line (p̄ and pᵢ computed by different divisions differ in the last bits)
const ON_CENTRE = 1e-9;

/** A charted point with a value: its position among all points, its value and its distance from the centre in σ. */
export interface RulePoint {
  index: number;
  value: number;
  z: number;
}

/**
 * Run rules over the points that have a value (gaps are skipped, so a missing month neither breaks nor
 * makes a run). z is each point's distance from the centre in its own σ.
 */
export function runRules(usable: readonly RulePoint[]): Map<number, Signal[]> {
  const signals = new Map<number, Signal[]>();
  const side = (u: RulePoint) => (Math.abs(u.z) < ON_CENTRE ? 0 : Math.sign(u.z));
  const beyond = (u: RulePoint, k: number, s: number) => side(u) === s && Math.abs(u.z) > k;
  usable.forEach((point, i) => {
    const found: Signal[] = [];
    // "k of the last m": near the start fewer than m points may already hold k (2 of the first 2)
    const recent = (size: number) => usable.slice(Math.max(0, i + 1 - size), i + 1);
    const window = (size: number) => (i + 1 >= size ? recent(size) : null);
    const s = side(point);
    if (Math.abs(point.z) > 3) found.push('beyond_3sigma');
    // the completing point is itself beyond: otherwise the pattern was already complete one point earlier
    if (s !== 0 && beyond(point, 2, s) && recent(3).filter((u) => beyond(u, 2, s)).length >= 2) {
      found.push('two_of_three_beyond_2sigma');
    }
    if (s !== 0 && beyond(point, 1, s) && recent(5).filter((u) => beyond(u, 1, s)).length >= 4) {
      found.push('four_of_five_beyond_1sigma');
    }
    const last8 = window(8);
    if (last8 && s !== 0 && last8.every((u) => side(u) === s)) found.push('run_8_same_side');
    const last6 = window(6);
    if (last6) {
      const steps = last6.slice(1).map((u, k) => u.value - last6[k]!.value);
      if (steps.every((d) => d > 0) || steps.every((d) => d < 0)) found.push('trend_6');
    }
    signals.set(point.index, found);
  });
  return signals;
}

function assertScale(scale: number): void {
  if (!(Number.isFinite(scale) && scale > 0)) {
    throw new StatsInputError(`控制图的单位倍数必须是正数（% 为 100，‰ 为 1000），收到 ${scale}`, 'scale');
  }
}

function countChart(chart: 'p' | 'u', points: readonly CountPoint[], scale: number): SpcChart {
  assertScale(scale);
  const usable = (pt: CountPoint) =>
    pt.numerator !== null && pt.denominator !== null && Number.isFinite(pt.numerator) && Number.isFinite(pt.denominator) && pt.denominator > 0;
  let events = 0;
  let units = 0;
  let baselinePoints = 0;
  for (const pt of points) {
    if ((pt.numerator ?? 0) < 0 || (pt.denominator ?? 0) < 0) {
      throw new StatsInputError(`控制图的分子、分母不能为负数：期间“${pt.label}”分子 ${pt.numerator}、分母 ${pt.denominator}`, 'points');
    }
    if (!usable(pt)) continue;
    if (chart === 'p' && pt.numerator! > pt.denominator!) {
      throw new StatsInputError(
        `p 控制图要求分子不大于分母：期间“${pt.label}”分子 ${pt.numerator} 大于分母 ${pt.denominator}（可改用 u 控制图）`,
        'points',
      );
    }
    events += pt.numerator!;
    units += pt.denominator!;
    baselinePoints += 1;
  }
  const centre = baselinePoints > 0 ? events / units : null;
  const rows: RulePoint[] = [];
  const limits = points.map((pt, index) => {
    if (centre === null || !usable(pt)) return { value: null, ucl: null, lcl: null, sigma: null };
    const rate = pt.numerator! / pt.denominator!;
    const sigma = Math.sqrt((chart === 'p' ? centre * (1 - centre) : centre) / pt.denominator!);
    rows.push({ index, value: rate, z: sigma > 0 ? (rate - centre) / sigma : 0 });
    const upper = centre + 3 * sigma;
    return {
      value: rate * scale,
      ucl: (chart === 'p' ? Math.min(1, upper) : upper) * scale,
      lcl: Math.max(0, centre - 3 * sigma) * scale,
      sigma: sigma * scale,
    };
  });
  const signals = runRules(rows);
  return {
    chart,
    center: centre === null ? null : centre * scale,
    points: points.map((pt, i) => ({ label: pt.label, ...limits[i]!, signals: signals.get(i) ?? [] })),
    scale,
    baselinePoints,
  };
}

/**
 * p chart for a proportion: p̄ = Σ numerators / Σ denominators, limits p̄ ± 3√(p̄(1−p̄)/nᵢ) per point,
 * lcl floored at 0 and ucl capped at 1 (before scaling). Points with denominator 0 or a missing count
 * stay on the chart with null value and limits and do not count toward p̄.
 */
export function pChart(points: readonly CountPoint[], options: CountChartOptions = {}): SpcChart {
  return countChart('p', points, options.scale ?? 1);
}

/**
 * u chart for events per unit of exposure (may exceed 1): ū = Σ events / Σ units, limits ū ± 3√(ū/nᵢ),
 * lcl floored at 0. Points with denominator 0 or a missing count are kept with null limits.
 */
export function uChart(points: readonly CountPoint[], options: CountChartOptions = {}): SpcChart {
  return countChart('u', points, options.scale ?? 1);
}

/**
 * XmR (individuals) chart: x̄ over the points with values, limits x̄ ± 2.66·MR̄ with MR̄ the mean moving
 * range of successive values (a missing point is skipped, not bridged by a zero). Needs two values for limits.
 */
export function xmrChart(points: readonly ValuePoint[]): SpcChart {
  const present = points
    .map((pt, index) => ({ index, value: pt.value }))
    .filter((pt): pt is { index: number; value: number } => pt.value !== null && Number.isFinite(pt.value));
  const movingRanges: (number | null)[] = points.map(() => null);
  present.slice(1).forEach((pt, k) => {
    movingRanges[pt.index] = Math.abs(pt.value - present[k]!.value);
  });
  const ranges = movingRanges.filter((r): r is number => r !== null);
  const centre = present.length > 0 ? present.reduce((s, pt) => s + pt.value, 0) / present.length : null;
  const meanRange = ranges.length > 0 ? ranges.reduce((s, r) => s + r, 0) / ranges.length : null;
  // σ as the limits imply it, so that "beyond 3σ" and "outside the limits" are the same test
  const sigma = meanRange === null ? null : (XMR_LIMIT_FACTOR * meanRange) / 3;
  const signals =
    centre !== null && sigma !== null
      ? runRules(present.map((pt) => ({ index: pt.index, value: pt.value, z: sigma > 0 ? (pt.value - centre) / sigma : 0 })))
      : new Map<number, Signal[]>();
  return {
    chart: 'xmr',
    center: centre,
    points: points.map((pt, index) => {
      const value = pt.value !== null && Number.isFinite(pt.value) ? pt.value : null;
      const limited = value !== null && centre !== null && sigma !== null;
      return {
        label: pt.label,
        value,
        ucl: limited ? centre + 3 * sigma : null,
        lcl: limited ? centre - 3 * sigma : null,
        sigma: limited ? sigma : null,
        signals: signals.get(index) ?? [],
      };
    }),
    movingRanges,
    scale: 1,
    baselinePoints: present.length,
  };
}

/** Indicator kinds of the library (`kind`), plus `count_rate` for events per unit of exposure. */
export type IndicatorKind = 'rate' | 'count_rate' | 'ratio' | 'mean' | 'median' | 'percentile' | 'index';

/** A period of an indicator series: its counts and its value as the indicator's formula gives it. */
export interface SeriesPoint {
  label: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

// Units whose value is a share of the denominator: numerator ⊂ denominator.
const PROPORTION_UNITS: ReadonlyMap<string, number> = new Map([
  ['%', 100],
  ['‰', 1000],
  ['‱', 10000],
  ['1/万', 10000],
  ['1/10万', 100000],
]);
const PER_UNIT = /\/(10)?([百千万])/;
const PER_UNIT_FACTOR: Record<string, number> = { 百: 100, 千: 1000, 万: 10000 };

/**
 * The multiplier a unit puts on numerator/denominator: % → 100, ‰ → 1000, ‱ → 10000, 1/10万 → 100000,
 * per-hundred units such as 例次/百出院人次 → 100; 1 for 比值; null when the unit does not say.
 */
export function unitScale(unit: string | null | undefined): number | null {
  const u = (unit ?? '').trim();
  const proportion = PROPORTION_UNITS.get(u);
  if (proportion !== undefined) return proportion;
  const per = PER_UNIT.exec(u);
  if (per) return (per[1] ? 10 : 1) * PER_UNIT_FACTOR[per[2]!]!;
  if (u === '比值') return 1;
  return null;
}

/** True when every point's value is scale · numerator / denominator (null exactly where the denominator is 0 or missing). */
function valuesAreScaledRatios(points: readonly SeriesPoint[], scale: number): boolean {
  return points.every((pt) => {
    const counted =
      pt.numerator !== null && pt.denominator !== null && Number.isFinite(pt.numerator) && Number.isFinite(pt.denominator) && pt.denominator > 0;
    if (!counted) return pt.value === null;
    if (pt.value === null || pt.numerator! < 0) return false;
    const expected = (scale * pt.numerator!) / pt.denominator!;
    return Math.abs(pt.value - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
  });
}

/**
 * The control chart that fits an indicator: a p chart for proportions (kind `rate` in %, ‰, ‱ or 1/10万
 * with every numerator ≤ denominator), a u chart for other rates per unit (`rate` / `count_rate`, which
 * may exceed 1), and an XmR chart for everything else — means, medians, percentiles, indices, and
 * structural ratios such as 床护比 whose numerators are not counts of events, so binomial or Poisson
 * limits would be meaningless. A p or u chart is chosen only when the values really are
 * scale · numerator / denominator; otherwise the values are charted as they are (XmR).
 */
export function spcChartFor(
  kind: IndicatorKind | (string & Record<never, never>),
  unit: string | null | undefined,
  points: readonly SeriesPoint[],
  options: CountChartOptions = {},
): SpcChart {
  if (kind === 'rate' || kind === 'count_rate') {
    const scale = options.scale ?? unitScale(unit);
    if (scale !== null && valuesAreScaledRatios(points, scale)) {
      const proportion =
        kind === 'rate' &&
        PROPORTION_UNITS.has((unit ?? '').trim()) &&
        points.every((pt) => pt.numerator === null || pt.denominator === null || pt.denominator === 0 || pt.numerator <= pt.denominator);
      const counts = points.map(({ label, numerator, denominator }) => ({ label, numerator, denominator }));
      return proportion ? pChart(counts, { scale }) : uChart(counts, { scale });
    }
  }
  return xmrChart(points.map(({ label, value }) => ({ label, value })));
}
