import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../src/policies/catalog.js';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, loginAs, startPlatform, type Client, type TestPlatform } from './harness.js';

const DEMO_USER: Record<string, [string, string]> = {
  sysadmin: ['admin', ADMIN_PASSWORD],
  secadmin: ['secadmin', DEMO_PASSWORD],
  auditor: ['auditor', DEMO_PASSWORD],
  city_admin: ['cityadmin', DEMO_PASSWORD],
  center_director: ['director01', DEMO_PASSWORD],
  center_member: ['member01', DEMO_PASSWORD],
  hospital_liaison: ['liaison01', DEMO_PASSWORD],
  expert: ['expert01', DEMO_PASSWORD],
};

// Requests that would end the walking session or change what later rows depend on.
const SKIP = new Set(['POST /api/auth/logout']);

/**
 * The generated matrix: every route of the OpenAPI document × every role. A role without the route's
 * permission (in the default role table of policies/catalog.ts) gets 403 FORBIDDEN; a role with it never does.
 */
describe.each(ENGINES)('route × role permission matrix on $name', (engine) => {
  let t: TestPlatform;
  const clients = new Map<string, Client>();
  beforeAll(async () => {
    t = await startPlatform(engine);
    for (const [role, [u, p]] of Object.entries(DEMO_USER)) clients.set(role, await loginAs(t.server, u, p));
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('allows or refuses every route for every role as the permission table says', async () => {
    const doc = (await t.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const table = t.server.table();
    const permissionOf = (method: string, path: string) => {
      const route = table.find((r) => r.method === method && r.path === path);
      if (!route) throw new Error(`${method} ${path} is documented but not routed`);
      return { auth: (route.settings.auth as unknown) !== false, permission: route.settings.plugins?.qc?.permission as string | string[] | undefined };
    };
    const rows: string[] = [];
    let cells = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        if (SKIP.has(`${method.toUpperCase()} ${path}`)) continue;
        const { auth, permission } = permissionOf(method, path);
        if (!auth) continue;
        const url = path.replace('{id}', '1').replace('{code}', 'no_such_role');
        const marks: string[] = [];
        for (const role of ROLES) {
          const needed = permission === undefined ? [] : ([] as string[]).concat(permission);
          const expected = needed.length === 0 || needed.some((p) => (role.permissions as readonly string[]).includes(p));
          const res = await clients.get(role.code)!.send(method.toUpperCase(), url, method === 'get' ? undefined : {});
          const refused = res.statusCode === 403 && res.json().code === 'FORBIDDEN';
          expect(refused, `${role.code} ${method.toUpperCase()} ${path} → ${res.statusCode} ${res.payload.slice(0, 120)}`).toBe(!expected);
          expect(res.statusCode).toBeLessThan(500);
          marks.push(expected ? '✓' : '·');
          cells++;
        }
        rows.push(`${method.toUpperCase().padEnd(6)} ${path.padEnd(40)} ${marks.join(' ')}`);
      }
    }
    expect(cells).toBeGreaterThan(200);
    // the matrix itself, for the record (vitest prints it with --reporter=verbose)
    console.info(`\n${' '.repeat(48)}${ROLES.map((r) => r.code.slice(0, 3)).join(' ')}\n${rows.join('\n')}`);
  });
});
