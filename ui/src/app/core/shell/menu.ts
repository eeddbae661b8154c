/** One entry of the side menu. */
export interface MenuItem {
  label: string;
  icon: string;
  path: string;
  /** Permission needed to see the item; none means everyone signed in sees it. */
  permission?: string;
}

/** Every page the side menu can offer, in display order. */
export const MENU: readonly MenuItem[] = [
  { label: '首页', icon: 'home', path: '/' },
  { label: '机构管理', icon: 'apartment', path: '/orgs', permission: 'org:read' },
  { label: '用户管理', icon: 'team', path: '/users', permission: 'user:read' },
];

/** The menu items a user with these permissions may open. */
export function buildMenu(
  permissions: readonly string[],
  items: readonly MenuItem[] = MENU,
): MenuItem[] {
  const granted = new Set(permissions);
  return items.filter((item) => !item.permission || granted.has(item.permission));
}
