// Acceptance of issue 5's analytics API: indicator values computed from an uploaded 病案首页 file equal
// the values worked out by hand, reloading the file changes nothing, every number drills down to its
// records within scope, and completion / monitor / correlation give hand-computed numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, ENGINES, loginAs, multipart, startPlatform, type Client, type TestPlatform } from './harness.js';

const HEADERS = [
  '医疗机构代码', '病案号', '住院次数', '性别', '出生日期', '年龄', '入院途径', '入院时间', '入院科别', '出院时间', '出院科别',
  '实际住院(天)', '主要诊断编码', '主要诊断名称', '离院方式', '是否有出院31天内再住院计划', '住院总费用(元)',
  '手术及操作编码1', '手术及操作日期1', '手术级别1', '手术及操作编码2', '手术及操作日期2', '手术级别2',
];

/** One discharge: hospital, 病案号, discharge day, length of stay, died?, its operation slots' levels (null = 操作 without level). */
type Stay = [org: string, no: string, day: string, los: number, died: boolean, slots: (number | null)[]];
const STAYS: Stay[] = [
  // LZ-H01, January: 4 discharges
  ['LZ-H01', 'A1', '2026-01-05', 5, false, [null]], // a 操作 without level: not a 手术
  ['LZ-H01', 'A2', '2026-01-12', 10, true, [4]],
  ['LZ-H01', 'A3', '2026-01-20', 3, false, [2, 4]],
  ['LZ-H01', 'A4', '2026-01-28', 6, false, []],
  // LZ-H01, February: 2
  ['LZ-H01', 'B1', '2026-02-10', 8, true, []],
  ['LZ-H01', 'B2', '2026-02-15', 4, false, [3]],
  // LZ-H01, March: 1
  ['LZ-H01', 'C1', '2026-03-03', 7, false, [4]],
  // LZ-H02, January: 2; February: none; March: 3
  ['LZ-H02', 'D1', '2026-01-08', 2, false, []],
  ['LZ-H02', 'D2', '2026-01-25', 12, true, [1]],
  ['LZ-H02', 'E1', '2026-03-02', 9, false, [4]],
  ['LZ-H02', 'E2', '2026-03-14', 3, false, [2]],
  ['LZ-H02', 'E3', '2026-03-30', 5, true, []],
];

function csv(): Buffer {
  const lines = [HEADERS.join(',')];
  for (const [org, no, day, los, died, slots] of STAYS) {
    const discharge = new Date(`${day}T10:00:00Z`);
    const admit = new Date(discharge.getTime() - los * 86_400_000).toISOString().slice(0, 10);
    const slot = (i: number) => (slots[i] === undefined ? ['', '', ''] : [i === 0 ? '47.0100' : '36.1000', admit, slots[i] === null ? '' : String(slots[i])]);
    lines.push(
      [org, no, '1', '1', '1970-05-01', '55', '2', `${admit} 09:00`, '外科', `${day} 10:00`, '外科', String(los), 'K35.800', '急性阑尾炎', died ? '5' : '1', '1', '5000', ...slot(0), ...slot(1)].join(','),
    );
  }
  return Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
}

// Worked out by hand from STAYS, per hospital × month: [numerator, denominator].
//            HQ-01 bed days / discharges, HQ-02 deaths / discharges, HQ-05 surgical deaths / surgical patients,
//            PERF-03 手术台次 / discharges, PERF-05 level-4 台次 / 手术台次
const EXPECTED: Record<string, Record<string, [number, number]>> = {
  'LZ-H01|2026-01': { 'HQ-01': [5 + 10 + 3 + 6, 4], 'HQ-02': [1, 4], 'HQ-05': [1, 2], 'PERF-03': [1 + 2, 4], 'PERF-05': [1 + 1, 3] },
  'LZ-H01|2026-02': { 'HQ-01': [8 + 4, 2], 'HQ-02': [1, 2], 'HQ-05': [0, 1], 'PERF-03': [1, 2], 'PERF-05': [0, 1] },
  'LZ-H01|2026-03': { 'HQ-01': [7, 1], 'HQ-02': [0, 1], 'HQ-05': [0, 1], 'PERF-03': [1, 1], 'PERF-05': [1, 1] },
  'LZ-H02|2026-01': { 'HQ-01': [2 + 12, 2], 'HQ-02': [1, 2], 'HQ-05': [1, 1], 'PERF-03': [1, 2], 'PERF-05': [0, 1] },
  'LZ-H02|2026-02': { 'HQ-01': [0, 0], 'HQ-02': [0, 0], 'HQ-05': [0, 0], 'PERF-03': [0, 0], 'PERF-05': [0, 0] },
  'LZ-H02|2026-03': { 'HQ-01': [9 + 3 + 5, 3], 'HQ-02': [1, 3], 'HQ-05': [0, 2], 'PERF-03': [2, 3], 'PERF-05': [1, 2] },
};
// HQ-01 is in days (no multiplier); the others are percentages (× 100), as in the library's formulas.
const SCALE: Record<string, number> = { 'HQ-01': 1, 'HQ-02': 100, 'HQ-05': 100, 'PERF-03': 100, 'PERF-05': 100 };
const CODES = Object.keys(SCALE);

function expectCell(row: { numerator: number; denominator: number; value: number | null }, [n, d]: [number, number], scale: number, what: string) {
  expect([row.numerator, row.denominator], what).toEqual([n, d]);
  if (d === 0) expect(row.value, what).toBeNull();
  else expect(row.value, what).toBeCloseTo((n / d) * scale, 9);
}

describe.each(ENGINES)('analytics API on $name', (engine) => {
  let t: TestPlatform;
  let city: Client;
  let liaison01: Client;
  let liaison02: Client;
  let director: Client;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    t = await startPlatform(engine, { transforms: true });
    city = await loginAs(t.server, 'cityadmin', DEMO_PASSWORD);
    liaison01 = await loginAs(t.server, 'liaison01', DEMO_PASSWORD);
    liaison02 = await loginAs(t.server, 'liaison02', DEMO_PASSWORD);
    director = await loginAs(t.server, 'director01', DEMO_PASSWORD);
    for (const o of await t.platform.db.knex('organizations').select('id', 'code')) ids.set(o.code, Number(o.id));
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  async function uploadAndBuild(): Promise<void> {
    const { payload, contentType } = multipart(csv(), '一季度病案首页.csv', { kind: 'discharge_records', org: 'LZ-WJW' }, 'text/csv');
    const res = await t.inject({ method: 'POST', url: '/api/ingest/uploads', payload, headers: { cookie: city.cookie, 'x-xsrf-token': city.csrf, 'content-type': contentType } });
    expect(res.statusCode, res.payload).toBe(202);
    let run: { status: string; rowsLoaded: number; rejects: unknown[] } | undefined;
    for (let i = 0; i < 400 && (!run || ['queued', 'running'].includes(run.status)); i++) {
      await t.platform.worker.tick();
      run = (await city.get(`/api/ingest/runs/${res.json().runId}`)).json();
      if (['queued', 'running'].includes(run!.status)) await new Promise((r) => setTimeout(r, 50));
    }
    expect(run, JSON.stringify(run?.rejects)).toMatchObject({ status: 'succeeded', rowsLoaded: STAYS.length });
    // the worker asked for a (debounced) rebuild; build now and wait for it
    await t.platform.refresher.refreshNow();
  }

  const values = async (client: Client, code: string, query: string) => client.get(`/api/analytics/indicators/${code}/values?${query}`);

  it('computes HQ-01, HQ-02, HQ-05, PERF-03 and PERF-05 per hospital and month as worked out by hand; quarters and the city add numerators and denominators', async () => {
    expect(t.platform.refresher.available).toBe(true);
    await uploadAndBuild();
    for (const code of CODES) {
      for (const org of ['LZ-H01', 'LZ-H02']) {
        const res = await values(city, code, `org=${org}&from=2026-01&to=2026-03&grain=month`);
        expect(res.statusCode, res.payload).toBe(200);
        const body = res.json();
        expect(body.indicator).toMatchObject({ code, unit: SCALE[code] === 1 ? '天' : '%' });
        expect(body.indicator.name).toEqual(expect.any(String));
        expect(body.rows.map((r: { period: string }) => r.period)).toEqual(['2026-01', '2026-02', '2026-03']);
        for (const row of body.rows) {
          expect(row.org).toBe(org);
          expectCell(row, EXPECTED[`${org}|${row.period}`]![code]!, SCALE[code]!, `${code} ${org} ${row.period}`);
          expect(row.drill.numerator).toBe(`/api/analytics/drill?indicator=${code}&org=${org}&period=${row.period}&grain=month&part=numerator`);
        }
      }
      // quarter of LZ-H01 and the city (both hospitals): sums of the monthly numerators and denominators
      const sum = (keys: string[]) => keys.map((k) => EXPECTED[k]![code]!).reduce<[number, number]>((a, b) => [a[0] + b[0], a[1] + b[1]], [0, 0]);
      const h01 = (await values(city, code, 'org=LZ-H01&from=2026-01&to=2026-03&grain=quarter')).json().rows;
      expect(h01).toHaveLength(1);
      expectCell(h01[0], sum(['LZ-H01|2026-01', 'LZ-H01|2026-02', 'LZ-H01|2026-03']), SCALE[code]!, `${code} H01 Q1`);
      const cityRows = (await values(city, code, 'org=LZ-WJW&from=2026-01&to=2026-03&grain=quarter')).json().rows;
      expect(cityRows[0]).toMatchObject({ org: 'LZ-WJW', period: '2026Q1' });
      expectCell(cityRows[0], sum(Object.keys(EXPECTED)), SCALE[code]!, `${code} city Q1`);
    }
    // e.g. HQ-02 for the city in 2026Q1: (1+1+0+1+0+1) / (4+2+1+2+0+3) = 4/12 = 33.33 %, not the mean of monthly rates
    const hq02 = (await values(city, 'HQ-02', 'from=2026-01&to=2026-03&grain=quarter')).json().rows[0];
    expect([hq02.numerator, hq02.denominator]).toEqual([4, 12]);
    // a center is its supervised hospitals: LZ-QC03 supervises every hospital, so it equals the city
    const center = (await values(city, 'HQ-02', 'org=LZ-QC03&from=2026-01&to=2026-03&grain=year')).json().rows[0];
    expect(center).toMatchObject({ org: 'LZ-QC03', period: '2026', numerator: 4, denominator: 12 });
  }, 240_000);

  it('uploading the same file again leaves every discharge-bound value unchanged', async () => {
    const snapshot = async () => Promise.all(CODES.map(async (c) => (await values(city, c, 'from=2026-01&to=2026-03&grain=month')).json()));
    const before = await snapshot();
    await uploadAndBuild();
    expect(await snapshot()).toEqual(before);
    expect((await values(city, 'HQ-01', 'org=LZ-H01&from=2026-01&to=2026-01')).json().rows[0]).toMatchObject({ numerator: 24, denominator: 4, value: 6 });
  }, 240_000);

  it('drills from LZ-H01’s HQ-02 numerator to exactly its deaths; another hospital’s liaison gets 403', async () => {
    const drill = (client: Client, query: string) => client.get(`/api/analytics/drill?${query}`);
    const jan = await drill(city, 'indicator=HQ-02&org=LZ-H01&period=2026-01&grain=month&part=numerator');
    expect(jan.statusCode, jan.payload).toBe(200);
    expect(jan.json().total).toBe(1);
    expect(jan.json().items.map((i: { recordNo: string }) => i.recordNo)).toEqual(['A2']);
    expect(jan.json().items[0]).toMatchObject({ orgCode: 'LZ-H01', admissionSeq: 1, dischargeMethod: '5', losDays: 10, mainDiagCode: expect.any(String) });
    expect(jan.payload).not.toMatch(/patient_name|姓名|idCard|id_card/);
    // the link a values row carries works as it is
    const link = (await values(liaison01, 'HQ-02', 'org=LZ-H01&from=2026-01&to=2026-03&grain=quarter')).json().rows[0].drill.numerator;
    const q1 = await liaison01.get(link);
    expect(q1.statusCode, q1.payload).toBe(200);
    expect(q1.json().items.map((i: { recordNo: string }) => i.recordNo)).toEqual(['A2', 'B1']);
    // PERF-05's numerator lists level-4 operation slots with their discharge
    const perf05 = (await drill(city, 'indicator=PERF-05&org=LZ-H01&period=2026Q1&part=numerator')).json();
    expect(perf05.items.map((i: { recordNo: string; opLevel: number }) => [i.recordNo, i.opLevel])).toEqual([['A2', 4], ['A3', 4], ['C1', 4]]);
    // denominator of HQ-01 for the city in March: every discharge of both hospitals, paged
    const page = (await drill(city, 'indicator=HQ-01&period=2026-03&part=denominator&page=2&pageSize=3')).json();
    expect(page.total).toBe(4);
    expect(page.items.map((i: { recordNo: string }) => i.recordNo)).toEqual(['E3']);

    const refused = await drill(liaison02, 'indicator=HQ-02&org=LZ-H01&period=2026-01&part=numerator');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('LZ-H01') });
    expect(refused.payload).not.toContain('A2');
    const outside = await values(liaison01, 'HQ-02', 'org=LZ-H02&from=2026-01&to=2026-03');
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/LZ-H02.*数据范围/) });
    // the whole city for a liaison is their own hospital only
    const own = (await values(liaison01, 'HQ-02', 'from=2026-01&to=2026-03&grain=quarter')).json().rows[0];
    expect([own.numerator, own.denominator]).toEqual([2, 7]);
    // and a center's director may not ask for another center
    expect((await values(director, 'HQ-02', 'org=LZ-QC04&from=2026-01&to=2026-03')).statusCode).toBe(403);
  });

  it('a reported indicator: after an approval each number links to the approved values behind it, within scope', async () => {
    const indicator = await director.send('POST', '/api/indicators', {
      code: 'TST-RPT', name: '上报下钻测试发生率', specialty: '医学信息', definition: '发生例数占同期总例数的比例', numerator: '发生例数',
      denominator: '同期总例数', unit: '%', direction: 'lower_better', kind: 'rate', formula: 'numerator / denominator * 100',
      variables: { numerator: '发生例数', denominator: '同期总例数' }, changeNote: '测试',
    });
    expect(indicator.statusCode, indicator.payload).toBe(201);
    const form = await director.send('POST', '/api/reporting/forms', {
      code: 'TST-RPT-F', name: '上报下钻测试月报', periodGrain: 'month', deadlineDays: 10, remindDays: 3, rules: [],
      fields: [
        { code: 'cases', label: '发生例数', type: 'integer', required: true, min: 0, indicatorCode: 'TST-RPT', indicatorVariable: 'numerator' },
        { code: 'total', label: '同期总例数', type: 'integer', required: true, min: 0, indicatorCode: 'TST-RPT', indicatorVariable: 'denominator' },
      ],
      hospitalIds: [ids.get('LZ-H01'), ids.get('LZ-H02')],
    });
    expect(form.statusCode, form.payload).toBe(201);
    const formId = form.json().id;
    expect((await director.send('POST', `/api/reporting/forms/${formId}/publish`, { periods: ['2026-02'] })).json().created).toBe(2);
    // asked before any approval: nothing yet — and the same question after the approvals must not get this
    // (remembered) answer again
    const early = await values(city, 'TST-RPT', 'org=LZ-H01&from=2026-01&to=2026-02&grain=month');
    expect(early.json().rows[1]).toMatchObject({ period: '2026-02', numerator: null, value: null });
    const submissions: Record<string, { taskId: number; submissionId: number }> = {};
    for (const [client, hospital, values] of [[liaison01, 'LZ-H01', { cases: 3, total: 40 }], [liaison02, 'LZ-H02', { cases: 5, total: 60 }]] as const) {
      const taskId = (await client.get(`/api/reporting/tasks?formId=${formId}&hospital=${hospital}`)).json().items[0].id as number;
      const submitted = await client.send('POST', `/api/reporting/tasks/${taskId}/submit`, { values });
      expect(submitted.statusCode, submitted.payload).toBe(200);
      const approved = await director.send('POST', `/api/reporting/tasks/${taskId}/review`, { decision: 'approve', comment: '' });
      expect(approved.json()).toMatchObject({ status: 'approved', warehouseSynced: true });
      const row = await t.platform.db.knex('report_submissions').where({ task_id: taskId, status: 'approved' }).first('id');
      submissions[hospital] = { taskId, submissionId: Number(row.id) };
    }

    const res = await values(city, 'TST-RPT', 'org=LZ-H01&from=2026-01&to=2026-02&grain=month');
    expect(res.statusCode, res.payload).toBe(200);
    const [jan, feb] = res.json().rows;
    // nobody reported January: no number, nothing to drill
    expect(jan).toMatchObject({ period: '2026-01', numerator: null, denominator: null, value: null, drill: null });
    expect(feb).toMatchObject({ period: '2026-02', numerator: 3, denominator: 40, value: 7.5 });
    expect(feb.drill.numerator).toBe('/api/analytics/drill?indicator=TST-RPT&org=LZ-H01&period=2026-02&grain=month&part=numerator');

    // following the link lists exactly the approved submission's value, with its task for the UI's link
    const drilled = await city.get(feb.drill.numerator);
    expect(drilled.statusCode, drilled.payload).toBe(200);
    expect(drilled.json()).toEqual({
      kind: 'reported', total: 1, page: 1, pageSize: 20,
      items: [{
        orgCode: 'LZ-H01', hospitalName: '柳州市工人医院', period: '2026-02', periodGrain: 'month', elementCode: 'TST-RPT:numerator', value: 3,
        formCode: 'TST-RPT-F', submissionId: submissions['LZ-H01']!.submissionId, taskId: submissions['LZ-H01']!.taskId,
        taskLink: `/reporting/review/${submissions['LZ-H01']!.taskId}`, approvedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/),
      }],
    });
    // the form's center reviews it too; the hospital follows the same link to its own task (not the review
    // page, which would refuse it); another hospital's liaison is refused before the warehouse is read
    expect((await director.get(feb.drill.numerator)).json().items[0].taskLink).toBe(`/reporting/review/${submissions['LZ-H01']!.taskId}`);
    expect((await liaison01.get(feb.drill.numerator)).json().items.map((i: { value: number; taskLink: string }) => [i.value, i.taskLink])).toEqual([
      [3, `/reporting/tasks/${submissions['LZ-H01']!.taskId}`],
    ]);
    const refused = await liaison02.get(feb.drill.numerator);
    expect(refused.statusCode).toBe(403);
    expect(refused.payload).not.toContain('TST-RPT-F');

    // the city's quarter: the denominator 100 is LZ-H01's 40 and LZ-H02's 60, by hospital
    const quarter = (await values(city, 'TST-RPT', 'from=2026-01&to=2026-03&grain=quarter')).json().rows[0];
    expect([quarter.numerator, quarter.denominator]).toEqual([8, 100]);
    const parts = (await city.get(quarter.drill.denominator)).json();
    expect(parts.items.map((i: { orgCode: string; value: number; taskId: number }) => [i.orgCode, i.value, i.taskId])).toEqual([
      ['LZ-H01', 40, submissions['LZ-H01']!.taskId],
      ['LZ-H02', 60, submissions['LZ-H02']!.taskId],
    ]);
    // a liaison's city is their own hospital: the same link lists only its value
    const own = (await values(liaison01, 'TST-RPT', 'from=2026-01&to=2026-03&grain=quarter')).json().rows[0];
    expect((await liaison01.get(own.drill.denominator)).json().items.map((i: { orgCode: string }) => i.orgCode)).toEqual(['LZ-H01']);

    // the ranking links the hospitals that reported; the others have nothing behind them
    const ranking = (await city.get('/api/analytics/indicators/TST-RPT/ranking?period=2026-02')).json().rows;
    expect(ranking[0]).toMatchObject({ rank: 1, org: 'LZ-H01', drill: { numerator: expect.stringContaining('org=LZ-H01') } });
    expect(ranking.find((r: { org: string }) => r.org === 'LZ-H03').drill).toBeNull();
    // discharge-bound indicators say so too
    expect((await city.get('/api/analytics/drill?indicator=HQ-02&org=LZ-H01&period=2026-01&part=numerator')).json()).toMatchObject({ kind: 'discharge', total: 1 });
  });

  it('series carry SPC limits (p chart for a % rate) and 同比/环比; ranking orders hospitals by direction', async () => {
    const res = await city.get('/api/analytics/indicators/HQ-02/series?org=LZ-H01&from=2026-01&to=2026-03&grain=month');
    expect(res.statusCode, res.payload).toBe(200);
    const s = res.json();
    expect(s.spc.chart).toBe('p');
    // p̄ = (1 + 1 + 0) / (4 + 2 + 1) = 2/7, in %
    expect(s.spc.center).toBeCloseTo((2 / 7) * 100, 9);
    expect(s.spc.points).toHaveLength(3);
    for (const p of s.spc.points) {
      expect(p.ucl).toEqual(expect.any(Number));
      expect(p.lcl).toEqual(expect.any(Number));
      expect(p.ucl).toBeGreaterThan(s.spc.center);
    }
    // January: p̄ ± 3·sqrt(p̄(1 − p̄)/4), clipped to 0…100 %
    const pbar = 2 / 7;
    expect(s.spc.points[0].ucl).toBeCloseTo(Math.min(1, pbar + 3 * Math.sqrt((pbar * (1 - pbar)) / 4)) * 100, 6);
    expect(s.compare[1]).toMatchObject({ period: '2026-02', value: 50, previous: 25, pop: 1, lastYear: null, yoy: null });

    const ranking = (await city.get('/api/analytics/indicators/HQ-01/ranking?period=2026Q1')).json();
    // HQ-01 is lower-better: LZ-H01 43/7 = 6.14 days before LZ-H02 31/5 = 6.2 days; hospitals without discharges unranked, last
    expect(ranking.rows.slice(0, 2).map((r: { rank: number; org: string }) => [r.rank, r.org])).toEqual([[1, 'LZ-H01'], [2, 'LZ-H02']]);
    expect(ranking.rows[2].rank).toBeNull();
    expect(ranking.rows).toHaveLength(31);
  });

  it('completion, monitor and correlation give the numbers worked out by hand', async () => {
    const knex = t.platform.db.knex;
    const qc03 = ids.get('LZ-QC03')!;
    const h = (n: number) => ids.get(`LZ-H${String(n).padStart(2, '0')}`)!;
    // Through the API: director01 registers activities of their center, LZ-QC03.
    const post = (body: object) => director.send('POST', '/api/analytics/activities', body);
    const created = await post({ kind: 'inspection', hospital: 'LZ-H01', title: '督导检查：工人医院', dueDate: '2030-03-10', completedAt: '2030-03-09T10:00:00Z', passed: true, score: 92 });
    expect(created.statusCode, created.payload).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'inspection', center: { code: 'LZ-QC03' }, hospital: { code: 'LZ-H01' }, status: 'done', passed: true, score: 92 });
    expect((await post({ kind: 'inspection', hospital: 'LZ-H02', title: '督导检查', dueDate: '2030-04-10', completedAt: '2030-04-10T10:00:00Z', passed: false })).statusCode).toBe(201);
    const refused = await post({ kind: 'training', center: 'LZ-QC04', title: '别人的培训', dueDate: '2030-05-01' });
    expect(refused.statusCode).toBe(403);
    const act = (kind: string, hospital: number | null, due: string, status: string, passed: boolean | null = null) => ({
      kind, center_id: qc03, hospital_id: hospital, title: `${kind} ${due}`, due_date: due, status, passed,
      completed_at: status === 'done' ? `${due}T10:00:00Z` : null,
    });
    await knex('qc_activities').insert([
      act('inspection', h(3), '2030-05-10', 'done', true),
      act('inspection', h(4), '2030-06-01', 'planned'), // monitor: overdue 14 days on 2030-06-15
      act('inspection', h(5), '2030-05-20', 'cancelled'), // not due: cancelled
      act('training', null, '2030-02-01', 'done'),
      act('training', null, '2030-06-20', 'planned'), // monitor: warning, 5 days left
      act('report', null, '2030-01-31', 'done'),
      act('inspection', h(1), '2029-05-01', 'done', true),
      act('inspection', h(2), '2029-06-01', 'planned'),
    ]);
    const [form] = await knex('report_forms').insert({ code: 'T-QC03', name: '病案质量季报', center_id: qc03, period_grain: 'quarter', deadline_days: 10, remind_days: 3, status: 'published' }).returning('id');
    await knex('report_form_hospitals').insert([1, 2, 3, 4, 5].map((n) => ({ form_id: form.id, hospital_id: h(n) })));
    const task = (hospital: number, due: string, status: string, label: string) => ({
      form_id: form.id, hospital_id: hospital, period_start: `${label.slice(0, 4)}-01-01`, period_end: `${label.slice(0, 4)}-03-31`, period_label: label, due_date: due, status,
    });
    await knex('report_tasks').insert([
      task(h(1), '2030-03-10', 'approved', '2030Q1'),
      { ...task(h(2), '2030-06-10', 'pending', '2030Q2'), period_start: '2030-04-01' }, // monitor: overdue 5 days
      { ...task(h(3), '2030-06-17', 'draft', '2030Q2'), period_start: '2030-04-01' }, // monitor: warning, within remind_days 3
      { ...task(h(4), '2030-06-30', 'pending', '2030Q2'), period_start: '2030-04-01' }, // due, not yet in the remind window
      { ...task(h(5), '2030-06-01', 'submitted', '2030Q2'), period_start: '2030-04-01' }, // submitted: not in the monitor
      task(h(1), '2029-06-10', 'approved', '2029Q1'),
    ]);

    const res = await director.get('/api/analytics/completion?year=2030&center=LZ-QC03');
    expect(res.statusCode, res.payload).toBe(200);
    const c = res.json();
    const row = (kind: string) => c.rows.find((r: { kind: string }) => r.kind === kind);
    // inspection 2030: done 3 (H01, H02, H03) of due 4 (the cancelled one excluded); 2029: 1 of 2
    expect(row('inspection')).toMatchObject({ center: { code: 'LZ-QC03' }, done: 3, due: 4, rate: 0.75, lastYear: { done: 1, due: 2, rate: 0.5 } });
    expect(row('training')).toMatchObject({ done: 1, due: 2, rate: 0.5, lastYear: { done: 0, due: 0, rate: null } });
    // report: 1 report activity done + 1 approved task of 5 tasks due → 2 of 6; 2029: 1 approved of 1
    expect(row('report')).toMatchObject({ done: 2, due: 6, lastYear: { done: 1, due: 1, rate: 1 } });
    expect(row('report').rate).toBeCloseTo(2 / 6, 12);
    expect(row('baseline_survey')).toBeUndefined();
    expect(c.total).toMatchObject({ done: 6, due: 12, rate: 0.5 });

    const m = (await director.get('/api/analytics/monitor?period=2030&center=LZ-QC03&asOf=2030-06-15')).json();
    expect(m.rows.map((r: { org: string; level: string; daysOverdue: number; dueDate: string }) => [r.org, r.level, r.daysOverdue, r.dueDate])).toEqual([
      ['LZ-H04', 'overdue', 14, '2030-06-01'],
      ['LZ-H02', 'overdue', 5, '2030-06-10'],
      ['LZ-H03', 'warning', 0, '2030-06-17'],
      ['LZ-QC03', 'warning', 0, '2030-06-20'],
    ]);
    expect(m.rows[2]).toMatchObject({ item: { type: 'report_task' }, daysLeft: 2 });
    expect(m.counts).toEqual({ warning: 2, overdue: 2 });
    // a liaison sees only what concerns their own hospital
    const mine = (await liaison02.get('/api/analytics/monitor?period=2030&asOf=2030-06-15')).json();
    expect(mine.rows.map((r: { org: string }) => r.org)).toEqual(['LZ-H02']);

    // Correlation, 2032 vs 2031: [hospital, visits in 2032, passed/inspections 2031, passed/inspections 2032]
    const plan: [number, number, [number, number], [number, number]][] = [
      [6, 4, [1, 4], [3, 4]], // +50 points
      [7, 3, [2, 4], [3, 4]], // +25
      [8, 5, [1, 2], [2, 2]], // +50
      [9, 1, [2, 4], [2, 4]], // 0
      [10, 0, [3, 4], [2, 4]], // −25
      [11, 2, [1, 2], [1, 2]], // 0
      [12, 6, [0, 0], [2, 2]], // no inspection in 2031: left out
    ];
    const rows: object[] = [];
    for (const [hn, v, last, now] of plan) {
      for (let i = 0; i < v; i++) rows.push({ ...act('tracking_visit', h(hn), `2032-0${1 + i}-15`, 'done'), center_id: ids.get('LZ-QC01') });
      for (const [y, [passed, n]] of [[2031, last], [2032, now]] as const) {
        for (let i = 0; i < n; i++) rows.push(act('inspection', h(hn), `${y}-0${1 + i}-20`, 'done', i < passed));
      }
    }
    await knex('qc_activities').insert(rows);
    const cr = await city.get('/api/analytics/correlations/tracking-visits?year=2032&minVisits=3');
    expect(cr.statusCode, cr.payload).toBe(200);
    const r = cr.json();
    const [more, fewer] = r.groups;
    // ≥ 3 visits: H06, H07, H08 with changes 50, 25, 50 → mean 41.67; fewer: H09, H10, H11 with 0, −25, 0 → −8.33
    expect(more).toMatchObject({ key: 'more', n: 3 });
    expect(fewer).toMatchObject({ key: 'fewer', n: 3 });
    expect(more.meanChange).toBeCloseTo(125 / 3, 9);
    expect(fewer.meanChange).toBeCloseTo(-25 / 3, 9);
    // Welch: both variances 416.67/2 = 208.33, se = sqrt(208.33/3 · 2) = 11.785, df = 4, t(0.975, 4) = 2.776445
    const se = Math.sqrt(((2 * 625) / 9 / 2 / 3) * 6);
    expect(r.difference.meanChange.difference).toBeCloseTo(50, 9);
    expect(r.difference.meanChange.df).toBeCloseTo(4, 9);
    expect(r.difference.meanChange.lower).toBeCloseTo(50 - 2.776445 * se, 3);
    expect(r.difference.meanChange.upper).toBeCloseTo(50 + 2.776445 * se, 3);
    // pooled pass rates in 2032: 8 of 10 (Wilson 95 %: 0.4902–0.9433) vs 5 of 10 (0.2366–0.7634)
    expect(more.thisYear).toMatchObject({ passed: 8, inspections: 10, p: 0.8 });
    expect(more.thisYear.lower).toBeCloseTo(0.4902, 4);
    expect(more.thisYear.upper).toBeCloseTo(0.9433, 4);
    expect(fewer.thisYear).toMatchObject({ passed: 5, inspections: 10, p: 0.5 });
    expect(fewer.thisYear.lower).toBeCloseTo(0.2366, 4);
    expect(r.difference.passRate.difference).toBeCloseTo(0.3, 12);
    // Pearson over the six hospitals: sxy = 275, sxx = 17.5, syy = 4583.33 → r = 275 / sqrt(17.5 · 4583.33) = 0.971
    expect(r.correlation.n).toBe(6);
    expect(r.correlation.r).toBeCloseTo(275 / Math.sqrt(17.5 * (27500 / 6)), 9);
    expect(r.hospitals.map((x: { org: string }) => x.org)).not.toContain('LZ-H12');
  });

  it('overview: key indicators this year against last year, monthly discharges, completion and overdue counts in one request', async () => {
    const res = await city.get('/api/analytics/overview?year=2026');
    expect(res.statusCode, res.payload).toBe(200);
    const o = res.json();
    expect(o.indicators.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['HQ-01', 'HQ-02', 'PERF-03', 'PERF-05']));
    const hq02 = o.indicators.find((i: { code: string }) => i.code === 'HQ-02');
    expect(hq02).toMatchObject({ numerator: 4, denominator: 12, lastYear: null, yoy: null });
    // months without any discharge loaded (all of 2025, April on) are unknown, not 0
    expect(o.monthlyDischarges.slice(0, 4)).toEqual([
      { month: '2026-01', discharges: 6, lastYear: null },
      { month: '2026-02', discharges: 2, lastYear: null },
      { month: '2026-03', discharges: 4, lastYear: null },
      { month: '2026-04', discharges: null, lastYear: null },
    ]);
    // each key indicator links to the records of its year for the dashboard's org, and the link works
    expect(hq02.drill).toEqual({
      numerator: `/api/analytics/drill?indicator=HQ-02&org=${o.org.code}&period=2026&grain=year&part=numerator`,
      denominator: `/api/analytics/drill?indicator=HQ-02&org=${o.org.code}&period=2026&grain=year&part=denominator`,
    });
    const deaths = (await city.get(hq02.drill.numerator)).json();
    expect(deaths).toMatchObject({ kind: 'discharge', total: 4 });
    // the demo seed's activities of this year and last year are there
    expect(o.completion.total.due).toBeGreaterThan(100);
    expect(o.completion.total.rate).toBeGreaterThan(0.5);
    expect(o.monitor).toEqual({ warning: expect.any(Number), overdue: expect.any(Number) });
  });

  it('the demo activities make the tracking-visit analysis meaningful but not perfect', async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const r = (await city.get(`/api/analytics/correlations/tracking-visits?year=${year}`)).json();
    expect(r.groups[0].n + r.groups[1].n).toBeGreaterThanOrEqual(25);
    expect(r.groups[0].n).toBeGreaterThan(5);
    expect(r.groups[1].n).toBeGreaterThan(5);
    expect(r.difference.meanChange.difference).toBeGreaterThan(0);
    expect(r.correlation.r).toBeGreaterThan(0.2);
    expect(r.correlation.r).toBeLessThan(0.95);
  });
});
