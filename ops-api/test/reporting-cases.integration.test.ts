import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, ENGINES, loginAs, multipart, startPlatform, type Client, type TestPlatform } from './harness.js';

/**
 * 逐例数值: the median indicator EM-03 (抢救室滞留时间中位数, `median(durations)`) from the cases
 * hospitals report, one number per patient — a hospital's median, and a center's median over the
 * pooled cases of its hospitals (not a median of medians).
 */
describe.each(ENGINES)('per-case reporting for median indicators on $name', (engine) => {
  let t: TestPlatform;
  let director: Client;
  let liaison: Client;
  let liaison2: Client;
  const orgs: Record<string, number> = {};
  // before any demo month (the demo fills the last six), so only this test's cases count
  const period = '2025-02';

  beforeAll(async () => {
    t = await startPlatform(engine, { demoDischarges: 0 });
    director = await loginAs(t.server, 'director01', DEMO_PASSWORD);
    liaison = await loginAs(t.server, 'liaison01', DEMO_PASSWORD);
    liaison2 = await loginAs(t.server, 'liaison02', DEMO_PASSWORD);
    for (const o of (await t.platform.db.knex('organizations').whereIn('code', ['LZ-H01', 'LZ-H02']).select('id', 'code')) as { id: number; code: string }[]) {
      orgs[o.code] = Number(o.id);
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  const form = (code: string, hospitals: string[], rules: { expression: string; message: string }[]) => ({
    code,
    name: '急诊抢救室滞留时间',
    periodGrain: 'month',
    deadlineDays: 10,
    remindDays: 3,
    fields: [
      { code: 'stay', label: '抢救室滞留时间', unit: '小时', type: 'cases', required: true, min: 0, max: 72, indicatorCode: 'EM-03', indicatorVariable: 'durations' },
      { code: 'visits', label: '抢救室接诊人次', unit: '人次', type: 'integer', required: true, min: 0 },
    ],
    rules,
    hospitalIds: hospitals.map((h) => orgs[h]),
  });

  async function publish(code: string, hospitals: string[]): Promise<number> {
    const res = await director.send('POST', '/api/reporting/forms', form(code, hospitals, [{ expression: 'COUNT(stay) <= visits', message: '逐例数不能多于抢救室接诊人次' }]));
    expect(res.statusCode, res.payload).toBe(201);
    const id = res.json().id as number;
    expect((await director.send('POST', `/api/reporting/forms/${id}/publish`, { periods: [period] })).json().created).toBe(hospitals.length);
    return id;
  }

  const taskOf = async (client: Client, formId: number, hospital: string) =>
    (await client.get(`/api/reporting/tasks?formId=${formId}&hospital=${hospital}&period=${period}`)).json().items[0] as { id: number };

  const values = async (org: string) =>
    (await director.get(`/api/analytics/indicators/EM-03/values?org=${org}&from=${period}&to=${period}&grain=month`)).json().rows[0] as {
      numerator: number | null;
      denominator: number | null;
      value: number | null;
      drill: { numerator: string | null; denominator: string | null } | null;
    };

  let formId = 0;

  it('refuses a rule that uses a list of cases as one number, with its position', async () => {
    const res = await director.send('POST', '/api/reporting/forms', form('TEST-ER-BAD', ['LZ-H01'], [{ expression: 'visits >= 0 AND stay <= 24', message: 'x' }]));
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues[0]).toMatchObject({ code: 'type', rule: 0, line: 1, column: 17 });
    expect(res.json().message).toContain('“stay”是逐例数值，只能放在 SUM、AVG、MIN、MAX、COUNT、MEDIAN、PERCENTILE 中使用');
  });

  it('names the case that is wrong, and takes a list of cases typed or pasted', async () => {
    formId = await publish('TEST-ER-STAY', ['LZ-H01', 'LZ-H02']);
    const task = await taskOf(liaison, formId, 'LZ-H01');
    const checked = (await liaison.send('POST', `/api/reporting/tasks/${task.id}/validate`, { values: { stay: ['1.5', '', 'abc', '80'], visits: 10 } })).json();
    expect(checked.ok).toBe(false);
    // the blank entry is no case: "abc" is the 2nd case, 80 the 3rd
    expect(checked.errors.map((e: { field: string; message: string }) => [e.field, e.message])).toEqual([
      ['stay', '“抢救室滞留时间”第2例：“abc”不是数字'],
      ['stay', '“抢救室滞留时间”第3例：不能大于 72小时'],
    ]);
    const empty = (await liaison.send('POST', `/api/reporting/tasks/${task.id}/validate`, { values: { stay: [], visits: 10 } })).json();
    expect(empty.errors).toEqual([{ field: 'stay', label: '抢救室滞留时间', message: '“抢救室滞留时间”至少填写 1 例', kind: 'required' }]);
    // a rule over the cases: four cases but three visits
    const tooMany = await liaison.send('POST', `/api/reporting/tasks/${task.id}/submit`, { values: { stay: [1, 2, 3, 10], visits: 3 } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().details.errors).toEqual([{ field: 'stay', label: '抢救室滞留时间', message: '逐例数不能多于抢救室接诊人次', kind: 'rule' }]);
    const ok = await liaison.send('POST', `/api/reporting/tasks/${task.id}/submit`, { values: { stay: ['1', '2', '3', '10'], visits: 12 } });
    expect(ok.statusCode, ok.payload).toBe(200);
    expect((await liaison.get(`/api/reporting/tasks/${task.id}`)).json().values).toEqual({ stay: [1, 2, 3, 10], visits: 12 });
  });

  it('reads the cases from the template’s 逐例数值 sheet, naming the row of a bad one', async () => {
    const task = await taskOf(liaison2, formId, 'LZ-H02');
    const download = await t.server.inject({ method: 'GET', url: `/api/reporting/forms/${formId}/template.xlsx?period=${period}`, headers: { cookie: liaison2.cookie } });
    expect(download.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    const main = wb.getWorksheet('填报')!;
    const rowOf = (code: string) => {
      for (let r = 1; r <= main.rowCount; r++) if (main.getCell(r, 1).value === code) return r;
      throw new Error(code);
    };
    expect(main.getCell(rowOf('stay'), 4).value).toBe('逐例数值');
    expect(main.getCell(rowOf('stay'), 7).value).toBe('见“逐例数值”工作表');
    main.getCell(rowOf('visits'), 7).value = 9;
    const cases = wb.getWorksheet('逐例数值')!;
    expect(cases.getCell('A1').value).toBe('stay');
    expect(cases.getCell('A2').value).toBe('抢救室滞留时间（小时）');
    cases.getCell('A3').value = 4;
    cases.getCell('A4').value = '五';
    cases.getCell('A6').value = 6; // an empty row between cases is skipped
    const upload = async () => {
      const { payload, contentType } = multipart(Buffer.from(await wb.xlsx.writeBuffer()), '滞留时间.xlsx');
      return t.inject({ method: 'POST', url: '/api/reporting/tasks/import', payload, headers: { cookie: liaison2.cookie, 'x-xsrf-token': liaison2.csrf, 'content-type': contentType } });
    };
    const refused = await upload();
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.errors).toEqual([{ row: 4, field: 'stay', label: '抢救室滞留时间', message: '工作表“逐例数值”第4行（抢救室滞留时间）：“五”不是数字' }]);
    cases.getCell('A4').value = 5;
    const imported = await upload();
    expect(imported.statusCode, imported.payload).toBe(200);
    expect((await liaison2.get(`/api/reporting/tasks/${task.id}`)).json().values).toEqual({ stay: [4, 5, 6], visits: 9 });
    expect((await liaison2.send('POST', `/api/reporting/tasks/${task.id}/submit`, { values: { stay: [4, 5, 6], visits: 9 } })).statusCode).toBe(200);
    // the filled template carries the cases back
    const again = await t.server.inject({ method: 'GET', url: `/api/reporting/forms/${formId}/template.xlsx?period=${period}`, headers: { cookie: liaison2.cookie } });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(again.rawPayload as unknown as ArrayBuffer);
    expect([3, 4, 5].map((r) => wb2.getWorksheet('逐例数值')!.getCell(r, 1).value)).toEqual([4, 5, 6]);
  });

  it('gives each hospital the median of its cases and the center the median of all its hospitals’ cases', async () => {
    for (const h of ['LZ-H01', 'LZ-H02']) {
      const task = await taskOf(director, formId, h);
      const res = await director.send('POST', `/api/reporting/tasks/${task.id}/review`, { decision: 'approve', comment: '' });
      expect(res.json(), res.payload).toMatchObject({ status: 'approved', warehouseSynced: true });
    }
    // LZ-H01: 1, 2, 3, 10 → (2 + 3) / 2 = 2.5; LZ-H02: 4, 5, 6 → 5
    expect(await values('LZ-H01')).toMatchObject({ numerator: null, denominator: 4, value: 2.5 });
    expect(await values('LZ-H02')).toMatchObject({ numerator: null, denominator: 3, value: 5 });
    // the center (LZ-QC03 supervises both): 1, 2, 3, 4, 5, 6, 10 → 4 — a median of the two medians would say 3.75
    expect(await values('LZ-QC03')).toMatchObject({ numerator: null, denominator: 7, value: 4 });

    // the n drills to the cases; a median has no numerator to drill
    const row = await values('LZ-H01');
    expect(row.drill?.numerator).toBeNull();
    const drill = (await director.get(row.drill!.denominator!)).json();
    expect(drill).toMatchObject({ kind: 'reported', total: 4 });
    expect(drill.items.map((i: { value: number }) => i.value).sort((a: number, b: number) => a - b)).toEqual([1, 2, 3, 10]);
    expect(drill.items.every((i: { elementCode: string; orgCode: string }) => i.elementCode === 'EM-03:durations' && i.orgCode === 'LZ-H01')).toBe(true);
    // another hospital's liaison cannot see them
    expect((await liaison2.get(row.drill!.denominator!)).statusCode).toBe(403);
  });

  it('lets a later approval with fewer cases replace the earlier list, leaving no stale case', async () => {
    const second = await publish('TEST-ER-STAY2', ['LZ-H01']);
    const task = await taskOf(liaison, second, 'LZ-H01');
    expect((await liaison.send('POST', `/api/reporting/tasks/${task.id}/submit`, { values: { stay: [7], visits: 1 } })).statusCode).toBe(200);
    expect((await director.send('POST', `/api/reporting/tasks/${task.id}/review`, { decision: 'approve', comment: '' })).json().warehouseSynced).toBe(true);
    expect(await values('LZ-H01')).toMatchObject({ denominator: 1, value: 7 });
    // 4, 5, 6 and 7 → 5.5
    expect(await values('LZ-QC03')).toMatchObject({ denominator: 4, value: 5.5 });
    const drill = (await director.get((await values('LZ-H01')).drill!.denominator!)).json();
    expect(drill.items.map((i: { value: number }) => i.value)).toEqual([7]);
    // the cases 2…4 of the earlier list are kept as empty rows, not deleted, so every engine replaces them the same way
    const rows = await t.platform.warehouse.query<{ value: number | null }>(
      `SELECT value FROM raw.reported_values WHERE org_code = 'LZ-H01' AND element_code = 'EM-03:durations' AND period_start = ? ORDER BY value_key`,
      [`${period}-01`],
    );
    expect(rows.map((r) => r.value)).toEqual([7, null, null, null]);
  });

  it('ships a demo form of the 急诊 center whose cases give EM-03 a median per hospital and for the city', async () => {
    await t.platform.reporting.sweepNow();
    const [y, m] = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7).split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
    const city = await loginAs(t.server, 'cityadmin', DEMO_PASSWORD);
    const res = (await city.get(`/api/analytics/indicators/EM-03/values?from=${last}&to=${last}&grain=month`)).json();
    expect(res.indicator).toMatchObject({ code: 'EM-03', unit: '小时' });
    const row = res.rows[0];
    // 31 hospitals × 15…44 cases each
    expect(row.denominator).toBeGreaterThanOrEqual(31 * 15);
    expect(row.value).toBeGreaterThan(0);
    const stays = await t.platform.warehouse.query<{ value: number }>(
      `SELECT value FROM raw.reported_values WHERE form_code = 'EM-STAY' AND element_code = 'EM-03:durations' AND period_start = ? AND value IS NOT NULL ORDER BY value`,
      [`${last}-01`],
    );
    expect(stays.length).toBe(row.denominator);
    // the median of the pooled cases, by hand
    const sorted = stays.map((s) => s.value);
    const h = (sorted.length - 1) / 2;
    const median = sorted[Math.floor(h)]! + (h - Math.floor(h)) * (sorted[Math.ceil(h)]! - sorted[Math.floor(h)]!);
    expect(row.value).toBeCloseTo(median, 9);
  });
});
