import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { APP_ICONS } from '../../../core/icons';
import { REPORTING_ICONS } from '../reporting.routes';
import { ReportField, ReportSubmission, ReportTask } from '../data-access/reporting-models';
import { ReviewPage } from './review-page';
import { verifyRequestsAfterEach } from '../../../testing/http';

const STAY: ReportField = {
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
const VISITS: ReportField = { ...STAY, code: 'visits', label: '急诊人次', unit: '人次', type: 'integer', indicatorCode: null, indicatorVariable: null, sort: 2 };

const version = (n: number, status: ReportSubmission['status'], values: ReportSubmission['values']): ReportSubmission => ({
  version: n,
  status,
  values,
  submittedBy: '联络员',
  submittedAt: '2026-10-03T02:00:00Z',
  reviewedBy: status === 'returned' ? '主任' : null,
  reviewedAt: status === 'returned' ? '2026-10-04T02:00:00Z' : null,
  reviewComment: status === 'returned' ? '第2例滞留时间有误' : null,
});

function buildTask(): ReportTask {
  return {
    id: 9,
    form: { id: 3, code: 'EM-M', name: '急诊质控月报' },
    hospital: { id: 10, code: 'LZ-H01', name: '柳州市工人医院' },
    periodLabel: '2026-09',
    dueDate: '2026-10-10',
    status: 'submitted',
    overdue: false,
    daysLeft: 2,
    submittedAt: '2026-10-05T02:00:00Z',
    approvedAt: null,
    fields: [STAY, VISITS],
    rules: [],
    values: { durations: [2, 3, 9], visits: 900 },
    history: [
      version(1, 'returned', { durations: [2, 30, 9], visits: 900 }),
      version(2, 'submitted', { durations: [2, 3, 9], visits: 900 }),
    ],
    can: { fill: false, submit: false, review: true },
  };
}

describe('ReviewPage', () => {
  let backend: HttpTestingController;

  async function render(task: ReportTask): Promise<ComponentFixture<ReviewPage>> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideNzIcons([...APP_ICONS, ...REPORTING_ICONS]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(ReviewPage);
    fixture.componentRef.setInput('id', String(task.id));
    await fixture.whenStable();
    backend.expectOne(`/api/reporting/tasks/${task.id}`).flush(task);
    await fixture.whenStable();
    return fixture;
  }

  verifyRequestsAfterEach(() => backend);

  it('shows a list of cases as its summary beside the returned version’s, marks it changed and opens the cases', async () => {
    const f = await render(buildTask());
    const row = (f.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid=review-values] tr[data-field="durations"]')!;
    expect(row.querySelector('.current')!.textContent).toContain('3 例（中位数 3 小时，最小 2，最大 9）');
    expect(row.querySelector('.previous')!.textContent).toContain('3 例（中位数 9 小时，最小 2，最大 30）');
    expect(row.textContent).toContain('已修改');
    const visits = (f.nativeElement as HTMLElement).querySelector<HTMLElement>('tr[data-field="visits"]')!;
    expect(visits.textContent).not.toContain('已修改');

    row.querySelector<HTMLButtonElement>('.current [data-testid=cases-open]')!.click();
    await f.whenStable();
    const list = document.querySelector('[data-testid=cases-list]')!;
    expect([...list.querySelectorAll('li')].map((li) => li.textContent?.trim())).toEqual(['2', '3', '9']);
  });
});
