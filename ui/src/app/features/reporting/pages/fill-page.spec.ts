import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { APP_ICONS } from '../../../core/icons';
import { REPORTING_ICONS } from '../reporting.routes';
import { ReportField, ReportTask } from '../data/reporting-models';
import { FillPage } from './fill-page';

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

  afterEach(() => {
    try {
      backend.verify();
    } finally {
      TestBed.resetTestingModule();
    }
  });

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
});
