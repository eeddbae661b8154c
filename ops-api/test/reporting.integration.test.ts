import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FORM_CODE } from '../db/seeds/07_reporting_demo.js';
import { runReportReminders } from '../src/jobs/report-reminders.js';
import { ROLES } from '../src/policies/catalog.js';
import { enterScope, setAppScopeEnforcement } from '../src/policies/scope.js';
import { addDays, shanghaiDate } from '../src/services/reporting-periods.js';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, loginAs, loginChangingPassword, multipart, startPlatform, type Client, type TestPlatform } from './harness.js';

/** The acceptance flow of 数据上报 through the API, and the rules around it. */
describe.each(ENGINES)('data reporting on $name', (engine) => {
  let t: TestPlatform;
  let admin: Client;
  let director: Client;
  let liaison: Client;
  let liaison2: Client;
  let otherDirector: Client;
  const orgs: Record<string, number> = {};
  let formId = 0;
  let unsupervised = '';
  const period = '2026-09';
  const taskOf = async (client: Client, hospital: string) =>
    (await client.get(`/api/reporting/tasks?formId=${formId}&hospital=${hospital}&period=${period}`)).json().items[0] as { id: number; status: string } | undefined;

  beforeAll(async () => {
    t = await startPlatform(engine, { demoDischarges: 0 });
    admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
    director = await loginAs(t.server, 'director01', DEMO_PASSWORD);
    liaison = await loginAs(t.server, 'liaison01', DEMO_PASSWORD);
    liaison2 = await loginAs(t.server, 'liaison02', DEMO_PASSWORD);
    const knex = t.platform.db.knex;
    for (const o of (await knex('organizations').whereIn('code', ['LZ-H01', 'LZ-H02', 'LZ-QC03', 'LZ-QC11']).select('id', 'code')) as { id: number; code: string }[]) orgs[o.code] = Number(o.id);
    // a hospital that 医学信息 supervises and 心血管病 does not
    const row = (await knex('center_hospitals as a')
      .join('organizations as o', 'o.id', 'a.hospital_id')
      .where('a.center_id', orgs['LZ-QC03'])
      .whereNotExists(knex('center_hospitals as b').where('b.center_id', orgs['LZ-QC11']).whereRaw('b.hospital_id = a.hospital_id'))
      .orderBy('o.code')
      .first('o.id', 'o.code')) as { id: number; code: string };
    unsupervised = row.code;
    orgs[row.code] = Number(row.id);
    const created = await admin.send('POST', '/api/users', {
      username: 'cardio_director', displayName: '心内主任', password: 'Temp#Pass2026', orgId: orgs['LZ-QC11'], roleCodes: ['center_director'],
    });
    expect(created.statusCode).toBe(201);
    otherDirector = await loginChangingPassword(t.server, 'cardio_director', 'Temp#Pass2026', 'Cardio#Final2026');
  });
  afterAll(async () => {
    await t?.stop();
  });

  const formBody = (rules: { expression: string; message: string }[]) => ({
    code: 'TEST-DEATHS',
    name: '死亡病例月报',
    periodGrain: 'month',
    deadlineDays: 10,
    remindDays: 3,
    fields: [
      { code: 'deaths', label: '死亡人数', unit: '人', type: 'integer', required: true, min: 0, indicatorCode: 'TST-01', indicatorVariable: 'numerator' },
      { code: 'discharges', label: '出院人数', unit: '人', type: 'integer', required: true, min: 0, indicatorCode: 'TST-01', indicatorVariable: 'denominator' },
      { code: 'remark_count', label: '备注例数', type: 'number' },
    ],
    rules,
    hospitalIds: [orgs['LZ-H01'], orgs['LZ-H02'], orgs[unsupervised]],
  });

  it('refuses a form rule naming an unknown field, with its position', async () => {
    const res = await director.send('POST', '/api/reporting/forms', formBody([{ expression: 'deaths <= discharge', message: 'x' }]));
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('FORMULA_INVALID');
    expect(body.message).toContain('discharge');
    expect(body.details.issues[0]).toMatchObject({ code: 'unknown_name', rule: 0, line: 1, column: 11, field: 'rules[0].expression' });
  });

  it('creates and publishes a form: one task per hospital and period', async () => {
    const res = await director.send('POST', '/api/reporting/forms', formBody([{ expression: 'deaths <= discharges', message: '死亡人数不能大于出院人数' }]));
    expect(res.statusCode, res.payload).toBe(201);
    formId = res.json().id;
    expect(res.json()).toMatchObject({ status: 'draft', center: { id: orgs['LZ-QC03'] } });
    expect(res.json().fields.map((f: { element: string }) => f.element)).toEqual(['TST-01:numerator', 'TST-01:denominator', 'TEST-DEATHS:remark_count']);
    // a draft is the center's alone; a hospital sees the form once published to it
    expect((await liaison.get(`/api/reporting/forms/${formId}/template.xlsx`)).statusCode).toBe(404);
    expect((await director.get('/api/reporting/forms?q=死亡')).json().items.map((f: { code: string }) => f.code)).toEqual(['TEST-DEATHS']);
    expect((await otherDirector.get('/api/reporting/forms')).json().total).toBe(0);
    const pub = await director.send('POST', `/api/reporting/forms/${formId}/publish`, { periods: [period, '2026-10'] });
    expect(pub.statusCode, pub.payload).toBe(200);
    expect(pub.json().created).toBe(6);
    const again = await director.send('POST', `/api/reporting/forms/${formId}/publish`, { periods: [period] });
    expect(again.json().created).toBe(0);
    expect((await director.send('POST', `/api/reporting/forms/${formId}/publish`, { periods: ['2026Q3'] })).json().message).toContain('2026-10');
    expect((await director.send('PUT', `/api/reporting/forms/${formId}`, formBody([]))).statusCode).toBe(409);
    expect((await liaison.get(`/api/reporting/forms/${formId}/template.xlsx`)).statusCode).toBe(200);
    // another center neither sees nor changes it
    expect((await otherDirector.get(`/api/reporting/forms/${formId}`)).statusCode).toBe(404);
  });

  it('validates as typed: a rule names its first field; a bad value names its field', async () => {
    const task = (await taskOf(liaison, 'LZ-H01'))!;
    const res = await liaison.send('POST', `/api/reporting/tasks/${task.id}/validate`, { values: { deaths: 120, discharges: 100 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, errors: [{ field: 'deaths', label: '死亡人数', message: '死亡人数不能大于出院人数' }] });
    const typed = (await liaison.send('POST', `/api/reporting/tasks/${task.id}/validate`, { values: { deaths: 'abc', discharges: 2.5 } })).json();
    expect(typed.errors.map((e: { message: string }) => e.message)).toEqual(['“死亡人数”的值“abc”不是数字', '“出院人数”必须是整数']);
    // an unfilled value fails only `required`, never a rule
    const missing = (await liaison.send('POST', `/api/reporting/tasks/${task.id}/validate`, { values: { deaths: 3 } })).json();
    expect(missing.errors).toEqual([expect.objectContaining({ field: 'discharges', message: '“出院人数”不能为空' })]);
    expect((await liaison.send('POST', `/api/reporting/tasks/${task.id}/validate`, { values: { deaths: 3, discharges: 100 } })).json()).toEqual({ ok: true, errors: [] });
  });

  it('keeps other hospitals out: another liaison can neither see nor submit the task', async () => {
    const task = (await taskOf(liaison, 'LZ-H01'))!;
    expect((await liaison2.get(`/api/reporting/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await liaison2.send('POST', `/api/reporting/tasks/${task.id}/submit`, { values: { deaths: 1, discharges: 10 } })).statusCode).toBe(404);
    const list = (await liaison2.get(`/api/reporting/tasks?formId=${formId}`)).json();
    expect(list.items.length).toBe(2);
    expect(list.items.every((i: { hospital: { code: string } }) => i.hospital.code === 'LZ-H02')).toBe(true);
    // the director cannot fill for the hospital
    expect((await director.send('POST', `/api/reporting/tasks/${task.id}/submit`, { values: { deaths: 1, discharges: 10 } })).statusCode).toBe(403);
  });

  it('runs the acceptance flow: refuse, fix, submit, return, resubmit as version 2, approve, into the warehouse', async () => {
    const task = (await taskOf(liaison, 'LZ-H01'))!;
    const url = `/api/reporting/tasks/${task.id}`;
    const bad = await liaison.send('POST', `${url}/submit`, { values: { deaths: 120, discharges: 100 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { errors: [{ field: 'deaths', label: '死亡人数', message: '死亡人数不能大于出院人数' }] } });
    expect(bad.json().message).toContain('死亡人数不能大于出院人数');
    expect((await liaison.get(url)).json().status).toBe('pending');

    const ok = await liaison.send('POST', `${url}/submit`, { values: { deaths: 12, discharges: 100 } });
    expect(ok.statusCode, ok.payload).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'submitted', currentVersion: 1 });
    expect((await liaison.send('PUT', `${url}/draft`, { values: { deaths: 1, discharges: 100 } })).statusCode).toBe(409);

    // a center that supervises the hospital but does not own the form may not review it
    expect((await otherDirector.send('POST', `${url}/review`, { decision: 'approve' })).statusCode).toBe(403);
    const noComment = await director.send('POST', `${url}/review`, { decision: 'return', comment: '' });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().message).toContain('退回意见');
    const returned = await director.send('POST', `${url}/review`, { decision: 'return', comment: '死亡人数与病案首页不符，请核对' });
    expect(returned.statusCode, returned.payload).toBe(200);
    expect(returned.json().status).toBe('returned');

    const notes = (await liaison.get('/api/notifications?unread=true')).json();
    expect(notes.items[0]).toMatchObject({ kind: 'report_returned', body: '死亡人数与病案首页不符，请核对', link: `/reporting/tasks/${task.id}` });

    const draft = await liaison.send('PUT', `${url}/draft`, { values: { deaths: 11, discharges: 100 } });
    expect(draft.statusCode, draft.payload).toBe(200);
    expect(draft.json()).toMatchObject({ status: 'returned', values: { deaths: 11, discharges: 100 }, validation: { ok: true } });
    const resubmitted = await liaison.send('POST', `${url}/submit`, { values: { deaths: 11, discharges: 100, remark_count: 2 } });
    expect(resubmitted.json()).toMatchObject({ status: 'submitted', currentVersion: 2 });

    const approved = await director.send('POST', `${url}/review`, { decision: 'approve', comment: '' });
    expect(approved.statusCode, approved.payload).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', warehouseSynced: true });

    const detail = (await liaison.get(url)).json();
    expect(detail.values).toEqual({ deaths: 11, discharges: 100, remark_count: 2 });
    expect(detail.history).toMatchObject([
      { version: 1, status: 'returned', values: { deaths: 12, discharges: 100 }, submittedBy: '蓝海燕', reviewedBy: '韦建国', reviewComment: '死亡人数与病案首页不符，请核对' },
      { version: 2, status: 'approved', submittedBy: '蓝海燕', reviewedBy: '韦建国', reviewComment: null },
    ]);
    expect(detail.history[0].submittedAt).toBeTruthy();
    expect(detail.can).toEqual({ fill: false, submit: false, review: false });
    expect((await liaison.send('POST', `${url}/submit`, { values: { deaths: 1, discharges: 100 } })).statusCode).toBe(409);

    const rows = await t.platform.warehouse.query<{ element_code: string; value: number | null; period_start: string; submission_id: number }>(
      `SELECT element_code, value, period_start, submission_id FROM raw.reported_values WHERE org_code = 'LZ-H01' AND form_code = 'TEST-DEATHS' ORDER BY element_code`,
    );
    expect(rows.map((r) => [r.element_code, r.value, r.period_start])).toEqual([
      ['TEST-DEATHS:remark_count', 2, '2026-09-01'],
      ['TST-01:denominator', 100, '2026-09-01'],
      ['TST-01:numerator', 11, '2026-09-01'],
    ]);
    const synced = await t.platform.db.knex('report_submissions').where({ task_id: task.id, status: 'approved' }).first('warehouse_synced_at');
    expect(synced.warehouse_synced_at).toBeTruthy();

    // as if the process died between the commit and the warehouse write: the sweep writes them
    await t.platform.warehouse.exec(`DELETE FROM raw.reported_values WHERE form_code = 'TEST-DEATHS'`);
    await t.platform.db.knex('report_submissions').where({ task_id: task.id, status: 'approved' }).update({ warehouse_synced_at: null });
    expect(await t.platform.reporting.sweepNow()).toEqual({ submissions: 1, rows: 3 });
    const again = await t.platform.warehouse.query(`SELECT element_code FROM raw.reported_values WHERE org_code = 'LZ-H01' AND form_code = 'TEST-DEATHS'`);
    expect(again.length).toBe(3);
    expect(await t.platform.reporting.sweepNow()).toEqual({ submissions: 0, rows: 0 });
  });

  it('keeps a center away from hospitals it does not supervise', async () => {
    const task = (await taskOf(director, unsupervised))!;
    expect(task).toBeDefined();
    expect((await otherDirector.get(`/api/reporting/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await otherDirector.send('POST', `/api/reporting/tasks/${task.id}/review`, { decision: 'approve' })).statusCode).toBe(404);
    const list = (await otherDirector.get('/api/reporting/tasks?pageSize=200')).json();
    expect(list.items.some((i: { hospital: { code: string } }) => i.hospital.code === unsupervised)).toBe(false);
  });

  it('round-trips the Excel template and names the row and field of a bad cell', async () => {
    const task = (await taskOf(liaison2, 'LZ-H02'))!;
    const download = await t.server.inject({ method: 'GET', url: `/api/reporting/forms/${formId}/template.xlsx?period=${period}`, headers: { cookie: liaison2.cookie } });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('填报')!;
    expect(ws.getCell('B1').value).toBe('TEST-DEATHS');
    expect(ws.getCell('B2').value).toBe(period);
    expect(ws.getCell('B3').value).toBe('LZ-H02');
    const rowOf = (code: string) => {
      for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === code) return r;
      throw new Error(code);
    };
    ws.getCell(rowOf('deaths'), 7).value = 7;
    ws.getCell(rowOf('discharges'), 7).value = 'abc';
    const upload = async (buffer: Buffer) => {
      const { payload, contentType } = multipart(buffer, '填报.xlsx');
      return t.inject({ method: 'POST', url: '/api/reporting/tasks/import', payload, headers: { cookie: liaison2.cookie, 'x-xsrf-token': liaison2.csrf, 'content-type': contentType } });
    };
    const refused = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.errors).toEqual([
      { row: rowOf('discharges'), field: 'discharges', label: '出院人数', message: `第${rowOf('discharges')}行（出院人数）：“abc”不是数字` },
    ]);
    expect((await liaison2.get(`/api/reporting/tasks/${task.id}`)).json().status).toBe('pending');

    ws.getCell(rowOf('discharges'), 7).value = 70;
    const imported = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(imported.statusCode, imported.payload).toBe(200);
    expect(imported.json()).toMatchObject({ taskId: task.id, validation: { ok: true, errors: [] } });
    const detail = (await liaison2.get(`/api/reporting/tasks/${task.id}`)).json();
    expect(detail).toMatchObject({ status: 'draft', values: { deaths: 7, discharges: 70, remark_count: null }, hasDraft: true, history: [] });

    // a file that is not a spreadsheet is refused by its content
    const fake = await upload(Buffer.from('deaths,7\n'));
    expect(fake.statusCode).toBe(400);
    // the other hospital's liaison cannot import into this hospital's task
    ws.getCell('B3').value = 'LZ-H02';
    const { payload, contentType } = multipart(Buffer.from(await wb.xlsx.writeBuffer()), 'x.xlsx');
    const foreign = await t.inject({ method: 'POST', url: '/api/reporting/tasks/import', payload, headers: { cookie: liaison.cookie, 'x-xsrf-token': liaison.csrf, 'content-type': contentType } });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().details.errors[0].message).toContain('没有找到');
  });

  it('flags overdue tasks and reminds the liaisons once (time driven by the job)', async () => {
    const knex = t.platform.db.knex;
    const task = (await taskOf(liaison2, 'LZ-H02'))!;
    const dueDate = addDays(shanghaiDate(), 2);
    await knex('report_tasks').where('id', task.id).update({ due_date: dueDate });
    const listed = (await liaison2.get(`/api/reporting/tasks?formId=${formId}&period=${period}`)).json().items[0];
    expect(listed).toMatchObject({ dueDate, overdue: false, daysLeft: 2 });

    const before = Number((await knex('notifications').where('link', `/reporting/tasks/${task.id}`).count({ n: '*' }).first())!.n);
    expect(before).toBe(0);
    const reminded = await runReportReminders(knex, new Date());
    expect(reminded.due).toBeGreaterThanOrEqual(1);
    expect((await runReportReminders(knex, new Date())).due).toBe(0);
    const notes = (await liaison2.get('/api/notifications')).json();
    const due = notes.items.find((n: { link: string; kind: string }) => n.link === `/reporting/tasks/${task.id}` && n.kind === 'report_due');
    expect(due.title).toContain(`将于 ${dueDate} 截止`);
    expect(due.body).toBe('还剩 2 天，请及时填报并提交。');

    // three days later it is overdue: flagged in the list and one overdue notice
    const later = new Date(Date.now() + 3 * 86_400_000);
    const overdue = await runReportReminders(knex, later);
    expect(overdue.overdue).toBeGreaterThanOrEqual(1);
    const notice = (await liaison2.get('/api/notifications?unread=true')).json().items.find((n: { link: string; kind: string }) => n.link === `/reporting/tasks/${task.id}` && n.kind === 'report_overdue');
    expect(notice.body).toContain('已逾期 1 天');
    await knex('report_tasks').where('id', task.id).update({ due_date: addDays(shanghaiDate(), -1) });
    const flagged = (await liaison2.get(`/api/reporting/tasks?formId=${formId}&period=${period}`)).json().items[0];
    expect(flagged).toMatchObject({ overdue: true, daysLeft: -1 });
    expect((await liaison2.get(`/api/reporting/tasks?formId=${formId}&period=${period}&overdue=true`)).json().items.map((i: { id: number }) => i.id)).toEqual([task.id]);

    const read = await liaison2.send('POST', `/api/notifications/${notice.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBeTruthy();
    // nobody else reads it
    expect((await liaison.send('POST', `/api/notifications/${notice.id}/read`)).statusCode).toBe(404);
  });

  it('ships a demo form whose approved values reach the warehouse at boot', async () => {
    await t.platform.reporting.sweepNow();
    const rows = await t.platform.warehouse.query<{ n: number }>(`SELECT count(*) AS n FROM raw.reported_values WHERE form_code = ? AND element_code = 'MRQ-01:numerator'`, [DEMO_FORM_CODE]);
    expect(Number(rows[0]!.n)).toBeGreaterThan(50);
    const cityadmin = await loginAs(t.server, 'cityadmin', DEMO_PASSWORD);
    const tasks = (await cityadmin.get('/api/reporting/tasks?pageSize=200&hospital=LZ-H01')).json().items.filter((i: { form: { code: string } }) => i.form.code === DEMO_FORM_CODE);
    const statuses = new Set(tasks.map((i: { status: string }) => i.status));
    expect([...statuses]).toEqual(expect.arrayContaining(['approved', 'returned', 'pending']));
    const all = (await cityadmin.get('/api/reporting/tasks?pageSize=200&overdue=true')).json();
    expect(all.total).toBeGreaterThan(0);
    // the demo liaison sees the returned task with the center's comment
    const returned = tasks.find((i: { status: string }) => i.status === 'returned');
    const detail = (await liaison.get(`/api/reporting/tasks/${returned.id}`)).json();
    expect(detail.history[0].reviewComment).toContain('请核对');
    expect(detail.can.fill).toBe(true);
  });

  it('keeps hospitals apart by Row-Level Security alone', async () => {
    const knex = t.platform.db.knex;
    const task = (await taskOf(liaison, 'LZ-H01'))!;
    setAppScopeEnforcement(false);
    try {
      expect((await liaison2.get(`/api/reporting/tasks/${task.id}`)).statusCode).toBe(404);
      expect((await liaison2.send('PUT', `/api/reporting/tasks/${task.id}/draft`, { values: { deaths: 1 } })).statusCode).toBe(404);
      const list = (await liaison2.get('/api/reporting/tasks?pageSize=200')).json();
      expect(list.items.length).toBeGreaterThan(0);
      expect(list.items.every((i: { hospital: { code: string } }) => i.hospital.code === 'LZ-H02')).toBe(true);
    } finally {
      setAppScopeEnforcement(true);
    }
    await knex.transaction(async (trx) => {
      await enterScope(trx, { kind: 'orgs', orgIds: [orgs['LZ-H02']!] }, 999);
      expect(await trx('report_tasks').where('hospital_id', orgs['LZ-H01'])).toEqual([]);
      expect(await trx('report_submissions').where('task_id', task.id)).toEqual([]);
      expect(await trx('notifications')).toEqual([]);
      await trx('report_submissions').where('task_id', task.id).update({ values: '{}' });
      await expect(trx.raw(`INSERT INTO report_submissions (task_id, version, values, status) VALUES (?, 99, '{}', 'submitted')`, [task.id])).rejects.toThrow(/row-level security/);
    });
    await knex.transaction(async (trx) => {
      // a hospital cannot change a center's form, nor put itself on one
      await enterScope(trx, { kind: 'orgs', orgIds: [orgs['LZ-H02']!] }, 999);
      await trx('report_forms').where('id', formId).update({ name: '被篡改' });
      await expect(trx.raw('INSERT INTO report_form_hospitals (form_id, hospital_id) VALUES (?, ?)', [formId, orgs['LZ-H02']])).rejects.toThrow();
    });
    expect((await knex('report_forms').where('id', formId).first()).name).toBe('死亡病例月报');
    expect((await knex('report_submissions').where('task_id', task.id).orderBy('version')).map((r: { values: unknown }) => r.values)).toEqual([
      { deaths: 12, discharges: 100, remark_count: null },
      { deaths: 11, discharges: 100, remark_count: 2 },
    ]);
  });

  it('answers 403 exactly to the roles without a reporting route\'s permission, and never 500', async () => {
    const users: Record<string, Client> = {
      sysadmin: admin, city_admin: await loginAs(t.server, 'cityadmin', DEMO_PASSWORD), center_director: director,
      center_member: await loginAs(t.server, 'member01', DEMO_PASSWORD), hospital_liaison: liaison, expert: await loginAs(t.server, 'expert01', DEMO_PASSWORD),
    };
    const routes = t.server.table().filter((r) => /^\/api\/(reporting|notifications)/.test(r.path));
    expect(routes.length).toBe(16);
    for (const route of routes) {
      const needed = ([] as string[]).concat((route.settings.plugins as { qc?: { permission?: string | string[] } })?.qc?.permission ?? []);
      for (const [role, client] of Object.entries(users)) {
        const granted = ROLES.find((r) => r.code === role)!.permissions as readonly string[];
        const expected = needed.length === 0 || needed.some((p) => granted.includes(p));
        for (const id of ['1', '999999']) {
          const url = route.path.replace('{id}', id);
          const res = await client.send(route.method.toUpperCase(), url, route.method === 'get' ? undefined : {});
          expect(res.statusCode, `${role} ${route.method} ${url}: ${res.payload.slice(0, 100)}`).toBeLessThan(500);
          expect(res.statusCode === 403, `${role} ${route.method} ${url}: ${res.statusCode}`).toBe(!expected);
        }
      }
    }
  });
});
