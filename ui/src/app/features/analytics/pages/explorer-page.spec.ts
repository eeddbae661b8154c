import { registerLocaleData } from '@angular/common';
import { provideHttpClient } from '@angular/common/http';
import zh from '@angular/common/locales/zh';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, LOCALE_ID, computed, input, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { Router, provideRouter } from '@angular/router';
import { provideNzI18n, zh_CN } from 'ng-zorro-antd/i18n';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { Me } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { APP_ICONS } from '../../../core/icons';
import { buildMe } from '../../../testing/factories';
import { ANALYTICS_ICONS } from '../analytics.routes';
import { AnalyticsChart } from '../components/analytics-chart';
import { IndicatorSeries } from '../data-access/analytics-models';
import { ExplorerPage } from './explorer-page';
import { verifyRequestsAfterEach } from '../../../testing/http';

/** jsdom has no canvas: the chart is replaced by a stub that keeps its inputs for assertions. */
@Component({ selector: 'app-analytics-chart', template: '<div class="chart-stub">{{ label() }}</div>' })
class ChartStub {
  readonly options = input<unknown>();
  readonly height = input(0);
  readonly label = input('');
}

const CITY_ADMIN = buildMe({
  username: 'cityadmin',
  org: { id: 1, code: 'LZ-WJW', name: '柳州市卫生健康委员会', kind: 'commission' },
  roles: [{ code: 'city_admin', name: '市卫健委管理员' }],
  permissions: ['org:read', 'indicator:read', 'analytics:read', 'analytics:drill'],
});
const LIAISON = buildMe({
  org: { id: 10, code: 'LZ-H01', name: '柳州市工人医院', kind: 'hospital' },
  permissions: ['org:read', 'indicator:read', 'analytics:read', 'analytics:drill'],
});

const drill = (period: string) => ({
  numerator: `/api/analytics/drill?indicator=HQ-02&org=LZ-H01&period=${period}&grain=quarter&part=numerator`,
  denominator: `/api/analytics/drill?indicator=HQ-02&org=LZ-H01&period=${period}&grain=quarter&part=denominator`,
});

function seriesAnswer(): IndicatorSeries {
  return {
    indicator: { code: 'HQ-02', name: '住院患者住院死亡率', unit: '%', version: 1, direction: 'lower_better' },
    rows: [
      { org: 'LZ-H01', period: '2026Q1', numerator: 7, denominator: 1200, value: 0.5833, drill: drill('2026Q1') },
      { org: 'LZ-H01', period: '2026Q2', numerator: 19, denominator: 1100, value: 1.7273, drill: drill('2026Q2') },
    ],
    spc: {
      chart: 'p',
      center: 1.13,
      points: [
        { period: '2026Q1', value: 0.5833, ucl: 1.05, lcl: 0.2, signals: [] },
        { period: '2026Q2', value: 1.7273, ucl: 1.1, lcl: 0.18, signals: ['beyond_3sigma'] },
      ],
    },
    compare: [],
  };
}

registerLocaleData(zh);

describe('ExplorerPage', () => {
  let backend: HttpTestingController;
  let navigate: ReturnType<typeof vi.spyOn>;

  async function render(me: Me, params: Record<string, string>): Promise<ComponentFixture<ExplorerPage>> {
    const state = signal<Me | null>(me);
    const permissions = computed(() => state()?.permissions ?? []);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideNzIcons([...APP_ICONS, ...ANALYTICS_ICONS]),
        // as the app is configured: the month pickers format in Chinese
        provideNzI18n(zh_CN),
        { provide: LOCALE_ID, useValue: 'zh-CN' },
        { provide: AuthService, useValue: { me: state, permissions, can: (p: string) => permissions().includes(p) } },
      ],
    });
    TestBed.overrideComponent(ExplorerPage, { remove: { imports: [AnalyticsChart] }, add: { imports: [ChartStub] } });
    backend = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const fixture = TestBed.createComponent(ExplorerPage);
    for (const [key, value] of Object.entries(params)) fixture.componentRef.setInput(key, value);
    await fixture.whenStable();
    return fixture;
  }

  verifyRequestsAfterEach(() => backend);

  const text = (fixture: ComponentFixture<ExplorerPage>) => (fixture.nativeElement as HTMLElement).textContent ?? '';
  const flushIndicators = () =>
    backend.expectOne((r) => r.url === '/api/indicators').flush({
      items: [
        { code: 'HQ-02', name: '住院患者住院死亡率', specialty: '医院运行/病案首页', unit: '%', direction: 'lower_better', binding: 'discharge' },
      ],
      total: 1,
    });
  const flushOrgs = () => {
    for (const req of backend.match((r) => r.url === '/api/orgs')) {
      req.flush({
        items:
          req.request.params.get('kind') === 'hospital'
            ? [{ code: 'LZ-H01', name: '柳州市工人医院' }, { code: 'LZ-H02', name: '柳州市人民医院' }]
            : [{ code: 'QC-A', name: '麻醉质控中心' }],
        total: 2,
      });
    }
  };

  it('restores the view from the URL: indicator, org, grain and range go to the series and ranking', async () => {
    const fixture = await render(CITY_ADMIN, { indicator: 'HQ-02', org: 'LZ-H01', grain: 'quarter', from: '2026-01', to: '2026-06' });
    flushIndicators();
    flushOrgs();
    const series: TestRequest = backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/series');
    expect(series.request.params.toString()).toBe('org=LZ-H01&grain=quarter&from=2026-01&to=2026-06');
    // the ranking opens on the range's last period, over every hospital (a hospital is not a center)
    const ranking = backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/ranking');
    expect(ranking.request.params.toString()).toBe('period=2026Q2&grain=quarter');
    series.flush(seriesAnswer());
    ranking.flush({
      rows: [
        { rank: 1, org: 'LZ-H02', orgName: '柳州市人民医院', numerator: 5, denominator: 1000, value: 0.5, lastYear: 0.6, yoy: -0.1667, drill: drill('2026Q2') },
        { rank: 2, org: 'LZ-H01', orgName: '柳州市工人医院', numerator: 19, denominator: 1100, value: 1.7273, lastYear: null, yoy: null, drill: drill('2026Q2') },
      ],
    });
    await fixture.whenStable();
    // the URL was complete: nothing to rewrite
    expect(navigate).not.toHaveBeenCalled();
    const page = text(fixture);
    expect(page).toContain('住院患者住院死亡率');
    expect(page).toContain('p 控制图');
    expect(page).toContain('2026Q2 超出3σ控制限');
    expect(page).toContain('柳州市人民医院');
    const table = (fixture.nativeElement as HTMLElement).querySelector('[data-testid=data-table]')!.textContent!;
    expect(table).toContain('2026Q1');
    expect(table).toContain('1,200');
    expect(table).toContain('1.73%');

    // a numerator opens the drill drawer on that cell's records
    const numerator = (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('[data-testid=drill-numerator]')!;
    expect(numerator.textContent?.trim()).toBe('7');
    numerator.click();
    await fixture.whenStable();
    backend.expectOne(`${drill('2026Q1').numerator}&page=1&pageSize=20`).flush({ total: 0, items: [] });
    await fixture.whenStable();
    expect(document.querySelector('[data-testid=drill-title]')?.textContent).toContain('住院患者住院死亡率 · 柳州市工人医院 · 2026Q1 · 分子');
  });

  it('sizes the ranking chart by the hospitals that have a value, not by every hospital listed', async () => {
    const fixture = await render(CITY_ADMIN, { indicator: 'HQ-02', org: 'LZ-H01', grain: 'quarter', from: '2026-01', to: '2026-06' });
    flushIndicators();
    flushOrgs();
    backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/series').flush(seriesAnswer());
    const row = (org: string, value: number | null) => ({ rank: value === null ? null : 1, org, orgName: org, numerator: null, denominator: null, value, lastYear: null, yoy: null, drill: null });
    backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/ranking').flush({ rows: [row('LZ-H01', 1.2), ...Array.from({ length: 30 }, (_, i) => row(`H${i}`, null))] });
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    // one bar, not the room of 31
    const chart = fixture.debugElement.query((d) => d.nativeElement?.getAttribute?.('data-testid') === 'ranking-chart');
    expect((chart.componentInstance as ChartStub).height()).toBe(240);
    expect(el.textContent).not.toContain('该期间没有可排名的机构');
  });

  it('shows no ranking chart when no hospital has a value in the period', async () => {
    const fixture = await render(CITY_ADMIN, { indicator: 'HQ-02', org: 'LZ-H01', grain: 'quarter', from: '2026-01', to: '2026-06' });
    flushIndicators();
    flushOrgs();
    backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/series').flush(seriesAnswer());
    const empty = Array.from({ length: 31 }, (_, i) => ({ rank: null, org: `H${i}`, orgName: `H${i}`, numerator: null, denominator: null, value: null, lastYear: null, yoy: null, drill: null }));
    backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/ranking').flush({ rows: empty });
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid=ranking-chart]')).toBeNull();
    expect(el.textContent).toContain('该期间没有可排名的机构');
  });

  it('offers a hospital liaison only their hospital, without asking for the org lists, and puts it in the URL', async () => {
    const fixture = await render(LIAISON, { indicator: 'HQ-02' });
    flushIndicators();
    backend.expectNone((r) => r.url === '/api/orgs');
    const series = backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/series');
    expect(series.request.params.get('org')).toBe('LZ-H01');
    series.flush(seriesAnswer());
    backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/ranking').flush({ rows: [] });
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith([], {
      queryParams: expect.objectContaining({ indicator: 'HQ-02', org: 'LZ-H01', grain: 'month' }),
      replaceUrl: true,
    });
    const orgSelect = (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid=explorer-org]')!;
    orgSelect.querySelector<HTMLElement>('.ant-select-selector')!.click();
    await fixture.whenStable();
    const options = [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent?.trim());
    expect(options).toEqual(['柳州市工人医院']);
  });

  it('writes a changed grain into the URL with the rest of the state', async () => {
    const fixture = await render(CITY_ADMIN, { indicator: 'HQ-02', org: 'LZ-WJW', from: '2026-01', to: '2026-06' });
    flushIndicators();
    flushOrgs();
    backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/series').flush(seriesAnswer());
    backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/ranking').flush({ rows: [] });
    await fixture.whenStable();
    const year = [...(fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>('label[nz-radio-button]')].find(
      (l) => l.textContent?.includes('按年'),
    )!;
    year.click();
    await fixture.whenStable();
    expect(navigate).toHaveBeenLastCalledWith([], {
      queryParams: { indicator: 'HQ-02', org: 'LZ-WJW', grain: 'year', from: '2026-01', to: '2026-06' },
      replaceUrl: false,
    });
  });

  it('shows the server’s message when the org is out of the user’s scope', async () => {
    const fixture = await render(LIAISON, { indicator: 'HQ-02', org: 'LZ-H02' });
    flushIndicators();
    backend
      .expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/series')
      .flush({ code: 'FORBIDDEN', message: '无权查看柳州市人民医院的数据' }, { status: 403, statusText: 'Forbidden' });
    backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/ranking').flush({ rows: [] });
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid=explorer-error]')?.textContent).toContain(
      '无权查看柳州市人民医院的数据',
    );
  });

  it('labels the denominator 例数 for a median indicator and opens its cases from the value', async () => {
    const fixture = await render(CITY_ADMIN, { indicator: 'EM-03', org: 'LZ-H01', grain: 'month', from: '2026-09', to: '2026-09' });
    backend.expectOne((r) => r.url === '/api/indicators').flush({
      items: [
        { code: 'EM-03', name: '抢救室滞留时间中位数', specialty: '急诊', unit: '小时', direction: 'lower_better', binding: 'reported', kind: 'median' },
      ],
      total: 1,
    });
    flushOrgs();
    const cases = '/api/analytics/drill?indicator=EM-03&org=LZ-H01&period=2026-09&grain=month&part=denominator';
    backend.expectOne((r) => r.url === '/api/analytics/indicators/EM-03/series').flush({
      indicator: { code: 'EM-03', name: '抢救室滞留时间中位数', unit: '小时', version: 1, direction: 'lower_better', binding: 'reported' },
      rows: [{ org: 'LZ-H01', period: '2026-09', numerator: null, denominator: 5, value: 4.5, drill: { numerator: null, denominator: cases } }],
      spc: { chart: 'xmr', center: 4.5, points: [{ period: '2026-09', value: 4.5, ucl: null, lcl: null, signals: [] }] },
      compare: [],
    });
    backend.expectOne((r) => r.url === '/api/analytics/indicators/EM-03/ranking').flush({ rows: [] });
    await fixture.whenStable();
    const table = (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid=data-table]')!;
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
    expect(headers.slice(1, 3)).toEqual(['分子', '例数']);
    const cells = [...table.querySelectorAll<HTMLElement>('tbody tr.ant-table-row td')];
    expect(cells[1].textContent?.trim()).toBe('—');
    expect(cells[2].textContent?.trim()).toBe('5');
    // the value has no numerator behind it: it opens the cases it is the median of
    cells[3].querySelector<HTMLButtonElement>('button')!.click();
    await fixture.whenStable();
    backend.expectOne(`${cases}&page=1&pageSize=20`).flush({
      kind: 'reported',
      total: 5,
      page: 1,
      pageSize: 20,
      items: [2, 3, 4.5, 6, 9].map((value, i) => ({
        orgCode: 'LZ-H01',
        hospitalName: '柳州市工人医院',
        period: '2026-09',
        periodGrain: 'month',
        elementCode: 'EM-03:durations',
        value,
        formCode: 'EM-M',
        submissionId: 40 + i,
        taskId: 7,
        taskLink: '/reporting/review/7',
        approvedAt: '2026-10-05T09:30:00.000',
      })),
    });
    await fixture.whenStable();
    expect(document.querySelector('[data-testid=drill-drawer]')?.textContent).toContain('共 5 例');
  });
});
