import { Permission, PermissionDomain } from '../../../core/api/models';

/** Chinese names of permission domains, shown as a tag beside each permission. */
export const DOMAIN_LABELS: Record<PermissionDomain, string> = {
  business: '业务',
  system: '系统管理',
  security: '安全管理',
  audit: '审计',
};

export const DOMAIN_COLORS: Record<PermissionDomain, string> = {
  business: 'blue',
  system: 'orange',
  security: 'purple',
  audit: 'cyan',
};

/** The three administrator domains no role may mix (三员分立). */
export const SEPARATED_DOMAINS: readonly PermissionDomain[] = ['system', 'security', 'audit'];

/** Permissions of one `group`, in catalog order. */
export interface PermissionGroup {
  group: string;
  items: Permission[];
}

/** The catalog grouped by `group`, groups in the order they first appear. */
export function groupPermissions(catalog: readonly Permission[]): PermissionGroup[] {
  const groups = new Map<string, Permission[]>();
  for (const p of catalog) {
    const list = groups.get(p.group) ?? [];
    list.push(p);
    groups.set(p.group, list);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}

/**
 * The administrator domains a set of permissions touches. More than one means the server will
 * refuse the role (三员分立); the form says so before saving.
 */
export function separatedDomainsOf(
  selected: readonly string[],
  catalog: readonly Permission[],
): PermissionDomain[] {
  const byCode = new Map(catalog.map((p) => [p.code, p.domain]));
  const found = new Set<PermissionDomain>();
  for (const code of selected) {
    const domain = byCode.get(code);
    if (domain && SEPARATED_DOMAINS.includes(domain)) found.add(domain);
  }
  return SEPARATED_DOMAINS.filter((d) => found.has(d));
}

/** The 三员分立 warning for a selection, or null when it is allowed. */
export function separationWarning(
  selected: readonly string[],
  catalog: readonly Permission[],
): string | null {
  const domains = separatedDomainsOf(selected, catalog);
  if (domains.length < 2) return null;
  const names = domains.map((d) => `“${DOMAIN_LABELS[d]}”`).join('、');
  return `三员分立：同一角色不能同时包含${names}类权限，请只保留其中一类。`;
}
