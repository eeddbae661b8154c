import { dischargesOption } from './chart-options';

type Series = { name: string; data: (number | null)[] };

describe('dischargesOption', () => {
  it('leaves months without data empty instead of drawing them as 0, and drops a last year that has none', () => {
    const option = dischargesOption([
      { month: '2026-01', discharges: 6, lastYear: null },
      { month: '2026-02', discharges: 0, lastYear: null },
      { month: '2026-03', discharges: null, lastYear: null },
    ]);
    const series = option['series'] as Series[];
    // a real 0 stays 0; an unknown month is a gap
    expect(series[0].data).toEqual([6, 0, null]);
    expect(series.map((s) => s.name)).toEqual(['出院人次']);
  });

  it('draws last year where it is known', () => {
    const option = dischargesOption([
      { month: '2026-01', discharges: 6, lastYear: 5 },
      { month: '2026-02', discharges: null, lastYear: 4 },
    ]);
    const series = option['series'] as Series[];
    expect(series.map((s) => s.name)).toEqual(['出院人次', '去年同期']);
    expect(series[1].data).toEqual([5, 4]);
  });
});
