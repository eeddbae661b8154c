import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, loginAs, startPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

describe.each(ENGINES)('roles, permissions and policy on $name', (engine) => {
  let t: TestPlatform;
  let sec: Client;
  let admin: Client;
  beforeAll(async () => {
    t = await startPlatform(engine);
    sec = await loginAs(t.server, 'secadmin', DEMO_PASSWORD);
    admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lists permissions with their 三员 domain and roles with holders', async () => {
    const perms = (await sec.get('/api/permissions')).json();
    expect(perms.find((p: { code: string }) => p.code === 'audit:read')).toMatchObject({ domain: 'audit', group: '安全审计' });
    const roles = (await sec.get('/api/roles')).json();
    expect(roles.find((r: { code: string }) => r.code === 'auditor')).toMatchObject({ builtin: true, permissions: ['audit:export', 'audit:read'], userCount: 1 });
  });

  it('creates, edits and deletes a custom role; refuses one that mixes 三员 duties', async () => {
    const mixed = await sec.send('POST', '/api/roles', { code: 'super_role', name: '超级', permissions: ['role:write', 'audit:read'] });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().message).toContain('三员分立');
    const created = await sec.send('POST', '/api/roles', { code: 'qc_viewer', name: '质控查看', description: '只读', permissions: ['org:read'] });
    expect(created.statusCode).toBe(201);
    const edited = await sec.send('PATCH', '/api/roles/qc_viewer', { permissions: ['org:read', 'user:read'] });
    expect(edited.json().permissions).toEqual(['org:read', 'user:read']);
    const unknown = await sec.send('PATCH', '/api/roles/qc_viewer', { permissions: ['god:mode'] });
    expect(unknown.statusCode).toBe(400);
    expect((await sec.send('DELETE', '/api/roles/auditor')).statusCode).toBe(400);
    expect((await sec.send('DELETE', '/api/roles/qc_viewer')).statusCode).toBe(204);
    expect((await sec.get('/api/roles')).json().some((r: { code: string }) => r.code === 'qc_viewer')).toBe(false);
  });

  it('refuses an edit that would give a holder mixed duties through another role', async () => {
    await sec.send('POST', '/api/roles', { code: 'reviewer', name: '复核', permissions: ['org:read'] });
    const cityadmin = (await admin.get('/api/users?q=cityadmin')).json().items[0];
    expect((await admin.send('PUT', `/api/users/${cityadmin.id}/roles`, { roleCodes: ['city_admin', 'reviewer'] })).statusCode).toBe(200);
    const res = await sec.send('PATCH', '/api/roles/reviewer', { permissions: ['org:read', 'audit:read'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('cityadmin');
  });

  it('keeps the policy at or above the 等保三级 floors and applies it at the next login', async () => {
    const policy = (await sec.get('/api/security/policy')).json();
    expect(policy).toMatchObject({ lockoutThreshold: 5, lockoutMinutes: 15, passwordHistory: 5, auditRetentionDays: 180 });
    const weak = await sec.send('PUT', '/api/security/policy', { ...policy, passwordMinLength: 6, auditRetentionDays: 30 });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details.map((d: { field: string }) => d.field)).toEqual(['payload.passwordMinLength', 'payload.auditRetentionDays']);
    const stricter = await sec.send('PUT', '/api/security/policy', { ...policy, lockoutThreshold: 3, captchaAfterFailures: 2 });
    expect(stricter.statusCode).toBe(200);
    for (let i = 0; i < 2; i++) await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'expert01', password: 'Wrong#1234' } });
    const third = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'expert01', password: DEMO_PASSWORD } });
    expect(third.json().code).toBe('CAPTCHA_REQUIRED');
    expect((await admin.get('/api/security/policy')).statusCode).toBe(403);
  });
});
