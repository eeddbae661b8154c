/** One entry of the side menu: a page, or a group of pages (a submenu). */
export interface MenuItem {
  label: string;
  icon: string;
  /** The page's route; a group has none. */
  path?: string;
  /** Permission needed to see the item; none means everyone signed in sees it. */
  permission?: string;
  /** A group is shown when at least one of its pages is. */
  children?: readonly MenuItem[];
}

/** Every page the side menu can offer, in display order. */
export const MENU: readonly MenuItem[] = [
  { label: '首页', icon: 'home', path: '/' },
  { label: '机构管理', icon: 'apartment', path: '/orgs', permission: 'org:read' },
  { label: '用户管理', icon: 'team', path: '/users', permission: 'user:read' },
  {
    label: '统计分析',
    icon: 'bar-chart',
    children: [
      { label: '全市总览', icon: 'bar-chart', path: '/analytics/overview', permission: 'analytics:read' },
      { label: '指标分析', icon: 'bar-chart', path: '/analytics/explorer', permission: 'analytics:read' },
      { label: '工作完成率', icon: 'bar-chart', path: '/analytics/completion', permission: 'analytics:read' },
      { label: '上报监测', icon: 'bar-chart', path: '/analytics/monitor', permission: 'analytics:read' },
    ],
  },
  { label: '指标库', icon: 'book', path: '/indicators', permission: 'indicator:read' },
  {
    label: '数据上报',
    icon: 'form',
    children: [
      { label: '我的填报', icon: 'form', path: '/reporting/tasks', permission: 'report:fill' },
      { label: '上报审核', icon: 'form', path: '/reporting/review', permission: 'report:review' },
      { label: '表单管理', icon: 'form', path: '/reporting/forms', permission: 'report:manage' },
    ],
  },
  {
    label: '数据接入',
    icon: 'cloud-upload',
    children: [
      { label: '数据上传', icon: 'upload', path: '/ingest/upload', permission: 'ingest:upload' },
      { label: '运行记录', icon: 'history', path: '/ingest/runs', permission: 'ingest:read' },
      { label: '数据连接', icon: 'api', path: '/ingest/connections', permission: 'ingest:read' },
    ],
  },
  {
    label: '安全管理',
    icon: 'safety',
    children: [
      { label: '角色权限', icon: 'key', path: '/security/roles', permission: 'role:read' },
      { label: '安全策略', icon: 'setting', path: '/security/policy', permission: 'security:policy' },
    ],
  },
  { label: '审计日志', icon: 'audit', path: '/audit', permission: 'audit:read' },
];

/** The menu items a user with these permissions may open; groups keep only their visible pages. */
export function buildMenu(
  permissions: readonly string[],
  items: readonly MenuItem[] = MENU,
): MenuItem[] {
  const granted = new Set(permissions);
  const result: MenuItem[] = [];
  for (const item of items) {
    if (item.permission && !granted.has(item.permission)) continue;
    if (item.children) {
      const children = buildMenu(permissions, item.children);
      if (children.length) result.push({ ...item, children });
    } else {
      result.push(item);
    }
  }
  return result;
}

/** Every page path of a menu, groups flattened, in order. */
export function menuPaths(items: readonly MenuItem[]): string[] {
  return items.flatMap((item) => (item.children ? menuPaths(item.children) : item.path ? [item.path] : []));
}
