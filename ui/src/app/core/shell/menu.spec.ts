import { MENU, MenuItem, buildMenu } from './menu';

describe('buildMenu', () => {
  const labels = (items: MenuItem[]) => items.map((i) => i.label);

  it('shows only 首页 to a user without management permissions', () => {
    expect(labels(buildMenu([]))).toEqual(['首页']);
  });

  it('adds 机构管理 for org:read and 用户管理 for user:read, in menu order', () => {
    expect(labels(buildMenu(['user:read', 'org:read']))).toEqual(['首页', '机构管理', '用户管理']);
  });

  it('does not treat a write permission as read', () => {
    expect(labels(buildMenu(['org:write', 'user:write']))).toEqual(['首页']);
  });

  it('ignores permissions it has no item for', () => {
    expect(labels(buildMenu(['user:read', 'audit:read']))).toEqual(['首页', '用户管理']);
  });

  it('filters any item list it is given, without changing it', () => {
    const items: MenuItem[] = [
      { label: 'A', icon: 'home', path: '/a', permission: 'x' },
      { label: 'B', icon: 'home', path: '/b' },
    ];
    expect(labels(buildMenu(['y'], items))).toEqual(['B']);
    expect(items).toHaveLength(2);
    expect(MENU.map((m) => m.path)).toEqual(['/', '/orgs', '/users']);
  });
});
