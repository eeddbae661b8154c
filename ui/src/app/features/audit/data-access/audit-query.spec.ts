import { changedKeys, prettyJson } from './audit-diff';
import { roleLabel } from './audit-labels';
import { EMPTY_AUDIT_FILTERS, buildAuditQuery } from './audit-query';

describe('buildAuditQuery', () => {
  it('sends nothing but paging when no filter is set', () => {
    expect(buildAuditQuery(EMPTY_AUDIT_FILTERS, { page: 1, pageSize: 20 })).toEqual({ page: '1', pageSize: '20' });
    expect(buildAuditQuery(EMPTY_AUDIT_FILTERS)).toEqual({});
  });

  it('turns the picked range into local YYYY-MM-DD dates, whatever the time of day', () => {
    const query = buildAuditQuery({
      ...EMPTY_AUDIT_FILTERS,
      range: [new Date(2026, 0, 5, 23, 59), new Date(2026, 1, 28, 0, 1)],
    });
    expect(query).toEqual({ from: '2026-01-05', to: '2026-02-28' });
  });

  it('puts a backwards range the right way round, and accepts an open-ended one', () => {
    expect(buildAuditQuery({ ...EMPTY_AUDIT_FILTERS, range: [new Date(2026, 2, 9), new Date(2026, 2, 1)] })).toEqual({
      from: '2026-03-01',
      to: '2026-03-09',
    });
    expect(buildAuditQuery({ ...EMPTY_AUDIT_FILTERS, range: [null, new Date(2026, 2, 1)] })).toEqual({ to: '2026-03-01' });
    expect(buildAuditQuery({ ...EMPTY_AUDIT_FILTERS, range: [new Date(2026, 2, 1)] })).toEqual({ from: '2026-03-01' });
  });

  it('trims text, drops blanks and passes result, action and q as they are', () => {
    const query = buildAuditQuery(
      { range: null, username: '  admin ', action: ' auth.login_failed ', result: 'denied', q: '  工人医院 ' },
      { page: 3, pageSize: 50 },
    );
    expect(query).toEqual({
      username: 'admin',
      action: 'auth.login_failed',
      result: 'denied',
      q: '工人医院',
      page: '3',
      pageSize: '50',
    });
    expect(buildAuditQuery({ ...EMPTY_AUDIT_FILTERS, username: '   ', q: ' ' })).toEqual({});
  });
});

describe('audit detail helpers', () => {
  it('lists the fields an update changed, added or removed', () => {
    expect(changedKeys({ name: 'A', phone: '138****1234', x: 1 }, { name: 'B', phone: '138****1234', y: 2 })).toEqual([
      'name',
      'x',
      'y',
    ]);
    expect(changedKeys(null, { name: 'B' })).toEqual(['name']);
  });

  it('pretty-prints JSON and shows a dash for nothing', () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyJson(null)).toBe('—');
  });

  it('names built-in roles in Chinese and leaves custom ones as codes', () => {
    expect(roleLabel('auditor')).toBe('审计管理员');
    expect(roleLabel('data_clerk')).toBe('data_clerk');
  });
});
