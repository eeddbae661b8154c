import { compareRows, reviewedVersions, sameValue, valueText } from './review-compare';
import { ReportField, ReportSubmission } from './reporting-models';

const field = (code: string, label: string): ReportField => ({
  code,
  label,
  unit: '人',
  type: 'integer',
  required: true,
  min: 0,
  max: null,
  indicatorCode: null,
  indicatorVariable: null,
});

const submission = (version: number, status: ReportSubmission['status'], values: ReportSubmission['values']): ReportSubmission => ({
  version,
  status,
  values,
  submittedBy: 'liaison01',
  submittedAt: '2026-11-01T02:00:00Z',
  reviewedBy: null,
  reviewedAt: null,
  reviewComment: status === 'returned' ? '死亡人数与病案不符' : null,
});

describe('review comparison', () => {
  it('sets a resubmitted version beside the returned one and marks what changed', () => {
    const task = {
      values: { deaths: 3, discharges: 120 },
      history: [submission(1, 'returned', { deaths: 5, discharges: 120 }), submission(2, 'submitted', { deaths: 3, discharges: 120 })],
    };
    const { current, previous } = reviewedVersions(task);
    expect(current?.version).toBe(2);
    expect(previous?.version).toBe(1);
    const rows = compareRows([field('discharges', '出院人数'), field('deaths', '死亡人数')], current!.values, previous!.values);
    expect(rows.map((r) => [r.field.code, r.current, r.previous, r.changed])).toEqual([
      ['discharges', 120, 120, false],
      ['deaths', 3, 5, true],
    ]);
  });

  it('has no previous column for a first submission, and ignores drafts', () => {
    const task = { values: null, history: [submission(1, 'submitted', { deaths: 1 }), submission(2, 'draft', { deaths: 9 })] };
    const { current, previous } = reviewedVersions(task);
    expect(current?.version).toBe(1);
    expect(previous).toBeNull();
    expect(compareRows([field('deaths', '死亡人数')], current!.values, null)[0]).toMatchObject({ previous: null, changed: false });
  });

  it('marks a list of cases changed when any case changed, was added or removed, not when it is the same', () => {
    const stay: ReportField = { ...field('stay', '抢救室滞留时间'), type: 'cases', unit: '小时' };
    const rows = (now: number[] | null, before: number[] | null) => compareRows([stay], { stay: now }, { stay: before })[0];
    expect(rows([3, 5, 8], [3, 5, 8]).changed).toBe(false);
    expect(rows([3, 5, 9], [3, 5, 8]).changed).toBe(true);
    expect(rows([3, 5, 8, 1], [3, 5, 8]).changed).toBe(true);
    expect(rows([3, 5], [3, 5, 8]).changed).toBe(true);
    // the API may answer an unfilled list as [] or null: both are unfilled
    expect(rows([], null)).toMatchObject({ current: null, previous: null, changed: false });
    expect(rows([4], null).changed).toBe(true);
    expect(sameValue([1], 1)).toBe(false);
  });

  it('says a list of cases as its count, median and range', () => {
    expect(valueText([2, 30, 1, 4.5, 6], '小时')).toBe('5 例（中位数 4.5 小时，最小 1，最大 30）');
    expect(valueText([], '小时')).toBe('—');
    expect(valueText(120, '人')).toBe('120 人');
    expect(valueText(null, '人')).toBe('—');
  });
});
