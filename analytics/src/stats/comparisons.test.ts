import { describe, expect, it } from 'vitest';
import { compareSeries, compareSeriesWithLastYear, relativeChange } from './comparisons.js';

describe('relativeChange', () => {
  it('is value/base − 1, null without a usable base', () => {
    expect(relativeChange(12, 10)).toBeCloseTo(0.2, 12);
    expect(relativeChange(8, 10)).toBeCloseTo(-0.2, 12);
    expect(relativeChange(5, 0)).toBeNull();
    expect(relativeChange(5, null)).toBeNull();
    expect(relativeChange(null, 5)).toBeNull();
    expect(relativeChange(Number.NaN, 5)).toBeNull();
    // a rise from a negative base still reads as a rise
    expect(relativeChange(-1, -2)).toBeCloseTo(0.5, 12);
  });
});

describe('compareSeries', () => {
  it('finds the previous month and the same month last year among the rows', () => {
    const rows = [
      { period: '2025-03', value: 4 },
      { period: '2025-12', value: 5 },
      { period: '2026-01', value: 6 },
      { period: '2026-02', value: null },
      { period: '2026-03', value: 5 },
    ];
    expect(compareSeries(rows)).toEqual([
      { period: '2025-03', value: 4, previous: null, pop: null, lastYear: null, yoy: null },
      { period: '2025-12', value: 5, previous: null, pop: null, lastYear: null, yoy: null },
      { period: '2026-01', value: 6, previous: 5, pop: expect.closeTo(0.2, 12), lastYear: null, yoy: null },
      { period: '2026-02', value: null, previous: 6, pop: null, lastYear: null, yoy: null },
      // previous month had no value → no 环比; last March was 4 → 同比 +25 %
      { period: '2026-03', value: 5, previous: null, pop: null, lastYear: 4, yoy: expect.closeTo(0.25, 12) },
    ]);
  });

  it('works on quarters and years in their own grain', () => {
    const quarters = compareSeries([
      { period: '2025Q1', value: 10 },
      { period: '2025Q4', value: 8 },
      { period: '2026Q1', value: 12 },
    ]);
    expect(quarters[2]).toEqual({ period: '2026Q1', value: 12, previous: 8, pop: 0.5, lastYear: 10, yoy: expect.closeTo(0.2, 12) });
    const years = compareSeries([
      { period: '2025', value: 0 },
      { period: '2026', value: 3 },
    ]);
    // a zero base has no relative change
    expect(years[1]).toEqual({ period: '2026', value: 3, previous: 0, pop: null, lastYear: 0, yoy: null });
  });

  it('refuses a series with a period twice (two organizations mixed up)', () => {
    expect(() =>
      compareSeries([
        { period: '2026-01', value: 1 },
        { period: '2026-01', value: 2 },
      ]),
    ).toThrow('期间“2026-01”出现了不止一次');
  });
});

describe('compareSeriesWithLastYear', () => {
  it('takes earlier periods from the map, keyed by their own labels', () => {
    const rows = [
      { period: '2026-01', value: 9 },
      { period: '2026-02', value: 10 },
    ];
    const earlier = new Map([
      ['2025-01', 10],
      ['2025-02', 8],
      ['2025-12', 12],
    ]);
    expect(compareSeriesWithLastYear(rows, earlier)).toEqual([
      { period: '2026-01', value: 9, previous: 12, pop: -0.25, lastYear: 10, yoy: expect.closeTo(-0.1, 12) },
      { period: '2026-02', value: 10, previous: 9, pop: expect.closeTo(1 / 9, 12), lastYear: 8, yoy: 0.25 },
    ]);
    // a plain object works the same; the rows win over the map for a period both hold
    const fromObject = compareSeriesWithLastYear(rows, { '2025-01': 10, '2026-01': 1000 });
    expect(fromObject[1]!.previous).toBe(9);
    expect(fromObject[0]!.lastYear).toBe(10);
  });
});
