import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ENGINES, loginAs, startPlatform, type Client, type TestPlatform } from './harness.js';

/** A small seeded generator so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "1; DROP TABLE users; --",
  "admin'--",
  '" OR ""="',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%00',
  '\u0000',
  'a\u0000b',
  '\u202etxt.exe',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '😀'.repeat(100),
  'x'.repeat(70_000),
  '-1',
  '0',
  '9'.repeat(40),
  '1e309',
  'NaN',
  'null',
  'true',
  '',
  ' ',
  '\r\n\r\nHTTP/1.1 200 OK',
];

describe.each(ENGINES)('fuzzing every route on $name', (engine) => {
  let t: TestPlatform;
  let admin: Client;
  beforeAll(async () => {
    t = await startPlatform(engine);
    admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers ≥ 5,000 malformed or hostile requests with 4xx only, and stays healthy', async () => {
    const doc = (await t.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths)
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path: p })))
      .filter((r) => r.path !== '/api/auth/logout');
    routes.push({ method: 'GET', path: '/api/../etc/passwd' }, { method: 'DELETE', path: '/api/orgs' }, { method: 'PUT', path: '/api/{id}' });
    const random = rng(20261127);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const hostileValue = (depth = 0): unknown => {
      const r = random();
      if (r < 0.45) return pick(HOSTILE_STRINGS);
      if (r < 0.55) return pick([-1, 0, 1.5, 2 ** 63, -(2 ** 53), Number.MAX_VALUE]);
      if (r < 0.62) return pick([null, true, false]);
      if (r < 0.75 && depth < 6) return Array.from({ length: Math.floor(random() * 4) }, () => hostileValue(depth + 1));
      if (depth < 6) return Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 4) }, () => [pick(['username', 'password', 'orgId', 'name', 'roleCodes', 'hospitalIds', 'status', 'permissions', '__proto__', 'constructor', pick(HOSTILE_STRINGS).slice(0, 20)]), hostileValue(depth + 1)]));
      return pick(HOSTILE_STRINGS);
    };
    const counts = new Map<number, number>();
    const failures: string[] = [];
    const total = 5200;
    for (let i = 0; i < total; i++) {
      const route = pick(routes);
      const param = encodeURIComponent(String(hostileValue(6))).slice(0, 3000) || '%20';
      let url = route.path.replace(/\{[^}]+\}/g, param);
      if (random() < 0.5) url += `?${pick(['page', 'pageSize', 'q', 'kind', 'orgId', 'from', 'result', 'role', 'x'])}=${encodeURIComponent(String(hostileValue(6))).slice(0, 3000)}`;
      const mode = random();
      const headers: Record<string, string> = {};
      if (mode < 0.85) headers.cookie = admin.cookie;
      if (mode < 0.75) headers['x-xsrf-token'] = admin.csrf;
      let payload: string | undefined;
      if (route.method !== 'GET') {
        const p = random();
        if (p < 0.6) {
          payload = JSON.stringify(hostileValue());
          headers['content-type'] = 'application/json';
        } else if (p < 0.7) {
          payload = '{"username": "a", "password": ';
          headers['content-type'] = 'application/json';
        } else if (p < 0.8) {
          payload = 'x'.repeat(1_100_000);
          headers['content-type'] = 'application/json';
        } else if (p < 0.9) {
          payload = pick(HOSTILE_STRINGS);
          headers['content-type'] = pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']);
        } else {
          payload = JSON.stringify({ username: `fuzz${i}`, password: pick(HOSTILE_STRINGS).slice(0, 100) });
          headers['content-type'] = 'application/json';
        }
      }
      const res = await t.server.inject({ method: route.method, url, headers, ...(payload === undefined ? {} : { payload }) });
      counts.set(res.statusCode, (counts.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) failures.push(`${route.method} ${url.slice(0, 120)} → ${res.statusCode} ${res.payload.slice(0, 200)}`);
      if (res.statusCode === 204) continue;
      if (!String(res.headers['content-type'] ?? '').includes('json')) {
        // only the app's page may come back outside the API, and never a file from elsewhere
        if (res.statusCode !== 200 || !res.payload.includes('<!doctype html>')) failures.push(`${route.method} ${url.slice(0, 80)} → ${res.statusCode} non-JSON`);
        continue;
      }
      if (res.statusCode >= 400 && res.payload) {
        const body = JSON.parse(res.payload) as { code?: string; message?: string };
        if (!body.code || !body.message) failures.push(`${route.method} ${url.slice(0, 80)} → ${res.statusCode} without the error shape`);
        if (/at \S+\.(ts|js):\d+|violates|syntax error at|relation "/.test(res.payload)) failures.push(`${route.method} ${url.slice(0, 80)} leaked internals`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(total);
    expect([...counts.keys()].every((s) => s < 500)).toBe(true);
    expect((await t.inject('/api/health')).json().status).toBe('ok');
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200);
  }, 600_000);
});
