import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { APP_ICONS } from '../../../core/icons';
import { REPORTING_ICONS } from '../reporting.routes';
import { ReportField, ReportTask } from '../data-access/reporting-models';
import { FillPage } from './fill-page';
import { verifyRequestsAfterEach } from '../../../testing/http';

const field = (code: string, label: string, sort: number): ReportField => ({
  code,
  label,
  unit: '例',
  type: 'integer',
  required: true,
  min: 0,
  max: null,
  indicatorCode: 'LZ-01',
  indicatorVariable: code,
  sort,
});

function buildTask(overrides: Partial<ReportTask> = {}): ReportTask {
  return {
    id: 5,
    form: { id: 2, code: 'LZ-F', name: '感染监测月报' },
    hospital: { id: 10, code: 'LZ-H01', name: '柳州市工人医院' },
    periodLabel: '2026-10',
    dueDate: '2026-11-10',
    status: 'pending',
    overdue: false,
    daysLeft: 2,
    submittedAt: null,
    approvedAt: null,
    fields: [field('numerator', '感染例数', 1), field('denominator', '出院人数', 2)],
    rules: [{ expression: 'numerator <= denominator', message: '“感染例数”不能大于“出院人数”' }],
    values: {},
    history: [],
    ...overrides,
  };
}

describe('FillPage', () => {
  let backend: HttpTestingController;

  async function render(task: ReportTask): Promise<ComponentFixture<FillPage>> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNzIcons([...APP_ICONS, ...REPORTING_ICONS]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(FillPage);
    fixture.componentRef.setInput('id', String(task.id));
    await fixture.whenStable();
    backend.expectOne('/api/reporting/tasks/5').flush(task);
    await fixture.whenStable();
    return fixture;
  }

  /** Lets the validation debounce (400 ms) pass, then renders. */
  async function pause(f: ComponentFixture<FillPage>) {
    await new Promise((r) => setTimeout(r, 450));
    await f.whenStable();
  }

  verifyRequestsAfterEach(() => backend);

  const el = (f: ComponentFixture<FillPage>) => f.nativeElement as HTMLElement;
  const item = (f: ComponentFixture<FillPage>, code: string) =>
    el(f).querySelector<HTMLElement>(`nz-form-item[data-field="${code}"]`)!;

  function type(f: ComponentFixture<FillPage>, code: string, text: string) {
    const input = el(f).querySelector<HTMLInputElement>(`[data-testid="field-${code}"]`)!;
    input.value = text;
    input.dispatchEvent(new Event('input'));
  }

  it('shows one box per field with its label and unit, and the deadline warning', async () => {
    const f = await render(buildTask());
    await pause(f);
    backend.match('/api/reporting/tasks/5/validate').forEach((r) => r.flush({ ok: true, errors: [] }));
    expect(item(f, 'numerator').textContent).toContain('感染例数');
    expect(item(f, 'numerator').textContent).toContain('例');
    expect(el(f).textContent).toContain('2 天后到期');
  });

  it('validates while typing and puts the message under the field it names, before any submit', async () => {
    const f = await render(buildTask());
    type(f, 'numerator', '12');
    type(f, 'denominator', '10');
    await pause(f);
    const validate = backend.match('/api/reporting/tasks/5/validate');
    const last = validate.at(-1)!;
    expect(last.request.body).toEqual({ values: { numerator: 12, denominator: 10 } });
    validate.slice(0, -1).forEach((r) => r.flush({ ok: true, errors: [] }));
    last.flush({ ok: false, errors: [{ field: 'numerator', label: '感染例数', message: '“感染例数”不能大于“出院人数”' }] });
    await f.whenStable();
    expect(item(f, 'numerator').textContent).toContain('“感染例数”不能大于“出院人数”');
    expect(item(f, 'denominator').textContent).not.toContain('不能大于');
    expect(el(f).querySelector('[data-testid=validation-status]')!.textContent).toContain('1 处需要修改');
    backend.expectNone('/api/reporting/tasks/5/submit');
  });

  it('shows a refused submit under the field and keeps the task open', async () => {
    const f = await render(buildTask({ values: { numerator: 12, denominator: 10 } }));
    await pause(f);
    backend.match('/api/reporting/tasks/5/validate').forEach((r) => r.flush({ ok: true, errors: [] }));
    (el(f).querySelector('[data-testid=fill-submit]') as HTMLButtonElement).click();
    await f.whenStable();
    backend.expectOne('/api/reporting/tasks/5/submit').flush(
      {
        code: 'VALIDATION_FAILED',
        message: '数据未通过校验',
        details: { errors: [{ field: 'numerator', label: '感染例数', message: '“感染例数”不能大于“出院人数”' }] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await f.whenStable();
    expect(el(f).querySelector('[data-testid=submit-error]')!.textContent).toContain('提交未通过校验');
    expect(item(f, 'numerator').textContent).toContain('“感染例数”不能大于“出院人数”');
    backend.expectNone('/api/reporting/tasks/5');
  });

  it('shows the reviewer’s return comment prominently and offers 重新提交', async () => {
    const f = await render(
      buildTask({
        status: 'returned',
        values: { numerator: 3, denominator: 10 },
        history: [
          {
            version: 1,
            status: 'returned',
            values: { numerator: 3, denominator: 10 },
            submittedBy: '联络员',
            submittedAt: '2026-11-01T02:00:00Z',
            reviewedBy: '主任',
            reviewedAt: '2026-11-02T02:00:00Z',
            reviewComment: '感染例数与院感系统不符，请核对',
          },
        ],
      }),
    );
    await pause(f);
    backend.match('/api/reporting/tasks/5/validate').forEach((r) => r.flush({ ok: true, errors: [] }));
    expect(el(f).querySelector('[data-testid=return-comment]')!.textContent).toContain('感染例数与院感系统不符，请核对');
    expect(el(f).querySelector('[data-testid=fill-submit]')!.textContent).toContain('重新提交');
    expect(el(f).querySelector('[data-testid=submission-history]')!.textContent).toContain('v1');
  });

  it('locks the boxes once submitted', async () => {
    const f = await render(buildTask({ status: 'submitted', values: { numerator: 3, denominator: 10 } }));
    await pause(f);
    backend.expectNone('/api/reporting/tasks/5/validate');
    expect(el(f).querySelector<HTMLInputElement>('[data-testid=field-numerator]')!.disabled).toBe(true);
    expect(el(f).querySelector('[data-testid=fill-submit]')).toBeNull();
  });

  describe('a 逐例数值 field', () => {
    const stay: ReportField = {
      code: 'durations',
      label: '抢救室滞留时间',
      unit: '小时',
      type: 'cases',
      required: true,
      min: 0,
      max: 72,
      indicatorCode: 'EM-03',
      indicatorVariable: 'durations',
      sort: 1,
    };
    const casesTask = (overrides: Partial<ReportTask> = {}) =>
      buildTask({ fields: [stay, field('visits', '急诊人次', 2)], rules: [], ...overrides });
    const summary = (f: ComponentFixture<FillPage>) =>
      el(f).querySelector('[data-testid="cases-summary-durations"]')!.textContent!.replace(/\s+/g, ' ');

    it('is a text box taking a pasted column, summed up as typed and sent as the list of cases', async () => {
      const f = await render(casesTask());
      const box = el(f).querySelector('[data-testid="field-durations"]')!;
      expect(box.tagName).toBe('TEXTAREA');
      expect(item(f, 'durations').textContent).toContain('可从 Excel 整列粘贴');
      type(f, 'durations', '3.5\r\n12\r\n0.8\r\n6，2\r\n');
      type(f, 'visits', '900');
      await f.whenStable();
      expect(summary(f)).toContain('共 5 例');
      expect(summary(f)).toContain('中位数 3.5 小时');
      expect(summary(f)).toContain('最小 0.8 / 最大 12');
      await pause(f);
      const validate = backend.match('/api/reporting/tasks/5/validate');
      expect(validate.at(-1)!.request.body).toEqual({ values: { durations: ['3.5', '12', '0.8', '6', '2'], visits: 900 } });
      validate.slice(0, -1).forEach((r) => r.flush({ ok: true, errors: [] }));
      validate.at(-1)!.flush({
        ok: false,
        errors: [{ field: 'durations', label: '抢救室滞留时间', message: '“抢救室滞留时间”第2例：不能大于 72小时', kind: 'range' }],
      });
      await f.whenStable();
      expect(item(f, 'durations').textContent).toContain('“抢救室滞留时间”第2例：不能大于 72小时');

      (el(f).querySelector('[data-testid=fill-submit]') as HTMLButtonElement).click();
      await f.whenStable();
      const submit = backend.expectOne('/api/reporting/tasks/5/submit');
      expect(submit.request.body).toEqual({ values: { durations: ['3.5', '12', '0.8', '6', '2'], visits: 900 } });
      submit.flush(casesTask({ status: 'submitted', values: { durations: [3.5, 12, 0.8, 6, 2], visits: 900 } }));
      await f.whenStable();
      backend.expectOne('/api/reporting/tasks/5').flush(casesTask({ status: 'submitted', values: { durations: [3.5, 12, 0.8, 6, 2], visits: 900 } }));
    });

    it('flags a case that is not a number at once and does not send the values', async () => {
      const f = await render(casesTask({ values: { durations: [4, 7], visits: 900 } }));
      await pause(f);
      backend.match('/api/reporting/tasks/5/validate').forEach((r) => r.flush({ ok: true, errors: [] }));
      expect(summary(f)).toContain('共 2 例');
      type(f, 'durations', '4\n7\nabc');
      await pause(f);
      backend.expectNone('/api/reporting/tasks/5/validate');
      expect(item(f, 'durations').textContent).toContain('第3例“abc”不是数字');
      expect(summary(f)).toContain('共 3 例');
      expect(summary(f)).not.toContain('中位数');
      (el(f).querySelector('[data-testid=fill-submit]') as HTMLButtonElement).click();
      await f.whenStable();
      backend.expectNone('/api/reporting/tasks/5/submit');
      expect(el(f).querySelector('[data-testid=submit-error]')!.textContent).toContain('有内容不是数字');
      // fixed: once the values pass, the refused submit's alert goes
      type(f, 'durations', '4\n7');
      await pause(f);
      backend.expectOne('/api/reporting/tasks/5/validate').flush({ ok: true, errors: [] });
      await f.whenStable();
      expect(el(f).querySelector('[data-testid=submit-error]')).toBeNull();
    });

    it('shows a submitted version’s cases in the history as a summary', async () => {
      const f = await render(
        casesTask({
          status: 'submitted',
          values: { durations: [2, 9, 4], visits: 900 },
          history: [
            {
              version: 1,
              status: 'submitted',
              values: { durations: [2, 9, 4], visits: 900 },
              submittedBy: '联络员',
              submittedAt: '2026-11-01T02:00:00Z',
              reviewedBy: null,
              reviewedAt: null,
              reviewComment: null,
            },
          ],
        }),
      );
      (el(f).querySelector('[data-version="1"] td') as HTMLElement).click();
      await f.whenStable();
      expect(el(f).querySelector('[data-testid=submission-history]')!.textContent).toContain('3 例（中位数 4 小时，最小 2，最大 9）');
    });
  });
});
