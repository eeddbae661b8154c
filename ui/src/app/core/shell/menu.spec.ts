import { MENU, MenuItem, buildMenu, menuPaths } from './menu';

/** Labels with groups written as `group>child`, so one array shows the whole tree. */
const labels = (items: MenuItem[]): string[] =>
  items.flatMap((i) => (i.children ? i.children.map((c) => `${i.label}>${c.label}`) : [i.label]));

// The permissions of the 三员 and of a business role, as ops-api's catalog grants them.
const SYSADMIN = ['org:read', 'org:write', 'user:read', 'user:write'];
const SECADMIN = ['user:read', 'role:read', 'role:write', 'security:policy'];
const AUDITOR = ['audit:read', 'audit:export'];
const LIAISON = ['org:read', 'user:read'];

describe('buildMenu', () => {
  it('shows only 首页 to a user without management permissions', () => {
    expect(labels(buildMenu([]))).toEqual(['首页']);
  });

  it('gives the auditor 首页 and 审计日志 only', () => {
    expect(labels(buildMenu(AUDITOR))).toEqual(['首页', '审计日志']);
  });

  it('gives the security administrator 首页, 用户管理 and the 安全管理 group', () => {
    expect(labels(buildMenu(SECADMIN))).toEqual(['首页', '用户管理', '安全管理>角色权限', '安全管理>安全策略']);
  });

  it('gives the system administrator organizations and users, nothing of security or audit', () => {
    expect(labels(buildMenu(SYSADMIN))).toEqual(['首页', '机构管理', '用户管理']);
  });

  it('shows a group with only the pages the user may open, and hides an empty group', () => {
    expect(labels(buildMenu(['role:read']))).toEqual(['首页', '安全管理>角色权限']);
    expect(labels(buildMenu(['security:policy']))).toEqual(['首页', '安全管理>安全策略']);
    expect(buildMenu(['role:write']).some((i) => i.label === '安全管理')).toBe(false);
  });

  it('keeps a business role out of every administrator page', () => {
    expect(labels(buildMenu(LIAISON))).toEqual(['首页', '机构管理', '用户管理']);
  });

  it('does not treat a write or export permission as read', () => {
    expect(labels(buildMenu(['org:write', 'user:write', 'audit:export']))).toEqual(['首页']);
  });

  it('filters any item list it is given, without changing it', () => {
    const items: MenuItem[] = [
      { label: 'A', icon: 'home', path: '/a', permission: 'x' },
      { label: 'B', icon: 'home', path: '/b' },
      { label: 'G', icon: 'home', children: [{ label: 'C', icon: 'home', path: '/c', permission: 'y' }] },
    ];
    expect(labels(buildMenu(['y'], items))).toEqual(['B', 'G>C']);
    expect(items).toHaveLength(3);
    expect(items[2].children).toHaveLength(1);
  });

  it('gives a hospital liaison the upload page and the ingestion records under 数据接入', () => {
    expect(labels(buildMenu([...LIAISON, 'ingest:upload', 'ingest:read']))).toEqual([
      '首页',
      '机构管理',
      '用户管理',
      '数据接入>数据上传',
      '数据接入>运行记录',
      '数据接入>数据连接',
    ]);
  });

  it('shows each ingestion page only for its own permission', () => {
    expect(labels(buildMenu(['ingest:upload']))).toEqual(['首页', '数据接入>数据上传']);
    expect(labels(buildMenu(['ingest:read']))).toEqual(['首页', '数据接入>运行记录', '数据接入>数据连接']);
    const group = buildMenu(['ingest:read']).find((i) => i.label === '数据接入');
    expect(group?.children?.map((c) => c.path)).toEqual(['/ingest/runs', '/ingest/connections']);
  });

  it('hides 数据接入 from users who may only manage connections, or hold none of its permissions', () => {
    expect(labels(buildMenu(['ingest:manage']))).toEqual(['首页']);
    expect(buildMenu([...SYSADMIN, ...SECADMIN, ...AUDITOR]).some((i) => i.label === '数据接入')).toBe(false);
  });

  it('gives a liaison analytics, the library and their own reporting tasks, but not review or form design', () => {
    const liaison = [...LIAISON, 'indicator:read', 'report:fill', 'analytics:read', 'analytics:drill'];
    expect(labels(buildMenu(liaison))).toEqual([
      '首页',
      '机构管理',
      '用户管理',
      '统计分析>全市总览',
      '统计分析>指标分析',
      '统计分析>工作完成率',
      '统计分析>上报监测',
      '指标库',
      '数据上报>我的填报',
    ]);
  });

  it('gives a center director review and form design, not filling', () => {
    const director = ['indicator:read', 'report:manage', 'report:review'];
    expect(labels(buildMenu(director))).toEqual(['首页', '指标库', '数据上报>上报审核', '数据上报>表单管理']);
  });

  it('lists every routed page once', () => {
    expect(menuPaths(MENU)).toEqual([
      '/',
      '/orgs',
      '/users',
      '/analytics/overview',
      '/analytics/explorer',
      '/analytics/completion',
      '/analytics/monitor',
      '/indicators',
      '/reporting/tasks',
      '/reporting/review',
      '/reporting/forms',
      '/ingest/upload',
      '/ingest/runs',
      '/ingest/connections',
      '/security/roles',
      '/security/policy',
      '/audit',
    ]);
  });
});
