import { dueWarning, periodText, recentPeriods } from './reporting-labels';

describe('dueWarning', () => {
  it('warns about open tasks past or near their deadline, not about submitted ones', () => {
    expect(dueWarning({ status: 'pending', overdue: true, daysLeft: -4 })).toEqual({ level: 'overdue', text: '已逾期 4 天' });
    expect(dueWarning({ status: 'returned', overdue: false, daysLeft: 2 })).toEqual({ level: 'soon', text: '2 天后到期' });
    expect(dueWarning({ status: 'draft', overdue: false, daysLeft: 0 })).toEqual({ level: 'soon', text: '今天到期' });
    expect(dueWarning({ status: 'draft', overdue: false, daysLeft: 10 })).toBeNull();
    expect(dueWarning({ status: 'submitted', overdue: true, daysLeft: -4 })).toBeNull();
  });
});

describe('periods', () => {
  it('names periods in Chinese', () => {
    expect(periodText('2026-03')).toBe('2026年3月');
    expect(periodText('2026Q3')).toBe('2026年第3季度');
    expect(periodText('2026')).toBe('2026年');
  });

  it('offers the current and recent periods of a grain, newest first', () => {
    const today = new Date(2026, 1, 15);
    expect(recentPeriods('month', today).slice(0, 3)).toEqual(['2026-02', '2026-01', '2025-12']);
    expect(recentPeriods('quarter', today).slice(0, 3)).toEqual(['2026Q1', '2025Q4', '2025Q3']);
    expect(recentPeriods('year', today).slice(0, 2)).toEqual(['2026', '2025']);
  });
});
