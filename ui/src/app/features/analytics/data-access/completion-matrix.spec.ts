import { CompletionRow } from './analytics-models';
import { completionBars, completionMatrix } from './completion-matrix';
import { filterMonitorRows, monitorCenterName } from './monitor-filter';
import { MonitorRow } from './analytics-models';

const row = (code: string | null, kind: CompletionRow['kind'], done: number, due: number, ly: [number, number] | null): CompletionRow => ({
  center: code === null ? null : { code, name: code === 'QC-A' ? '麻醉质控中心' : '护理质控中心' },
  kind,
  done,
  due,
  rate: due ? done / due : null,
  lastYear: ly ? { done: ly[0], due: ly[1], rate: ly[1] ? ly[0] / ly[1] : null } : null,
});

describe('completion board', () => {
  const rows = [
    row('QC-A', 'inspection', 3, 4, [1, 4]),
    row('QC-A', 'training', 1, 2, null),
    row('QC-B', 'report', 6, 6, [3, 6]),
  ];

  it('builds centers × kinds with totals summed from done and due, not averaged rates', () => {
    const matrix = completionMatrix(rows);
    expect(matrix.map((m) => m.center.code)).toEqual(['QC-A', 'QC-B']);
    // (3 + 1) / (4 + 2), not the mean of 75% and 50%
    expect(matrix[0].total).toEqual({ done: 4, due: 6, rate: 4 / 6 });
    expect(matrix[0].lastYearTotal).toEqual({ done: 1, due: 4, rate: 0.25 });
    expect(matrix[0].cells.inspection?.done).toBe(3);
    expect(matrix[0].cells.report).toBeUndefined();
  });

  it('puts the commission’s own forms (no center) on a line of their own', () => {
    const matrix = completionMatrix([...rows, row(null, 'report', 2, 4, null)]);
    expect(matrix.map((m) => m.center.name)).toEqual(['麻醉质控中心', '护理质控中心', '市卫健委（市级上报）']);
    expect(matrix[2].total.rate).toBe(0.5);
  });

  it('charts one bar per center, or per kind once a center is chosen', () => {
    expect(completionBars(rows, null).map((b) => [b.label, b.current.rate, b.lastYear?.rate])).toEqual([
      ['麻醉质控中心', 4 / 6, 0.25],
      ['护理质控中心', 1, 0.5],
    ]);
    expect(completionBars(rows, 'QC-A').map((b) => [b.label, b.current.done, b.lastYear])).toEqual([
      ['督导检查', 3, { done: 1, due: 4, rate: 0.25 }],
      ['培训', 1, null],
    ]);
  });
});

describe('not-submitted monitor', () => {
  const m = (orgName: string, level: MonitorRow['level'], days: number, center: MonitorRow['center'], kindName = '数据上报'): MonitorRow => ({
    org: 'LZ-H01',
    orgName,
    center,
    item: { type: 'report_task', id: days, kind: 'report', kindName, title: '护理质量指标（2026-10）' },
    dueDate: '2026-11-10',
    daysOverdue: Math.max(0, days),
    daysLeft: Math.max(0, -days),
    level,
  });
  const rows = [
    m('柳州市工人医院', 'warning', -3, { code: 'QC-B', name: '护理质控中心' }, '督导检查'),
    m('柳州市人民医院', 'overdue', 12, { code: 'QC-B', name: '护理质控中心' }),
    m('柳州市中医医院', 'overdue', 30, null),
  ];

  it('filters by level and text and puts the most overdue first', () => {
    expect(filterMonitorRows(rows, { level: null, text: '' }).map((r) => r.orgName)).toEqual([
      '柳州市中医医院',
      '柳州市人民医院',
      '柳州市工人医院',
    ]);
    expect(filterMonitorRows(rows, { level: 'overdue', text: '' }).map((r) => r.orgName)).toEqual([
      '柳州市中医医院',
      '柳州市人民医院',
    ]);
    expect(filterMonitorRows(rows, { level: null, text: '人民' }).map((r) => r.orgName)).toEqual(['柳州市人民医院']);
    // the kind of work is searchable too
    expect(filterMonitorRows(rows, { level: null, text: '督导' }).map((r) => r.orgName)).toEqual(['柳州市工人医院']);
  });

  it('names the center, empty for the commission’s own forms', () => {
    expect(rows.map(monitorCenterName)).toEqual(['护理质控中心', '护理质控中心', '']);
  });
});
