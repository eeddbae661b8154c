import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, loginAs, multipart, startPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

const HEADERS = [
  '出院时间', '医疗机构代码', '病案号', '住院次数', '姓名', '身份证号', '性别', '出生日期', '年龄', '入院途径', '入院时间', '入院科别',
  '出院科别', '实际住院(天)', '主要诊断编码', '主要诊断名称', '离院方式', '是否有出院31天内再住院计划', '住院总费用(元)', '手术及操作编码1',
  '手术及操作日期1', '手术级别1', '备注（未知列）',
];

function row(org: string, no: string, over: Partial<Record<string, string>> = {}): string[] {
  const base: Record<string, string> = {
    出院时间: '2026-03-10 10:00', 医疗机构代码: org, 病案号: no, 住院次数: '1', 姓名: '张三', 身份证号: '450203199001011234', 性别: '1',
    出生日期: '1990-01-01', 年龄: '36', 入院途径: '2', 入院时间: '2026-03-01 09:00', 入院科别: '内科', 出院科别: '内科', '实际住院(天)': '9',
    主要诊断编码: 'J18.9', 主要诊断名称: '肺炎', 离院方式: '1', 是否有出院31天内再住院计划: '1', '住院总费用(元)': '8000.5',
    手术及操作编码1: '', 手术及操作日期1: '', 手术级别1: '', '备注（未知列）': 'x',
  };
  const r = { ...base, ...over };
  return HEADERS.map((h) => r[h] ?? '');
}

/** A GB18030 CSV with CRLF, shuffled columns, an unknown column and two broken rows. */
function csv(org: string): Buffer {
  const lines = [
    HEADERS,
    row(org, 'A001'),
    row(org, 'A002', { 离院方式: '5' }),
    row(org, 'A003', { 出院时间: '2026-02-01 10:00' }), // discharged before admission
    row(org, 'A004', { 性别: '7' }),
    row(org, 'A005', { 手术及操作编码1: '47.01', 手术及操作日期1: '2026-03-02', 手术级别1: '2' }),
  ];
  return iconv.encode(lines.map((l) => l.join(',')).join('\r\n') + '\r\n', 'gb18030');
}

describe.each(ENGINES)('data ingestion through the API on $name', (engine) => {
  let t: TestPlatform;
  let liaison: Client;
  let admin: Client;
  beforeAll(async () => {
    t = await startPlatform(engine);
    liaison = await loginAs(t.server, 'liaison01', DEMO_PASSWORD);
    admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function upload(client: Client, file: Buffer, name: string, org: string) {
    const { payload, contentType } = multipart(file, name, { kind: 'discharge_records', org }, 'text/csv');
    return t.inject({ method: 'POST', url: '/api/ingest/uploads', payload, headers: { cookie: client.cookie, 'x-xsrf-token': client.csrf, 'content-type': contentType } });
  }

  async function finished(client: Client, runId: string) {
    for (let i = 0; i < 200; i++) {
      await t.platform.worker.tick();
      const run = (await client.get(`/api/ingest/runs/${runId}`)).json();
      if (!['queued', 'running'].includes(run.status)) return run;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('run did not finish');
  }

  it('loads a GB18030 upload: every row read is loaded or rejected with its row number and a Chinese reason', async () => {
    const res = await upload(liaison, csv('LZ-H01'), '一月病案首页.csv', 'LZ-H01');
    expect(res.statusCode).toBe(202);
    const run = await finished(liaison, res.json().runId);
    expect(run).toMatchObject({ status: 'partial', rowsRead: 5, rowsLoaded: 3, rowsRejected: 2, org: { code: 'LZ-H01' }, fileName: '一月病案首页.csv', trigger: 'upload' });
    expect(run.rowsRead).toBe(run.rowsLoaded + run.rowsRejected);
    expect(run.rejects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 4, field: expect.stringMatching(/出院时间|discharge_time/), message: expect.stringMatching(/早于/) }),
        expect.objectContaining({ row: 5, field: expect.stringMatching(/性别|sex/) }),
      ]),
    );
    const counted = await t.platform.warehouse.query<{ n: number }>(`SELECT count(*) AS n FROM raw.discharge_records WHERE org_code = ?`, ['LZ-H01']);
    expect(Number(counted[0]!.n)).toBe(3);
    // names and ID numbers never reach the warehouse
    const stored = JSON.stringify(await t.platform.warehouse.query(`SELECT * FROM raw.discharge_records`));
    expect(stored).not.toContain('张三');
    expect(stored).not.toContain('450203199001011234');
  });

  it('loading the same file again changes no count', async () => {
    const again = await finished(liaison, (await upload(liaison, csv('LZ-H01'), 'again.csv', 'LZ-H01')).json().runId);
    expect(again.rowsLoaded).toBe(3);
    const counted = await t.platform.warehouse.query<{ n: number }>(`SELECT count(*) AS n FROM raw.discharge_records WHERE org_code = ?`, ['LZ-H01']);
    expect(Number(counted[0]!.n)).toBe(3);
  });

  it('refuses a liaison’s upload for another hospital, and a file that is not CSV or XLSX', async () => {
    const other = await upload(liaison, csv('LZ-H02'), 'h02.csv', 'LZ-H02');
    expect(other.statusCode).toBe(400);
    expect(other.json().message).toContain('LZ-H02');
    const exe = await upload(liaison, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 1)]), 'evil.csv', 'LZ-H01');
    expect(exe.statusCode).toBe(400);
    expect(exe.json().message).toContain('evil.csv');
  });

  it('keeps a center’s upload to the hospitals it supervises, row by row', async () => {
    const knex = t.platform.db.knex;
    // the center supervising the fewest hospitals, so that some hospital lies outside it
    const center = (await knex('center_hospitals as ch')
      .join('organizations as c', 'c.id', 'ch.center_id')
      .groupBy('c.id', 'c.code')
      .orderByRaw('count(*), c.code')
      .first('c.id', 'c.code')) as { id: number; code: string };
    const supervised = (await knex('center_hospitals as ch').join('organizations as h', 'h.id', 'ch.hospital_id').where('ch.center_id', center.id).pluck('h.code')) as string[];
    const outside = (await knex('organizations').where('kind', 'hospital').whereNotIn('code', supervised).orderBy('code').first('code')) as { code: string };
    expect(supervised.length).toBeGreaterThan(0);
    const inside = supervised[0]!;
    const lines = [HEADERS, row(inside, 'C001'), row(outside.code, 'C002')];
    const file = iconv.encode(lines.map((l) => l.join(',')).join('\r\n') + '\r\n', 'gb18030');
    const city = await loginAs(t.server, 'cityadmin', DEMO_PASSWORD);
    const res = await upload(city, file, '中心汇总.csv', center.code);
    expect(res.statusCode).toBe(202);
    const run = await finished(city, res.json().runId);
    expect(run).toMatchObject({ status: 'partial', rowsRead: 2, rowsLoaded: 1, rowsRejected: 1, org: { code: center.code } });
    expect(run.rejects).toEqual([
      expect.objectContaining({ row: 3, field: expect.stringMatching(/医疗机构代码/), message: expect.stringContaining(`“${outside.code}”不是上传机构（${center.code}）监管的医院`) }),
    ]);
    const counted = await t.platform.warehouse.query<{ org_code: string }>(`SELECT org_code FROM raw.discharge_records WHERE record_no IN ('C001', 'C002')`);
    expect(counted.map((r) => r.org_code)).toEqual([inside]);
  });

  it('lists runs in scope, downloads the rejects and the template', async () => {
    const runs = (await liaison.get('/api/ingest/runs')).json();
    expect(runs.total).toBeGreaterThanOrEqual(2);
    const id = runs.items.find((r: { status: string }) => r.status === 'partial').runId;
    const file = await liaison.get(`/api/ingest/runs/${id}/rejects.xlsx`);
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('拒收明细')!.getRow(1).values).toEqual([undefined, '行号', '字段', '原因']);
    const template = await liaison.get('/api/ingest/template.xlsx');
    const tw = new ExcelJS.Workbook();
    await tw.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const headers = (tw.getWorksheet('病案首页')!.getRow(1).values as string[]).filter(Boolean);
    expect(headers).toEqual(expect.arrayContaining(['医疗机构代码', '病案号', '出院时间', '离院方式']));
    // another hospital's liaison sees none of these runs
    const other = await loginAs(t.server, 'liaison02', DEMO_PASSWORD);
    expect((await other.get('/api/ingest/runs')).json().total).toBe(0);
    expect((await other.get(`/api/ingest/runs/${id}`)).statusCode).toBe(404);
    expect((await admin.get('/api/ingest/runs')).json().total).toBeGreaterThanOrEqual(2);
  });

  it('brings the operational database into the warehouse through its scheduled connection, then only what changed', async () => {
    const city = await loginAs(t.server, 'cityadmin', DEMO_PASSWORD);
    const connections = (await city.get('/api/ingest/connections')).json();
    const ops = connections.find((c: { kind: string }) => c.kind === 'ops_db');
    expect(ops).toMatchObject({ schedule: '* * * * *', enabled: true });
    expect(ops.nextRunAt).toBeTruthy();
    const first = await city.send('POST', `/api/ingest/connections/${ops.id}/run`);
    expect(first.statusCode).toBe(202);
    const run = await finished(city, first.json().runId);
    expect(run.error ?? run.status).toBe('succeeded');
    const orgs = Number((await t.platform.db.knex('organizations').count({ n: '*' }).first())!.n);
    const [wh] = await t.platform.warehouse.query<{ n: number }>('SELECT count(*) AS n FROM raw.ops_organizations');
    expect(Number(wh!.n)).toBe(orgs);
    const users = JSON.stringify(await t.platform.warehouse.query('SELECT * FROM raw.ops_users'));
    expect(users).not.toMatch(/enc:v1|scrypt\$|13877200101|138\*{4}/);
    // an edit, then the next run reads only it
    const h05 = (await admin.get('/api/orgs?q=LZ-H05&kind=hospital')).json().items[0];
    await admin.send('PATCH', `/api/orgs/${h05.id}`, { tier: '三级乙等' });
    const second = await finished(city, (await city.send('POST', `/api/ingest/connections/${ops.id}/run`)).json().runId);
    expect(second.status).toBe('succeeded');
    expect(second.rowsRead).toBeLessThan(run.rowsRead);
    const [moved] = await t.platform.warehouse.query<{ tier: string }>(`SELECT tier FROM raw.ops_organizations WHERE code = ?`, ['LZ-H05']);
    expect(moved!.tier).toBe('三级乙等');
  });

  it('loads each new file of a hospital’s drop folder once', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-drop-'));
    const city = await loginAs(t.server, 'cityadmin', DEMO_PASSWORD);
    const created = await city.send('POST', '/api/ingest/connections', {
      name: '工人医院 HIS 导出目录', kind: 'file_drop', orgCode: 'LZ-H06', config: { directory: dir }, schedule: '*/5 * * * *', enabled: true,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await city.send('POST', `/api/ingest/connections/${id}/run`)).statusCode).toBe(400); // nothing yet
    fs.writeFileSync(path.join(dir, '2026-03.csv'), csv('LZ-H06'));
    const res = await city.send('POST', `/api/ingest/connections/${id}/run`);
    expect(res.statusCode).toBe(202);
    const run = await finished(city, res.json().runId);
    expect(run).toMatchObject({ status: 'partial', rowsLoaded: 3, rowsRejected: 2, fileName: '2026-03.csv', connection: { id } });
    // the same file is not loaded twice
    expect((await city.send('POST', `/api/ingest/connections/${id}/run`)).statusCode).toBe(400);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
