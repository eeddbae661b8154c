import { describe, expect, it } from 'vitest';
import { grantableRoles, ROLES, separationViolation, THREE_ADMINS } from './catalog.js';
import { inScope } from './scope.js';

describe('data scope', () => {
  it('lets the city scope reach everything and an org scope only its ids', () => {
    expect(inScope({ kind: 'city' }, 42)).toBe(true);
    expect(inScope({ kind: 'orgs', orgIds: [2, 3] }, 3)).toBe(true);
    expect(inScope({ kind: 'orgs', orgIds: [2, 3] }, 4)).toBe(false);
    expect(inScope({ kind: 'orgs', orgIds: [2, 3] }, null)).toBe(false);
  });
});

describe('role catalog', () => {
  it('has the eight contract roles', () => {
    expect(ROLES.map((r) => r.code).sort()).toEqual(
      ['auditor', 'center_director', 'center_member', 'city_admin', 'expert', 'hospital_liaison', 'secadmin', 'sysadmin'],
    );
  });

  it('gives the auditor only audit permissions and hospital, expert and member roles no administrative write', () => {
    expect([...ROLES.find((r) => r.code === 'auditor')!.permissions].sort()).toEqual(['audit:export', 'audit:read']);
    const administrative = ['org:write', 'user:write', 'role:write', 'security:policy', 'ingest:manage', 'indicator:manage', 'report:manage'];
    for (const code of ['hospital_liaison', 'expert', 'center_member']) {
      expect(ROLES.find((r) => r.code === code)!.permissions.filter((p) => administrative.includes(p))).toEqual([]);
    }
    // a member records the center's activities; the expert only reads
    expect(ROLES.find((r) => r.code === 'expert')!.permissions.some((p) => p.endsWith(':write'))).toBe(false);
  });

  it('lets only the system administrator grant 三员 roles', () => {
    expect(grantableRoles(['sysadmin'])).toEqual(expect.arrayContaining(THREE_ADMINS));
    expect(grantableRoles(['city_admin']).some((r) => THREE_ADMINS.includes(r))).toBe(false);
    expect(grantableRoles(['hospital_liaison'])).toEqual([]);
  });
});

describe('三员分立 of permissions', () => {
  it('lets business permissions mix with any one duty, never two duties', () => {
    expect(separationViolation(['org:read', 'user:write'])).toBeNull();
    expect(separationViolation(['audit:read', 'audit:export', 'org:read'])).toBeNull();
    expect(separationViolation(['role:write', 'audit:read'])).toMatch(/安全管理.*审计|审计.*安全管理/);
    expect(separationViolation(['user:write', 'security:policy'])).toContain('三员分立');
  });

  it('keeps every built-in role within one duty', () => {
    for (const role of ROLES) expect(separationViolation([...role.permissions]), role.code).toBeNull();
  });
});
