import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, clientWithCookie, DEMO_PASSWORD, ENGINES, loginAs, startPlatform, type TestPlatform } from '../../../test/harness.js';

describe.each(ENGINES)('auth and system routes on $name', (engine) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startPlatform(engine);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers /api/health as the contract says', async () => {
    const res = await t.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: engine.name, warehouse: 'duckdb', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('reports degraded with 503 when the database is gone', async () => {
    const other = await startPlatform(engine);
    await other.platform.db.knex.destroy();
    const res = await other.inject('/api/health');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'degraded', db: engine.name });
    await other.platform.server.stop();
  });

  it('serves an OpenAPI 3 document listing every API route', async () => {
    const res = await t.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const documented = Object.keys(doc.paths);
    const routes = t.server
      .table()
      .filter((r) => r.path.startsWith('/api/') && !r.path.includes('{any*}') && !r.path.startsWith('/api/swaggerui') && r.path !== '/api/docs' && r.path !== '/api/openapi.json')
      .map((r) => r.path);
    for (const p of routes) expect(documented).toContain(p);
  });

  it('logs in with a HttpOnly SameSite session cookie and answers me', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/qc_sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = await clientWithCookie(t.server, cookie.split(';')[0]!).get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'admin', org: { code: 'LZ-WJW', kind: 'commission' }, roles: [{ code: 'sysadmin' }] });
    expect(me.json().permissions).toContain('user:write');
  });

  it('refuses a wrong password with 401 and a Chinese message, without telling which part was wrong', async () => {
    const wrong = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'nope-nope' } });
    const unknown = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'nope-nope' } });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'LOGIN_FAILED', message: expect.stringMatching(/用户名或密码错误/) });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('destroys the server session on logout: the old cookie no longer works', async () => {
    const c = await loginAs(t.server, 'liaison01', DEMO_PASSWORD);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    expect((await c.send('POST', '/api/auth/logout')).statusCode).toBe(204);
    const after = await c.get('/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/登录/) });
  });

  it('answers 401 without a session and 403 without the permission', async () => {
    expect((await t.inject('/api/orgs')).statusCode).toBe(401);
    const expert = await loginAs(t.server, 'expert01', DEMO_PASSWORD);
    const res = await expert.get('/api/users');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/权限/) });
  });

  it('names a wrongly typed field in Chinese with 400', async () => {
    const admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
    const res = await admin.send('POST', '/api/users', { username: 'valid_name', displayName: '张三', password: 'Abcd#1234', orgId: 'abc', roleCodes: ['expert'] });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message).toContain('所属机构');
    expect(body.details).toContainEqual({ field: 'payload.orgId', message: '所属机构 必须是数字' });
    expect(body.requestId).toBeTruthy();
    const q = await admin.get('/api/orgs?page=zero');
    expect(q.statusCode).toBe(400);
    expect(q.json().details[0]).toEqual({ field: 'query.page', message: '页码 必须是数字' });
  });

  it('answers unknown routes with 404 in the error shape, for any method', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await t.inject({ method, url: '/api/no-such-thing' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.any(String), requestId: expect.any(String) });
    }
  });

  it('never sends a stack trace or database text to a client', async () => {
    const admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
    const bodies = [
      await admin.send('POST', '/api/auth/login', '{"username": '),
      await admin.get('/api/orgs/99999999999'),
      await admin.send('PATCH', '/api/orgs/1', { termStart: '2024-02-31' }),
      await admin.send('PATCH', '/api/orgs/1', { name: 'x'.repeat(5000) }),
    ];
    for (const res of bodies) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.payload).not.toMatch(/at .*\.(ts|js):\d+|select |insert |update |violates|relation "|syntax error/i);
      expect(res.json()).toHaveProperty('message');
    }
  });

  it('keeps the request id given by a caller and marks API answers no-store', async () => {
    const res = await t.inject({ url: '/api/health', headers: { 'x-request-id': 'trace-12345678' } });
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
