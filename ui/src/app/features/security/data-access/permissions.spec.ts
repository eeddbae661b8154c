import { Permission, Role } from '../../../core/api/models';
import { deleteBlocker } from '../pages/roles-page';
import { groupPermissions, separatedDomainsOf, separationWarning } from './permissions';
import { policyWarning } from './policy-fields';

const CATALOG: Permission[] = [
  { code: 'org:read', name: '查看机构', group: '机构管理', domain: 'business' },
  { code: 'user:read', name: '查看用户', group: '用户管理', domain: 'system' },
  { code: 'org:write', name: '新增和编辑机构', group: '机构管理', domain: 'system' },
  { code: 'role:read', name: '查看角色与权限', group: '安全管理', domain: 'security' },
  { code: 'security:policy', name: '安全策略', group: '安全管理', domain: 'security' },
  { code: 'audit:read', name: '查看审计日志', group: '审计', domain: 'audit' },
];

describe('groupPermissions', () => {
  it('groups by `group` in the order groups first appear, keeping catalog order inside', () => {
    const groups = groupPermissions(CATALOG);
    expect(groups.map((g) => g.group)).toEqual(['机构管理', '用户管理', '安全管理', '审计']);
    expect(groups[0].items.map((p) => p.code)).toEqual(['org:read', 'org:write']);
  });
});

describe('三员分立 check', () => {
  it('allows business permissions with any one administrator domain', () => {
    expect(separationWarning(['org:read', 'user:read', 'org:write'], CATALOG)).toBeNull();
    expect(separationWarning(['org:read', 'role:read', 'security:policy'], CATALOG)).toBeNull();
    expect(separationWarning(['audit:read'], CATALOG)).toBeNull();
  });

  it('warns when two administrator domains meet, naming them', () => {
    expect(separatedDomainsOf(['user:read', 'role:read'], CATALOG)).toEqual(['system', 'security']);
    expect(separationWarning(['role:read', 'audit:read'], CATALOG)).toBe(
      '三员分立：同一角色不能同时包含“安全管理”、“审计”类权限，请只保留其中一类。',
    );
  });

  it('ignores codes the catalog does not know', () => {
    expect(separatedDomainsOf(['legacy:thing', 'audit:read'], CATALOG)).toEqual(['audit']);
  });
});

describe('deleteBlocker', () => {
  const role = (builtin: boolean, userCount: number): Role => ({
    code: 'x',
    name: 'X',
    description: '',
    builtin,
    permissions: [],
    userCount,
  });

  it('allows deleting only a custom role nobody holds', () => {
    expect(deleteBlocker(role(false, 0))).toBeNull();
    expect(deleteBlocker(role(true, 0))).toBe('内置角色不能删除');
    expect(deleteBlocker(role(false, 3))).toContain('3 名用户');
  });
});

describe('policyWarning', () => {
  it('warns when the captcha would come no earlier than the lockout', () => {
    expect(policyWarning({ captchaAfterFailures: 3, lockoutThreshold: 5 })).toBeNull();
    expect(policyWarning({ captchaAfterFailures: 5, lockoutThreshold: 5 })).not.toBeNull();
  });
});
