import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, loginAs, loginChangingPassword, startPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

interface Node {
  code: string;
  name: string;
  kind: string;
  children: Node[];
}
const flatten = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describe.each(ENGINES)('organizations on $name', (engine) => {
  let t: TestPlatform;
  let admin: Client;
  beforeAll(async () => {
    t = await startPlatform(engine);
    admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('shows the admin Liuzhou’s tree: 市卫健委 over ≥ 30 centers and ≥ 25 hospitals with departments', async () => {
    const res = await admin.get('/api/orgs/tree');
    expect(res.statusCode).toBe(200);
    const roots = res.json() as Node[];
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ code: 'LZ-WJW', name: '柳州市卫生健康委员会', kind: 'commission' });
    const all = flatten(roots);
    expect(all.filter((n) => n.kind === 'qc_center').length).toBeGreaterThanOrEqual(30);
    expect(all.filter((n) => n.kind === 'hospital').length).toBeGreaterThanOrEqual(25);
    const names = all.map((n) => n.name);
    for (const specialty of ['医学信息', '麻醉', '护理', '医院感染管理', '病案管理', '药事管理', '临床检验', '急诊', '重症医学', '心血管', '神经', '肿瘤']) {
      expect(names.some((n) => n.includes(specialty) && n.endsWith('质量控制中心'))).toBe(true);
    }
    const workers = roots[0]!.children.find((n) => n.name === '柳州市工人医院')!;
    expect(workers.children.every((d) => d.kind === 'department')).toBe(true);
    expect(workers.children.length).toBeGreaterThan(0);
  });

  it('gives a center’s host hospital, term and supervised hospitals', async () => {
    const list = await admin.get('/api/orgs?kind=qc_center&q=' + encodeURIComponent('麻醉'));
    expect(list.json().total).toBe(1);
    const center = list.json().items[0];
    expect(center).toMatchObject({ level: '市级', category: '临床', specialty: '麻醉', hostHospitalName: '柳州市工人医院', termStart: '2024-01-01' });
    const detail = (await admin.get(`/api/orgs/${center.id}`)).json();
    expect(detail.supervisedHospitals.length).toBeGreaterThan(5);
  });

  it('creates a hospital and a department, edits it, and refuses a duplicate code with 409', async () => {
    const created = await admin.send('POST', '/api/orgs', { code: 'LZ-H99', name: '柳州市测试医院', kind: 'hospital', tier: '二级甲等', type: '综合医院', phone: '0772-1234567' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'LZ-H99', kind: 'hospital', parentName: '柳州市卫生健康委员会', phone: '077****4567' });
    const dept = await admin.send('POST', '/api/orgs', { code: 'LZ-H99-D01', name: '内科', kind: 'department', parentId: created.json().id });
    expect(dept.statusCode).toBe(201);
    const patched = await admin.send('PATCH', `/api/orgs/${created.json().id}`, { tier: '三级乙等', address: '柳州市某路1号' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ tier: '三级乙等', address: '柳州市某路1号' });
    expect(patched.json().departments).toEqual([expect.objectContaining({ code: 'LZ-H99-D01' })]);
    const dup = await admin.send('POST', '/api/orgs', { code: 'LZ-H99', name: '重复', kind: 'hospital' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().message).toContain('LZ-H99');
    const badParent = await admin.send('POST', '/api/orgs', { code: 'LZ-X1', name: '科室', kind: 'department', parentId: 1 });
    expect(badParent.statusCode).toBe(400);
    expect(badParent.json().details[0].field).toBe('parentId');
  });

  it('replaces the hospitals a center supervises', async () => {
    const center = (await admin.get('/api/orgs?kind=qc_center&q=' + encodeURIComponent('中医'))).json().items[0];
    const hospitals = (await admin.get('/api/orgs?kind=hospital&pageSize=3')).json().items;
    const res = await admin.send('PUT', `/api/orgs/${center.id}/supervised-hospitals`, { hospitalIds: hospitals.map((h: { id: number }) => h.id) });
    expect(res.statusCode).toBe(200);
    expect(res.json().supervisedHospitals.map((h: { id: number }) => h.id)).toEqual(hospitals.map((h: { id: number }) => h.id));
    const notHospital = await admin.send('PUT', `/api/orgs/${center.id}/supervised-hospitals`, { hospitalIds: [center.id] });
    expect(notHospital.statusCode).toBe(400);
  });

  it('shows a hospital liaison only their own hospital and its departments', async () => {
    const liaison = await loginAs(t.server, 'liaison01', DEMO_PASSWORD);
    const roots = (await liaison.get('/api/orgs/tree')).json() as Node[];
    expect(roots.map((r) => r.code)).toEqual(['LZ-H01']);
    expect(flatten(roots).every((n) => n.code.startsWith('LZ-H01'))).toBe(true);
    const list = (await liaison.get('/api/orgs?pageSize=200')).json();
    expect(list.items.every((o: { code: string }) => o.code.startsWith('LZ-H01'))).toBe(true);
    const other = (await admin.get('/api/orgs?q=LZ-H02&kind=hospital')).json().items[0];
    expect((await liaison.get(`/api/orgs/${other.id}`)).statusCode).toBe(404);
    expect((await liaison.send('PATCH', `/api/orgs/${other.id}`, { name: 'x' })).statusCode).toBe(403);
    const stats = (await liaison.get('/api/stats/overview')).json();
    expect(stats).toMatchObject({ qcCenters: 0, hospitals: 1 });
  });

  it('shows a center user their center and the hospitals it supervises, nothing else', async () => {
    const center = (await admin.get('/api/orgs?kind=qc_center&q=' + encodeURIComponent('眼科'))).json().items[0];
    const created = await admin.send('POST', '/api/users', {
      username: 'eye_director',
      displayName: '眼科主任',
      password: 'Eye#Center2026',
      orgId: center.id,
      roleCodes: ['center_director'],
    });
    expect(created.statusCode).toBe(201);
    const director = await loginChangingPassword(t.server, 'eye_director', 'Eye#Center2026', 'Eye#Changed2026');
    const detail = (await admin.get(`/api/orgs/${center.id}`)).json();
    const allowed = new Set([center.code, ...detail.supervisedHospitals.map((h: { code: string }) => h.code)]);
    const visible = (await director.get('/api/orgs?pageSize=200')).json().items.filter((o: { kind: string }) => o.kind !== 'department');
    expect(new Set(visible.map((o: { code: string }) => o.code))).toEqual(allowed);
    expect(allowed.has('LZ-H05')).toBe(false); // 中医医院 is not supervised by the eye center
  });
});
