import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, loginAs, loginChangingPassword, startPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

describe.each(ENGINES)('users on $name', (engine) => {
  let t: TestPlatform;
  let admin: Client;
  let h01: number;
  beforeAll(async () => {
    t = await startPlatform(engine);
    admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
    h01 = (await admin.get('/api/orgs?q=LZ-H01&kind=hospital')).json().items[0].id;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lists demo users of every role, searchable and paged', async () => {
    const roles = (await admin.get('/api/roles')).json().map((r: { code: string }) => r.code);
    expect(roles.sort()).toEqual(['auditor', 'center_director', 'center_member', 'city_admin', 'expert', 'hospital_liaison', 'secadmin', 'sysadmin']);
    const all = (await admin.get('/api/users?pageSize=200')).json();
    const held = new Set(all.items.flatMap((u: { roles: { code: string }[] }) => u.roles.map((r) => r.code)));
    expect([...held].sort()).toEqual(roles.sort());
    const page = (await admin.get('/api/users?pageSize=2&page=2')).json();
    expect(page).toMatchObject({ page: 2, pageSize: 2, total: all.total });
    expect(page.items).toHaveLength(2);
    const found = (await admin.get('/api/users?q=' + encodeURIComponent('蓝海燕'))).json();
    expect(found.items.map((u: { username: string }) => u.username)).toEqual(['liaison01']);
    expect(found.items[0].phone).toBe('138****0101');
    expect(found.items[0]).not.toHaveProperty('passwordHash');
    const byRole = (await admin.get('/api/users?role=hospital_liaison')).json();
    expect(byRole.items.every((u: { roles: { code: string }[] }) => u.roles.some((r) => r.code === 'hospital_liaison'))).toBe(true);
  });

  it('creates a liaison who can log in and sees only their hospital', async () => {
    const res = await admin.send('POST', '/api/users', {
      username: 'liaison_new',
      displayName: '覃新',
      password: 'New#Liaison2026',
      orgId: h01,
      roleCodes: ['hospital_liaison'],
      phone: '13912345678',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'liaison_new', org: { code: 'LZ-H01' }, roles: [{ code: 'hospital_liaison' }], phone: '139****5678' });
    const first = await loginAs(t.server, 'liaison_new', 'New#Liaison2026');
    expect(first.next).toBe('change_password');
    const liaison = await loginChangingPassword(t.server, 'liaison_new', 'New#Liaison2026', 'Own#Choice2026');
    const users = (await liaison.get('/api/users?pageSize=200')).json();
    expect(users.items.length).toBeGreaterThan(0);
    expect(users.items.every((u: { org: { code: string } }) => u.org.code.startsWith('LZ-H01'))).toBe(true);
  });

  it('enforces the password policy and unique usernames with messages naming the field', async () => {
    const weak = await admin.send('POST', '/api/users', { username: 'weakling', displayName: '弱', password: 'weakling1', orgId: h01, roleCodes: ['expert'] });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details).toEqual([{ field: 'password', message: expect.stringMatching(/密码/) }]);
    const dup = await admin.send('POST', '/api/users', { username: 'LIAISON01', displayName: '重名', password: 'Dup#Name2026', orgId: h01, roleCodes: ['expert'] });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().message).toContain('用户名');
  });

  it('keeps 三员 apart and roles to fitting organizations', async () => {
    const two = await admin.send('POST', '/api/users', { username: 'both_admin', displayName: '兼任', password: 'Two#Roles2026', orgId: 1, roleCodes: ['sysadmin', 'auditor'] });
    expect(two.statusCode).toBe(400);
    expect(two.json().message).toContain('三员');
    const misplaced = await admin.send('POST', '/api/users', { username: 'misplaced', displayName: '错位', password: 'Mis#Place2026', orgId: h01, roleCodes: ['center_director'] });
    expect(misplaced.statusCode).toBe(400);
    expect(misplaced.json().message).toContain('质控中心主任');
    const city = await loginAs(t.server, 'cityadmin', DEMO_PASSWORD);
    const grant = await city.send('POST', '/api/users', { username: 'sneaky', displayName: '越权', password: 'Sneaky#2026x', orgId: 1, roleCodes: ['sysadmin'] });
    expect(grant.statusCode).toBe(403);
  });

  it('disables a user: their session ends and they cannot log in; enabling restores it', async () => {
    const victim = await loginAs(t.server, 'member01', DEMO_PASSWORD);
    const id = (await admin.get('/api/users?q=member01')).json().items[0].id;
    expect((await admin.send('PATCH', `/api/users/${id}`, { status: 'disabled' })).json().status).toBe('disabled');
    expect((await victim.get('/api/auth/me')).statusCode).toBe(401);
    await expect(loginAs(t.server, 'member01', DEMO_PASSWORD)).rejects.toThrow(/401/);
    await admin.send('PATCH', `/api/users/${id}`, { status: 'active' });
    await expect(loginAs(t.server, 'member01', DEMO_PASSWORD)).resolves.toBeTruthy();
  });

  it('assigns roles and resets passwords', async () => {
    const id = (await admin.get('/api/users?q=expert01')).json().items[0].id;
    const res = await admin.send('PUT', `/api/users/${id}/roles`, { roleCodes: ['expert', 'hospital_liaison'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles.map((r: { code: string }) => r.code)).toEqual(['expert', 'hospital_liaison']);
    expect((await admin.send('POST', `/api/users/${id}/password`, { password: 'Reset#Pass2026' })).statusCode).toBe(204);
    await expect(loginAs(t.server, 'expert01', DEMO_PASSWORD)).rejects.toThrow(/401/);
    const reset = await loginAs(t.server, 'expert01', 'Reset#Pass2026');
    expect(reset.next).toBe('change_password');
  });

  it('does not let an administrator disable themselves', async () => {
    const me = (await admin.get('/api/auth/me')).json();
    const res = await admin.send('PATCH', `/api/users/${me.id}`, { status: 'disabled' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('status');
  });
});
