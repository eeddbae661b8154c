import { describe, expect, it } from 'vitest';
import { StatsInputError } from './errors.js';
import {
  parsePeriod,
  periodEnd,
  periodGrain,
  periodLabel,
  periodStart,
  periodsBetween,
  sameLastYear,
  shiftPeriod,
} from './periods.js';

describe('periodLabel', () => {
  it('labels a day or a month by month, quarter and year', () => {
    expect(periodLabel('2026-03-31', 'month')).toBe('2026-03');
    expect(periodLabel('2026-03-31', 'quarter')).toBe('2026Q1');
    expect(periodLabel('2026-04-01', 'quarter')).toBe('2026Q2');
    expect(periodLabel('2026-12', 'quarter')).toBe('2026Q4');
    expect(periodLabel('2026-07-15', 'year')).toBe('2026');
  });

  it('refuses days that do not exist and unknown grains, in Chinese', () => {
    expect(() => periodLabel('2026-02-29', 'month')).toThrow('日期“2026-02-29”无效');
    expect(periodLabel('2028-02-29', 'month')).toBe('2028-02');
    expect(() => periodLabel('2026-13', 'month')).toThrow(StatsInputError);
    expect(() => periodLabel('2026/03/01', 'month')).toThrow('应为 YYYY-MM-DD 或 YYYY-MM');
    expect(() => periodLabel('2026-03-01', 'week' as never)).toThrow('统计粒度“week”无效');
  });
});

describe('parsePeriod', () => {
  it('gives grain, first and last day of each kind of label', () => {
    expect(parsePeriod('2026-02')).toEqual({ grain: 'month', start: '2026-02-01', end: '2026-02-28' });
    expect(parsePeriod('2024-02')).toEqual({ grain: 'month', start: '2024-02-01', end: '2024-02-29' });
    expect(parsePeriod('2026Q1')).toEqual({ grain: 'quarter', start: '2026-01-01', end: '2026-03-31' });
    expect(parsePeriod('2026Q2').end).toBe('2026-06-30');
    expect(parsePeriod('2026Q4')).toEqual({ grain: 'quarter', start: '2026-10-01', end: '2026-12-31' });
    expect(parsePeriod('2026')).toEqual({ grain: 'year', start: '2026-01-01', end: '2026-12-31' });
    expect(periodStart('2026Q3')).toBe('2026-07-01');
    expect(periodEnd('2026-09')).toBe('2026-09-30');
    expect(periodGrain('2026Q3')).toBe('quarter');
  });

  it.each(['2026-00', '2026-13', '2026Q5', '2026Q0', '2026q1', '26-03', '2026-3', '2026-03-01', '', '0000'])(
    'refuses %j with a message that shows the accepted forms',
    (label) => {
      let error: unknown;
      try {
        parsePeriod(label);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StatsInputError);
      expect((error as StatsInputError).message).toBe(`期间“${label}”格式不正确：应为 2026-03（月）、2026Q1（季度）或 2026（年）`);
      expect((error as StatsInputError).field).toBe('period');
    },
  );
});

describe('periodsBetween', () => {
  it('lists every period touching the months, partly covered ends included', () => {
    expect(periodsBetween('2025-11', '2026-02', 'month')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(periodsBetween('2026-02', '2026-07', 'quarter')).toEqual(['2026Q1', '2026Q2', '2026Q3']);
    expect(periodsBetween('2025-12', '2026-01', 'quarter')).toEqual(['2025Q4', '2026Q1']);
    expect(periodsBetween('2024-06', '2026-01', 'year')).toEqual(['2024', '2025', '2026']);
    expect(periodsBetween('2026-03', '2026-03', 'month')).toEqual(['2026-03']);
    expect(periodsBetween('2026-01', '2026-12', 'month')).toHaveLength(12);
  });

  it('refuses a range that runs backwards or a month that is not YYYY-MM', () => {
    expect(() => periodsBetween('2026-05', '2026-03', 'month')).toThrow('起始月份“2026-05”晚于结束月份“2026-03”');
    expect(() => periodsBetween('2026-05-01', '2026-06', 'month')).toThrow('起始月份“2026-05-01”格式不正确');
    expect(() => periodsBetween('2026-05', '2026-6', 'month')).toThrow('结束月份“2026-6”格式不正确');
  });
});

describe('shiftPeriod and sameLastYear', () => {
  it('steps in the label’s own grain across year ends', () => {
    expect(shiftPeriod('2026-01', -1)).toBe('2025-12');
    expect(shiftPeriod('2026-11', 3)).toBe('2027-02');
    expect(shiftPeriod('2026Q1', -1)).toBe('2025Q4');
    expect(shiftPeriod('2026Q4', 1)).toBe('2027Q1');
    expect(shiftPeriod('2026', -2)).toBe('2024');
    expect(shiftPeriod('2026-05', 0)).toBe('2026-05');
    expect(sameLastYear('2026-03')).toBe('2025-03');
    expect(sameLastYear('2026Q1')).toBe('2025Q1');
    expect(sameLastYear('2026')).toBe('2025');
  });

  it('refuses fractional steps and bad labels', () => {
    expect(() => shiftPeriod('2026-01', 0.5)).toThrow('期间偏移量必须是整数');
    expect(() => sameLastYear('2026-1')).toThrow(StatsInputError);
    expect(() => shiftPeriod('0001', -1)).toThrow('超出可表示的年份范围');
  });
});
