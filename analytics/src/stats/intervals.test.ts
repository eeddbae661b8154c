import { describe, expect, it } from 'vitest';
import { normalCritical, tCritical } from './distributions.js';
import { StatsInputError } from './errors.js';
import { newcombeDifference, pearson, welchInterval, wilsonInterval } from './intervals.js';

describe('critical values (jstat)', () => {
  it('match the tables', () => {
    expect(normalCritical(0.95)).toBeCloseTo(1.959964, 6);
    expect(normalCritical(0.99)).toBeCloseTo(2.575829, 6);
    expect(tCritical(0.95, 10)).toBeCloseTo(2.228139, 6);
    expect(tCritical(0.95, 1)).toBeCloseTo(12.706205, 5);
    // fractional df as Welch produces; reference from mpmath's regularized incomplete beta
    expect(tCritical(0.95, 9.41)).toBeCloseTo(2.2472213, 6);
  });

  it('refuse levels outside 0…1', () => {
    expect(() => normalCritical(95)).toThrow('置信水平必须在 0 与 1 之间');
    expect(() => wilsonInterval(1, 2, 0)).toThrow(StatsInputError);
    expect(() => tCritical(0.95, 0)).toThrow('自由度必须大于 0');
  });
});

describe('wilsonInterval', () => {
  it('8/10 at 95 % is 0.4902–0.9433', () => {
    const ci = wilsonInterval(8, 10);
    expect(ci.p).toBe(0.8);
    expect(ci.lower).toBeCloseTo(0.49016, 5);
    expect(ci.upper).toBeCloseTo(0.94332, 5);
  });

  it('reproduces Newcombe (1998) for 1/29 and stays inside 0…1 at the extremes', () => {
    const one = wilsonInterval(1, 29);
    expect(one.lower).toBeCloseTo(0.0061, 4);
    expect(one.upper).toBeCloseTo(0.1718, 4);
    expect(wilsonInterval(0, 10)).toEqual({ p: 0, lower: 0, upper: expect.closeTo(0.27753, 5) });
    expect(wilsonInterval(10, 10)).toEqual({ p: 1, lower: expect.closeTo(0.72247, 5), upper: 1 });
  });

  it('widens with the confidence level', () => {
    const at95 = wilsonInterval(8, 10, 0.95);
    const at99 = wilsonInterval(8, 10, 0.99);
    expect(at99.lower!).toBeLessThan(at95.lower!);
    expect(at99.upper!).toBeGreaterThan(at95.upper!);
  });

  it('has no interval without trials, and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toEqual({ p: null, lower: null, upper: null });
    expect(() => wilsonInterval(11, 10)).toThrow('比例的计数无效：阳性数 11、总数 10');
    expect(() => wilsonInterval(-1, 10)).toThrow(StatsInputError);
  });
});

describe('newcombeDifference', () => {
  // Newcombe RG. Interval estimation for the difference between independent proportions.
  // Stat Med 1998;17:873–890, Table II, method 10 (hybrid score).
  it.each([
    [56, 70, 48, 80, 0.2, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.6, 0.1705, 0.809],
    [6, 7, 2, 7, 0.5714, 0.0582, 0.8062],
    [5, 56, 0, 29, 0.0893, -0.0381, 0.1926],
  ])('%i/%i vs %i/%i → %f (%f to %f) as published', (x1, n1, x2, n2, difference, lower, upper) => {
    const ci = newcombeDifference(x1, n1, x2, n2, 0.95);
    expect(ci.difference).toBeCloseTo(difference, 4);
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
  });

  it('is null when a group is empty and refuses impossible counts', () => {
    expect(newcombeDifference(3, 10, 0, 0)).toEqual({ difference: null, lower: null, upper: null });
    expect(() => newcombeDifference(3, 10, 5, 4)).toThrow('第二组的计数无效');
  });
});

describe('welchInterval', () => {
  // Reference computed independently in Python with mpmath (scipy is not installed here):
  // t quantile by root-finding on 1 − ½·I_{df/(df+t²)}(df/2, ½), 30 digits.
  const a = [12.1, 14.3, 13.5, 15.2, 11.8, 13.9];
  const b = [10.4, 11.9, 12.2, 9.8, 10.1, 11.5, 12.8, 10.9];

  it('gives means, Welch–Satterthwaite df and the 95 % interval of the difference', () => {
    const w = welchInterval(a, b);
    expect(w.meanA).toBeCloseTo(13.4666667, 6);
    expect(w.meanB).toBeCloseTo(11.2, 10);
    expect(w.difference).toBeCloseTo(2.2666667, 6);
    expect(w.df).toBeCloseTo(9.578253819, 6);
    expect(w.lower).toBeCloseTo(0.8002058489, 6);
    expect(w.upper).toBeCloseTo(3.733127484, 6);
    expect(w.n).toEqual([6, 8]);
  });

  it('at 99 % too, and antisymmetric when the groups swap', () => {
    const w = welchInterval(a, b, 0.99);
    expect(w.lower).toBeCloseTo(0.1726114397, 6);
    expect(w.upper).toBeCloseTo(4.360721894, 6);
    const swapped = welchInterval(b, a, 0.99);
    expect(swapped.lower).toBeCloseTo(-4.360721894, 6);
    expect(swapped.upper).toBeCloseTo(-0.1726114397, 6);
  });

  it('has means but no interval with fewer than two values in a group; constant groups give a point', () => {
    expect(welchInterval([5], [1, 2, 3])).toEqual({ meanA: 5, meanB: 2, difference: 3, lower: null, upper: null, df: null, n: [1, 3] });
    expect(welchInterval([], [1, 2])).toMatchObject({ meanA: null, difference: null, lower: null, n: [0, 2] });
    expect(welchInterval([2, 2], [1, 1, 1])).toMatchObject({ difference: 1, lower: 1, upper: 1, df: null });
  });

  it('names a value that is not a number', () => {
    expect(() => welchInterval([1, Number.NaN], [1, 2])).toThrow('第一组的第 2 个值不是有限数值');
  });
});

describe('pearson', () => {
  // References from Python/mpmath: r by the definition, bounds tanh(atanh r ± 1.959964/√(n−3)).
  it('r with a Fisher-z interval', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const weak = pearson(xs, [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]);
    expect(weak.r).toBeCloseTo(0.334325399, 8);
    expect(weak.lower).toBeCloseTo(-0.3740353709, 6);
    expect(weak.upper).toBeCloseTo(0.7963251948, 6);
    expect(weak.n).toBe(10);
    const strong = pearson(xs, [2.1, 3.9, 6.2, 7.8, 9.7, 12.4, 13.8, 16.1, 18.3, 19.9]);
    expect(strong.r).toBeCloseTo(0.9992613038, 8);
    expect(strong.lower).toBeCloseTo(0.996753849, 6);
    expect(strong.upper).toBeCloseTo(0.9998320647, 6);
  });

  it('drops incomplete pairs; no bounds below 4 pairs; no r for a constant variable', () => {
    const three = pearson([1, 2, null, 3], [2, 4, 5, null]);
    expect(three).toEqual({ r: expect.closeTo(1, 12), n: 2, lower: null, upper: null });
    expect(pearson([1, 2, 3], [1, 3, 2]).lower).toBeNull();
    expect(pearson([1, 2, 3, 4], [5, 5, 5, 5]).r).toBeNull();
    expect(pearson([1, 2, 3, 4, 5], [-2, -4, -6, -8, -10])).toEqual({ r: -1, n: 5, lower: -1, upper: -1 });
    expect(() => pearson([1, 2], [1])).toThrow('相关分析的两列长度不同');
  });
});
