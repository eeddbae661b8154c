/**
 * The 三员 domains: a role may hold permissions of at most one of system, security and audit
 * (业务 permissions mix with any). Checked by the role editor.
 */
export type PermissionDomain = 'business' | 'system' | 'security' | 'audit';
export const SEPARATED_DOMAINS: PermissionDomain[] = ['system', 'security', 'audit'];
export const DOMAIN_LABELS: Record<PermissionDomain, string> = { business: '业务', system: '系统管理', security: '安全管理', audit: '审计' };

/**
 * Permission codes, grouped for the role editor. Extend, never rename: roles in databases refer to
 * them. `since` is the catalog version that introduced a permission: an upgrade grants it to the
 * built-in roles whose defaults include it, once.
 */
export const PERMISSIONS = [
  { code: 'org:read', name: '查看机构', group: '机构管理', domain: 'business', since: 1 },
  { code: 'org:write', name: '新增和编辑机构', group: '机构管理', domain: 'system', since: 1 },
  { code: 'user:read', name: '查看用户', group: '用户管理', domain: 'business', since: 1 },
  { code: 'user:write', name: '新增、编辑、停用用户和分配角色', group: '用户管理', domain: 'system', since: 1 },
  { code: 'personal:unmask', name: '查看完整个人信息（留痕）', group: '用户管理', domain: 'business', since: 2 },
  { code: 'role:read', name: '查看角色与权限', group: '安全管理', domain: 'business', since: 1 },
  { code: 'role:write', name: '编辑角色与权限', group: '安全管理', domain: 'security', since: 2 },
  { code: 'security:policy', name: '设置安全策略', group: '安全管理', domain: 'security', since: 2 },
  { code: 'audit:read', name: '查看和校验审计日志', group: '安全审计', domain: 'audit', since: 2 },
  { code: 'audit:export', name: '导出审计日志', group: '安全审计', domain: 'audit', since: 2 },
  { code: 'ingest:upload', name: '上传数据文件', group: '数据接入', domain: 'business', since: 3 },
  { code: 'ingest:read', name: '查看数据接入运行记录与连接', group: '数据接入', domain: 'business', since: 3 },
  { code: 'ingest:manage', name: '管理数据连接、计划与手动运行', group: '数据接入', domain: 'system', since: 3 },
  { code: 'indicator:read', name: '查看指标库', group: '指标库', domain: 'business', since: 4 },
  { code: 'indicator:manage', name: '新增、修订和导入指标', group: '指标库', domain: 'business', since: 4 },
  { code: 'report:fill', name: '填报和提交上报数据', group: '数据上报', domain: 'business', since: 4 },
  { code: 'report:manage', name: '设计和下发上报表单', group: '数据上报', domain: 'business', since: 4 },
  { code: 'report:review', name: '审核上报数据（通过或退回）', group: '数据上报', domain: 'business', since: 4 },
  { code: 'analytics:read', name: '查看统计分析与指标值', group: '统计分析', domain: 'business', since: 4 },
  { code: 'analytics:drill', name: '下钻查看指标背后的病案记录', group: '统计分析', domain: 'business', since: 4 },
  { code: 'activity:write', name: '登记质控活动（调研、检查、培训、追踪）', group: '统计分析', domain: 'business', since: 4 },
] as const satisfies readonly { code: string; name: string; group: string; domain: PermissionDomain; since: number }[];

export const CATALOG_VERSION = Math.max(...PERMISSIONS.map((p) => p.since));
export const PERMISSION_BY_CODE = new Map<string, (typeof PERMISSIONS)[number]>(PERMISSIONS.map((p) => [p.code, p]));

/** The Chinese reason a set of permissions breaks 三员分立, or null. */
export function separationViolation(permissions: string[]): string | null {
  const domains = new Set(permissions.map((p) => PERMISSION_BY_CODE.get(p)?.domain).filter((d) => d && SEPARATED_DOMAINS.includes(d)));
  if (domains.size <= 1) return null;
  return `三员分立：一个角色不能同时拥有${[...domains].map((d) => DOMAIN_LABELS[d as PermissionDomain]).join('、')}权限`;
}

export type PermissionCode = (typeof PERMISSIONS)[number]['code'];

export type RoleCode =
  | 'sysadmin'
  | 'secadmin'
  | 'auditor'
  | 'city_admin'
  | 'center_director'
  | 'center_member'
  | 'hospital_liaison'
  | 'expert';

export interface RoleDefinition {
  code: RoleCode;
  name: string;
  description: string;
  /** The kinds of organization a holder of this role may belong to. */
  orgKinds: ('commission' | 'qc_center' | 'hospital' | 'department')[];
  permissions: PermissionCode[];
}

/** The eight roles of the contract with least-privilege defaults. */
export const ROLES: RoleDefinition[] = [
  {
    code: 'sysadmin',
    name: '系统管理员',
    description: '管理用户、机构和系统配置，不查看业务数据和审计记录',
    orgKinds: ['commission'],
    permissions: ['org:read', 'org:write', 'user:read', 'user:write', 'role:read', 'ingest:read', 'ingest:manage'],
  },
  {
    code: 'secadmin',
    name: '安全管理员',
    description: '管理角色、权限和安全策略',
    orgKinds: ['commission'],
    permissions: ['role:read', 'role:write', 'security:policy', 'user:read'],
  },
  {
    code: 'auditor',
    name: '审计管理员',
    description: '查看、核验和导出审计记录',
    orgKinds: ['commission'],
    permissions: ['audit:read', 'audit:export'],
  },
  {
    code: 'city_admin',
    name: '市卫健委管理员',
    description: '统筹全市质控中心与医疗机构的质控工作',
    orgKinds: ['commission'],
    permissions: [
      'org:read', 'org:write', 'user:read', 'user:write', 'role:read', 'personal:unmask', 'ingest:upload', 'ingest:read', 'ingest:manage',
      'indicator:read', 'indicator:manage', 'report:manage', 'report:review', 'analytics:read', 'analytics:drill', 'activity:write',
    ],
  },
  {
    code: 'center_director',
    name: '质控中心主任',
    description: '负责本中心的质控工作，查看本中心监管的医疗机构',
    orgKinds: ['qc_center'],
    permissions: [
      'org:read', 'user:read', 'ingest:read', 'indicator:read', 'indicator:manage', 'report:manage', 'report:review', 'analytics:read',
      'analytics:drill', 'activity:write',
    ],
  },
  {
    code: 'center_member',
    name: '质控中心成员',
    description: '参与本中心的质控工作',
    orgKinds: ['qc_center'],
    permissions: ['org:read', 'user:read', 'indicator:read', 'report:review', 'analytics:read', 'activity:write'],
  },
  {
    code: 'hospital_liaison',
    name: '医院联络员',
    description: '负责本院数据上报与质控工作对接，只能查看本院数据',
    orgKinds: ['hospital', 'department'],
    permissions: ['org:read', 'user:read', 'ingest:upload', 'ingest:read', 'indicator:read', 'report:fill', 'analytics:read', 'analytics:drill'],
  },
  {
    code: 'expert',
    name: '专家',
    description: '参与督导检查与评分，只能查看分配给自己的任务',
    orgKinds: ['hospital', 'department', 'qc_center', 'commission'],
    permissions: ['org:read', 'indicator:read'],
  },
];

export const ROLE_BY_CODE = new Map(ROLES.map((r) => [r.code, r]));

/** 三员: no account may hold two of these. */
export const THREE_ADMINS: RoleCode[] = ['sysadmin', 'secadmin', 'auditor'];

/** Which roles a holder of `granter` may hand out. */
export function grantableRoles(granterRoles: string[]): RoleCode[] {
  if (granterRoles.includes('sysadmin')) return ROLES.map((r) => r.code);
  if (granterRoles.includes('city_admin')) return ROLES.map((r) => r.code).filter((c) => !THREE_ADMINS.includes(c));
  return [];
}
