import {
  defaultRange,
  defaultYear,
  explorerQueryParams,
  parseExplorerParams,
  periodsInRange,
  sameExplorerState,
} from './explorer-state';

const NOW = new Date(2026, 10, 27); // 27 Nov 2026, local time

describe('explorer state in the URL', () => {
  it('defaults to monthly over the twelve complete months before this one', () => {
    expect(defaultRange(NOW)).toEqual({ from: '2025-11', to: '2026-10' });
    expect(defaultRange(new Date(2026, 0, 15))).toEqual({ from: '2025-01', to: '2025-12' });
    expect(parseExplorerParams({}, NOW)).toEqual({
      indicator: null,
      org: null,
      grain: 'month',
      from: '2025-11',
      to: '2026-10',
    });
  });

  it('opens dashboards on the year of the last complete month', () => {
    expect(defaultYear(NOW)).toBe(2026);
    expect(defaultYear(new Date(2027, 0, 10))).toBe(2026);
    expect(defaultYear(new Date(2027, 1, 1))).toBe(2027);
  });

  it('restores every field of a link such as the E2E and the indicator library use', () => {
    const state = parseExplorerParams(
      { indicator: 'HQ-02', org: 'LZ-H01', grain: 'quarter', from: '2026-01', to: '2026-09' },
      NOW,
    );
    expect(state).toEqual({ indicator: 'HQ-02', org: 'LZ-H01', grain: 'quarter', from: '2026-01', to: '2026-09' });
    // and writes them back unchanged, so a reload lands on the same view
    expect(parseExplorerParams(explorerQueryParams(state), NOW)).toEqual(state);
  });

  it('falls back per field on malformed values and orders a reversed range', () => {
    const state = parseExplorerParams({ indicator: '  ', grain: 'week', from: '2026-13', to: '2026-02' }, NOW);
    expect(state.indicator).toBeNull();
    expect(state.grain).toBe('month');
    // from was invalid → default 2025-11, which is before to
    expect(state.from).toBe('2025-11');
    expect(state.to).toBe('2026-02');
    expect(parseExplorerParams({ from: '2026-08', to: '2026-03' }, NOW)).toMatchObject({ from: '2026-03', to: '2026-08' });
    expect(parseExplorerParams({ indicator: ['HQ-01', 'HQ-02'] }, NOW).indicator).toBe('HQ-01');
  });

  it('compares states field by field', () => {
    const a = parseExplorerParams({ indicator: 'HQ-01' }, NOW);
    expect(sameExplorerState(a, { ...a })).toBe(true);
    expect(sameExplorerState(a, { ...a, grain: 'year' })).toBe(false);
  });

  it('lists the periods a range touches at each grain, for the ranking period', () => {
    expect(periodsInRange('2025-11', '2026-02', 'month')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(periodsInRange('2025-11', '2026-04', 'quarter')).toEqual(['2025Q4', '2026Q1', '2026Q2']);
    expect(periodsInRange('2025-11', '2026-10', 'year')).toEqual(['2025', '2026']);
  });
});
