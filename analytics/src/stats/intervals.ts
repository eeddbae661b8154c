import { assertLevel, normalCritical, tCritical } from './distributions.js';
import { StatsInputError } from './errors.js';

/** A proportion with its confidence interval; all null when there are no trials. */
export interface ProportionInterval {
  p: number | null;
  lower: number | null;
  upper: number | null;
}

/** A difference of two proportions p1 − p2 with its confidence interval; null when either n is 0. */
export interface DifferenceInterval {
  difference: number | null;
  lower: number | null;
  upper: number | null;
}

/** Welch's two-sample comparison of means (A − B). */
export interface WelchResult {
  meanA: number | null;
  meanB: number | null;
  difference: number | null;
  /** null when a group has fewer than 2 values (no variance to estimate). */
  lower: number | null;
  upper: number | null;
  /** Welch–Satterthwaite degrees of freedom; null when undefined (fewer than 2 values, or no variance at all). */
  df: number | null;
  n: [number, number];
}

/** Pearson's correlation with a Fisher-z confidence interval. */
export interface CorrelationResult {
  /** null with fewer than 2 pairs or when either variable is constant. */
  r: number | null;
  n: number;
  /** null when n < 4 (the Fisher-z standard error 1/√(n−3) needs n > 3). */
  lower: number | null;
  upper: number | null;
}

function assertCounts(successes: number, n: number, which: string, field: string): void {
  if (!Number.isFinite(n) || n < 0 || !Number.isFinite(successes) || successes < 0 || successes > n) {
    throw new StatsInputError(`${which}的计数无效：阳性数 ${successes}、总数 ${n}（应满足 0 ≤ 阳性数 ≤ 总数）`, field);
  }
}

/**
 * Wilson score interval for a proportion successes/n (8/10 at 95 % → 0.4902–0.9433). Unlike the Wald
 * interval it stays inside 0…1 and keeps its coverage for small n and proportions near 0 or 1.
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): ProportionInterval {
  assertCounts(successes, n, '比例', 'successes');
  const z = normalCritical(level);
  if (n === 0) return { p: null, lower: null, upper: null };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // at 0/n and n/n the bound is exactly 0 or 1; rounding must not push it a hair off
  return {
    p,
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/**
 * Newcombe's hybrid score interval (his method 10) for p1 − p2 = x1/n1 − x2/n2, built from the two
 * Wilson intervals; 56/70 vs 48/80 → 0.2 (0.0524–0.3339) at 95 %.
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, level = 0.95): DifferenceInterval {
  assertCounts(x1, n1, '第一组', 'x1');
  assertCounts(x2, n2, '第二组', 'x2');
  const a = wilsonInterval(x1, n1, level);
  const b = wilsonInterval(x2, n2, level);
  if (a.p === null || b.p === null || a.lower === null || a.upper === null || b.lower === null || b.upper === null) {
    return { difference: null, lower: null, upper: null };
  }
  const difference = a.p - b.p;
  return {
    difference,
    lower: difference - Math.sqrt((a.p - a.lower) ** 2 + (b.upper - b.p) ** 2),
    upper: difference + Math.sqrt((a.upper - a.p) ** 2 + (b.p - b.lower) ** 2),
  };
}

function finiteValues(values: readonly number[], field: string): void {
  const bad = values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) throw new StatsInputError(`${field}的第 ${bad + 1} 个值不是有限数值：${values[bad]}`, field);
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Sample variance (n − 1), by the two-pass formula: the one-pass one loses digits on large, close values. */
function sampleVariance(values: readonly number[], m: number): number {
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1);
}

/**
 * Welch's t interval for meanA − meanB, not assuming equal variances (the groups here — e.g. hospitals
 * with many vs few tracking visits — have no reason to share one).
 */
export function welchInterval(a: readonly number[], b: readonly number[], level = 0.95): WelchResult {
  assertLevel(level);
  finiteValues(a, '第一组');
  finiteValues(b, '第二组');
  const na = a.length;
  const nb = b.length;
  const meanA = na > 0 ? mean(a) : null;
  const meanB = nb > 0 ? mean(b) : null;
  const difference = meanA !== null && meanB !== null ? meanA - meanB : null;
  const result: WelchResult = { meanA, meanB, difference, lower: null, upper: null, df: null, n: [na, nb] };
  if (na < 2 || nb < 2 || meanA === null || meanB === null || difference === null) return result;
  const va = sampleVariance(a, meanA) / na;
  const vb = sampleVariance(b, meanB) / nb;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    // both groups constant: the difference is known exactly, and the t distribution has no df
    return { ...result, lower: difference, upper: difference };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1));
  const t = tCritical(level, df);
  return { ...result, lower: difference - t * se, upper: difference + t * se, df };
}

/**
 * Pearson's r for paired values with a Fisher-z interval tanh(atanh(r) ± z/√(n−3)); pairs where
 * either value is null or not finite are dropped first.
 */
export function pearson(
  xs: readonly (number | null)[],
  ys: readonly (number | null)[],
  level = 0.95,
): CorrelationResult {
  if (xs.length !== ys.length) {
    throw new StatsInputError(`相关分析的两列长度不同：${xs.length} 与 ${ys.length}`, 'ys');
  }
  const z = normalCritical(level);
  const pairs: [number, number][] = [];
  xs.forEach((x, i) => {
    const y = ys[i];
    if (x !== null && y !== null && y !== undefined && Number.isFinite(x) && Number.isFinite(y)) pairs.push([x, y]);
  });
  const n = pairs.length;
  if (n < 2) return { r: null, n, lower: null, upper: null };
  const mx = mean(pairs.map((p) => p[0]));
  const my = mean(pairs.map((p) => p[1]));
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return { r: null, n, lower: null, upper: null };
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  if (n < 4) return { r, n, lower: null, upper: null };
  const zr = Math.atanh(r);
  const half = z / Math.sqrt(n - 3);
  return { r, n, lower: Math.tanh(zr - half), upper: Math.tanh(zr + half) };
}
