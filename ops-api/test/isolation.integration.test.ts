import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, loginAs, startPlatform, type Client, type TestPlatform } from './harness.js';

/**
 * Walks every route of the OpenAPI document as liaison01 (医院联络员 of LZ-H01), substituting the ids of
 * LZ-H02's records into paths, queries and payloads, and checks that nothing of LZ-H02 comes back and
 * nothing of it changes.
 */
describe.each(ENGINES)('per-hospital isolation over every OpenAPI route on $name', (engine) => {
  let t: TestPlatform;
  let admin: Client;
  let liaison: Client;
  const foreign = { orgId: 0, userId: 0, deptId: 0, code: 'LZ-H02', name: '', username: 'liaison02', displayName: '' };

  beforeAll(async () => {
    t = await startPlatform(engine);
    admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
    // Give liaison01 every permission a hospital user could ever hold, so scope, not permission, is tested.
    await t.platform.db.knex('role_permissions').insert(
      ['org:write', 'user:write'].map((p) => ({ role_code: 'hospital_liaison', permission_code: p })),
    );
    liaison = await loginAs(t.server, 'liaison01', DEMO_PASSWORD);
    const org = (await admin.get('/api/orgs?q=LZ-H02&kind=hospital')).json().items[0];
    foreign.orgId = org.id;
    foreign.name = org.name;
    foreign.deptId = (await admin.get(`/api/orgs/${org.id}`)).json().departments[0].id;
    const user = (await admin.get('/api/users?q=liaison02')).json().items[0];
    foreign.userId = user.id;
    foreign.displayName = user.displayName;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('never returns or changes another hospital’s data on any route', async () => {
    const doc = (await t.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const before = await snapshot();
    let checked = 0;
    for (const [p, methods] of Object.entries(doc.paths)) {
      if (p === '/api/auth/logout') continue; // would end the session the walk needs
      for (const method of Object.keys(methods)) {
        for (const id of [foreign.orgId, foreign.userId, foreign.deptId]) {
          const url = p.replace('{id}', String(id)) + `?orgId=${foreign.orgId}&parentId=${foreign.orgId}&q=${encodeURIComponent(foreign.code)}`;
          const payload =
            method === 'get'
              ? undefined
              : {
                  name: '被篡改',
                  displayName: '被篡改',
                  status: 'disabled',
                  orgId: foreign.orgId,
                  parentId: foreign.orgId,
                  hospitalIds: [foreign.orgId],
                  roleCodes: ['hospital_liaison'],
                  password: 'Hacked#Pass2026',
                  username: `intruder${checked}`,
                  kind: 'department',
                  code: `LZ-H02-X${checked}`,
                };
          const res = await liaison.send(method.toUpperCase(), url.replace(/\?.*$/, method === 'get' ? url.slice(url.indexOf('?')) : ''), payload);
          checked++;
          expect(res.statusCode, `${method} ${url}`).toBeLessThan(500);
          if (res.statusCode < 300 && res.payload) {
            expect(res.payload, `${method} ${url} leaked`).not.toContain(foreign.code);
            expect(res.payload, `${method} ${url} leaked`).not.toContain(foreign.name);
            expect(res.payload, `${method} ${url} leaked`).not.toContain(foreign.username);
            expect(res.payload, `${method} ${url} leaked`).not.toContain(foreign.displayName);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(await snapshot()).toEqual(before);
    // and liaison01 still works: the walk did not lock them out
    expect((await liaison.get('/api/auth/me')).statusCode).toBe(200);
  });

  async function snapshot() {
    const knex = t.platform.db.knex;
    return {
      orgs: await knex('organizations').where('id', foreign.orgId).orWhere('parent_id', foreign.orgId).orderBy('id'),
      users: await knex('users').select('id', 'username', 'display_name', 'status', 'org_id', 'password_hash').where('org_id', foreign.orgId).orderBy('id'),
      supervision: await knex('center_hospitals').where('hospital_id', foreign.orgId).orderBy('center_id'),
      roles: await knex('user_roles').where('user_id', foreign.userId),
    };
  }
});
