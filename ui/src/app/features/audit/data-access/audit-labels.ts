import { AuditResult } from '../../../core/api/models';

/** Chinese names of the actions ops-api records; unknown actions show their code. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.login_failed': '登录失败',
  'auth.locked': '账户锁定',
  'auth.password_change': '修改密码',
  'auth.totp_enable': '启用两步验证',
  'auth.totp_disable': '停用两步验证',
  'auth.session_end': '会话下线',
  'access.denied': '拒绝访问',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.roles': '分配角色',
  'user.password_reset': '重置密码',
  'org.create': '新建机构',
  'org.update': '修改机构',
  'role.create': '新建角色',
  'role.update': '修改角色',
  'role.delete': '删除角色',
  'security.policy_update': '修改安全策略',
  'personal.unmask': '查看联系方式',
  'audit.export': '导出审计日志',
  'audit.verify': '校验审计日志',
};

export const AUDIT_RESULT_LABELS: Record<AuditResult, string> = {
  success: '成功',
  failure: '失败',
  denied: '拒绝',
};

export const AUDIT_RESULT_COLORS: Record<AuditResult, string> = {
  success: 'success',
  failure: 'error',
  denied: 'warning',
};

/** Chinese names of the built-in roles, for the roles column. */
export const ROLE_LABELS: Record<string, string> = {
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计管理员',
  city_admin: '市卫健委管理员',
  center_director: '质控中心主任',
  center_member: '质控中心成员',
  hospital_liaison: '医院联络员',
  expert: '专家',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}
