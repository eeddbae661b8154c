import { describe, expect, it } from 'vitest';
import { addDays, deadlineState, dueDate, parsePeriod, periodLabelOf, shanghaiDate } from './reporting-periods.js';

describe('reporting periods', () => {
  it('parses month, quarter and year labels into calendar bounds', () => {
    expect(parsePeriod('month', '2026-02')).toEqual({ label: '2026-02', start: '2026-02-01', end: '2026-02-28' });
    expect(parsePeriod('month', '2024-02')!.end).toBe('2024-02-29');
    expect(parsePeriod('quarter', '2026q3')).toEqual({ label: '2026Q3', start: '2026-07-01', end: '2026-09-30' });
    expect(parsePeriod('year', '2026')).toEqual({ label: '2026', start: '2026-01-01', end: '2026-12-31' });
    expect(parsePeriod('month', '2026-13')).toBeUndefined();
    expect(parsePeriod('month', '2026Q1')).toBeUndefined();
    expect(periodLabelOf('quarter', '2026-11-27')).toBe('2026Q4');
  });

  it('puts the due date after the period ends, across month and year ends', () => {
    expect(dueDate(parsePeriod('month', '2026-12')!, 10)).toBe('2027-01-10');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('takes today in Asia/Shanghai: 17:00 UTC is already the next day there', () => {
    expect(shanghaiDate(new Date('2026-11-30T15:59:00Z'))).toBe('2026-11-30');
    expect(shanghaiDate(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
  });

  it('flags only open tasks past their due date as overdue', () => {
    expect(deadlineState({ status: 'pending', dueDate: '2026-11-10' }, '2026-11-10')).toEqual({ overdue: false, daysLeft: 0 });
    expect(deadlineState({ status: 'returned', dueDate: '2026-11-10' }, '2026-11-12')).toEqual({ overdue: true, daysLeft: -2 });
    expect(deadlineState({ status: 'submitted', dueDate: '2026-11-10' }, '2026-11-12')).toEqual({ overdue: false, daysLeft: -2 });
  });
});
