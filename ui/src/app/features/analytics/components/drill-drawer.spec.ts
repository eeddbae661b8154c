import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';
import { AuthService } from '../../../core/auth/auth.service';
import { APP_ICONS } from '../../../core/icons';
import { DrillRecord, ReportedRecord } from '../data-access/analytics-models';
import { ANALYTICS_ICONS } from '../analytics.routes';
import { DrillDrawer, hasOperations } from './drill-drawer';
import { DrillTarget } from './drill-target';

const LINKS = {
  numerator: '/api/analytics/drill?indicator=HQ-02&org=LZ-H01&period=2026-03&grain=month&part=numerator',
  denominator: '/api/analytics/drill?indicator=HQ-02&org=LZ-H01&period=2026-03&grain=month&part=denominator',
};

const record = (over: Partial<DrillRecord> = {}): DrillRecord => ({
  recordKey: 'k1',
  orgCode: 'LZ-H01',
  recordNo: 'B0001',
  admissionSeq: 2,
  dischargeTime: '2026-03-08T02:00:00.000Z',
  dischargeDept: '心内科',
  mainDiagCode: 'I21.9',
  mainDiagName: '急性心肌梗死',
  losDays: 7,
  dischargeMethod: '5',
  ...over,
});

describe('DrillDrawer', () => {
  let backend: HttpTestingController;

  async function render(target: DrillTarget, permissions = ['analytics:read', 'analytics:drill', 'report:review']): Promise<ComponentFixture<DrillDrawer>> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: AuthService, useValue: { can: (p: string) => permissions.includes(p) } },
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideNzIcons([...APP_ICONS, ...ANALYTICS_ICONS]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(DrillDrawer);
    fixture.componentRef.setInput('target', target);
    await fixture.whenStable();
    return fixture;
  }

  afterEach(() => {
    try {
      backend.verify();
    } finally {
      TestBed.resetTestingModule();
      vi.restoreAllMocks();
    }
  });

  // nz-drawer renders into the overlay container, outside the fixture.
  const drawerText = () => document.querySelector('[data-testid=drill-drawer]')?.textContent ?? '';

  it('lists the records behind the numerator with the discharge columns', async () => {
    const fixture = await render({ title: '住院患者住院死亡率 · 柳州市工人医院 · 2026-03 · 分子', links: LINKS, part: 'numerator' });
    const req = backend.expectOne(`${LINKS.numerator}&page=1&pageSize=20`);
    req.flush({ total: 1, items: [record()] });
    await fixture.whenStable();
    const text = drawerText();
    expect(text).toContain('住院患者住院死亡率 · 柳州市工人医院 · 2026-03 · 分子');
    for (const header of ['病案号', '住院次数', '出院时间', '出院科室', '主要诊断', '住院天数', '离院方式']) {
      expect(text).toContain(header);
    }
    expect(text).toContain('B0001');
    expect(text).toContain('I21.9');
    expect(text).toContain('5 死亡');
    expect(text).toContain('共 1 条分子记录');
    // discharges only: no operation columns
    expect(text).not.toContain('手术名称');
  });

  it('adds the operation columns when the records are operations', async () => {
    const fixture = await render({ title: 'PERF-05', links: LINKS, part: 'numerator' });
    backend
      .expectOne(`${LINKS.numerator}&page=1&pageSize=20`)
      .flush({ total: 1, items: [record({ opCode: '36.1000', opName: '冠状动脉搭桥术', opLevel: 4 })] });
    await fixture.whenStable();
    expect(drawerText()).toContain('手术名称');
    expect(drawerText()).toContain('冠状动脉搭桥术');
    expect(hasOperations([record()])).toBe(false);
  });

  it('switches to the denominator’s records', async () => {
    const fixture = await render({ title: 'HQ-02', links: LINKS, part: 'numerator' });
    backend.expectOne(`${LINKS.numerator}&page=1&pageSize=20`).flush({ total: 0, items: [] });
    await fixture.whenStable();
    const denominator = [...document.querySelectorAll<HTMLElement>('label[nz-radio-button]')].find((l) =>
      l.textContent?.includes('分母记录'),
    )!;
    denominator.click();
    await fixture.whenStable();
    backend.expectOne(`${LINKS.denominator}&page=1&pageSize=20`).flush({ total: 2, items: [record(), record({ recordKey: 'k2', recordNo: 'B0002', dischargeMethod: '1' })] });
    await fixture.whenStable();
    expect(drawerText()).toContain('共 2 条分母记录');
    expect(drawerText()).toContain('B0002');
  });

  it('shows the server’s refusal in the drawer when the records are out of scope', async () => {
    const fixture = await render({ title: 'HQ-02', links: LINKS, part: 'numerator' });
    backend
      .expectOne(`${LINKS.numerator}&page=1&pageSize=20`)
      .flush({ code: 'FORBIDDEN', message: '无权查看柳州市人民医院的病案记录' }, { status: 403, statusText: 'Forbidden' });
    await fixture.whenStable();
    const alert = document.querySelector('[data-testid=drill-error]');
    expect(alert?.textContent).toContain('无权查看柳州市人民医院的病案记录');
    expect(document.querySelector('[data-testid=drill-table]')).toBeNull();
  });

  describe('a reported indicator', () => {
    const REPORTED = {
      numerator: '/api/analytics/drill?indicator=MRQ-01&org=LZ-QC02&period=2026Q1&grain=quarter&part=numerator',
      denominator: '/api/analytics/drill?indicator=MRQ-01&org=LZ-QC02&period=2026Q1&grain=quarter&part=denominator',
    };
    const value = (over: Partial<ReportedRecord> = {}): ReportedRecord => ({
      orgCode: 'LZ-H01',
      hospitalName: '柳州市工人医院',
      period: '2026-02',
      periodGrain: 'month',
      elementCode: 'MRQ-01:numerator',
      value: 45,
      formCode: 'BA-MONTHLY',
      submissionId: 301,
      taskId: 12,
      taskLink: '/reporting/review/12',
      approvedAt: '2026-03-05T09:30:00.000',
      ...over,
    });
    const reportedAnswer = (items: ReportedRecord[]) => ({ kind: 'reported', total: items.length, page: 1, pageSize: 20, items });

    it('lists the approved values with hospital, period, element, value, form, approval time and a link to the review', async () => {
      const fixture = await render({ title: '病案首页填写完整率 · 2026Q1 · 分子', links: REPORTED, part: 'numerator', kind: 'reported' });
      backend
        .expectOne(`${REPORTED.numerator}&page=1&pageSize=20`)
        .flush(reportedAnswer([value(), value({ orgCode: 'LZ-H02', hospitalName: '柳州市人民医院', value: null, submissionId: 302, taskId: 13, taskLink: '/reporting/review/13' })]));
      await fixture.whenStable();
      const text = drawerText();
      for (const header of ['医疗机构', '期间', '数据元', '值', '表单', '审核通过时间', '上报任务']) expect(text).toContain(header);
      // no discharge columns for reported values
      expect(text).not.toContain('病案号');
      expect(document.querySelector('.ant-drawer-title')?.textContent).toContain('上报明细');
      const rows = [...document.querySelectorAll<HTMLTableRowElement>('[data-testid=drill-table] tbody tr[data-submission-id]')];
      expect(rows.map((r) => r.getAttribute('data-submission-id'))).toEqual(['301', '302']);
      expect(rows[0].textContent).toContain('柳州市工人医院');
      expect(rows[0].textContent).toContain('2026年2月');
      expect(rows[0].textContent).toContain('MRQ-01:numerator');
      expect(rows[0].textContent).toContain('45');
      expect(rows[0].textContent).toContain('BA-MONTHLY');
      expect(rows[0].textContent).toContain('2026-03-05 09:30');
      // an empty field is said to be unfilled, not shown as 0
      expect(rows[1].textContent).toContain('未填');
      const links = [...document.querySelectorAll<HTMLAnchorElement>('[data-testid=drill-task-link]')];
      expect(links.map((a) => a.getAttribute('href'))).toEqual(['/reporting/review/12', '/reporting/review/13']);
      expect(text).toContain('共 2 条分子上报值');
    });

    it('takes its columns from the answer even when the page did not know the kind', async () => {
      const fixture = await render({ title: 'X', links: REPORTED, part: 'denominator' }, ['analytics:drill', 'report:fill']);
      backend.expectOne(`${REPORTED.denominator}&page=1&pageSize=20`).flush(reportedAnswer([value({ taskId: null, taskLink: null })]));
      await fixture.whenStable();
      expect(drawerText()).toContain('数据元');
      expect(drawerText()).not.toContain('病案号');
      // the task is hidden from this user: no link
      expect(document.querySelector('[data-testid=drill-task-link]')).toBeNull();
    });

    it('links to the page the server says this user may open, and to none when it says none', async () => {
      const fixture = await render({ title: 'X', links: REPORTED, part: 'numerator', kind: 'reported' }, ['analytics:drill', 'report:review']);
      backend
        .expectOne(`${REPORTED.numerator}&page=1&pageSize=20`)
        .flush(reportedAnswer([value({ taskLink: '/reporting/tasks/12' }), value({ submissionId: 303, taskId: 14, taskLink: null })]));
      await fixture.whenStable();
      // a reviewer permission does not turn a task of another center's form into a review link
      const links = [...document.querySelectorAll<HTMLAnchorElement>('[data-testid=drill-task-link]')];
      expect(links.map((a) => a.getAttribute('href'))).toEqual(['/reporting/tasks/12']);
    });

    it('exports every approved value of the part to Excel with the reported columns', async () => {
      const blobs: Blob[] = [];
      URL.createObjectURL = vi.fn((b: Blob) => {
        blobs.push(b);
        return 'blob:test';
      });
      URL.revokeObjectURL = vi.fn();
      vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
      const fixture = await render({ title: 'MRQ-01 · 2026Q1', links: REPORTED, part: 'numerator', kind: 'reported' });
      backend.expectOne(`${REPORTED.numerator}&page=1&pageSize=20`).flush({ ...reportedAnswer([value()]), total: 2 });
      await fixture.whenStable();
      document.querySelector<HTMLButtonElement>('[data-testid=drill-export]')!.click();
      // the export reads all pages, 200 at a time
      await vi.waitFor(() => backend.expectOne(`${REPORTED.numerator}&page=1&pageSize=200`).flush(reportedAnswer([value(), value({ orgCode: 'LZ-H02', hospitalName: '柳州市人民医院', value: 9 })])));
      await vi.waitFor(() => expect(blobs).toHaveLength(1));
      const { Workbook } = await import('exceljs').then((m) => (m as unknown as { default?: typeof import('exceljs') }).default ?? m);
      const book = new Workbook();
      await book.xlsx.load(await blobs[0].arrayBuffer());
      const sheet = book.worksheets[0];
      expect(sheet.name).toBe('分子上报值');
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['机构代码', '医疗机构', '期间', '数据元', '值', '表单', '审核通过时间', '上报任务编号']);
      expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(['LZ-H02', '柳州市人民医院', '2026年2月', 'MRQ-01:numerator', 9, 'BA-MONTHLY', '2026-03-05 09:30', 12]);
    });
  });
});
