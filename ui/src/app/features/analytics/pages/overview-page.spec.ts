import { registerLocaleData } from '@angular/common';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import zh from '@angular/common/locales/zh';
import { Component, LOCALE_ID, computed, input, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';
import { provideNzI18n, zh_CN } from 'ng-zorro-antd/i18n';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { Me } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { APP_ICONS } from '../../../core/icons';
import { buildMe } from '../../../testing/factories';
import { ANALYTICS_ICONS } from '../analytics.routes';
import { AnalyticsChart } from '../components/analytics-chart';
import { AnalyticsOverview } from '../data-access/analytics-models';
import { defaultYear } from '../data-access/explorer-state';
import { OverviewPage } from './overview-page';
import { verifyRequestsAfterEach } from '../../../testing/http';

@Component({ selector: 'app-analytics-chart', template: '<div class="chart-stub"></div>' })
class ChartStub {
  readonly options = input<unknown>();
  readonly height = input(0);
  readonly label = input('');
}

const CITY_ADMIN = buildMe({
  org: { id: 1, code: 'LZ-WJW', name: '柳州市卫生健康委员会', kind: 'commission' },
  permissions: ['analytics:read', 'analytics:drill'],
});

function answer(year: number): AnalyticsOverview {
  return {
    year,
    through: `${year}-10`,
    org: { code: 'LZ-WJW', name: '柳州市卫生健康委员会' },
    indicators: [
      { code: 'HQ-02', name: '住院患者住院死亡率', unit: '%', direction: 'lower_better', numerator: 65, denominator: 6663, value: 0.98, lastYear: 1.05, yoy: -0.0667 },
      { code: 'PERF-03', name: '出院患者手术占比▲', unit: '%', direction: 'higher_better', numerator: 1743, denominator: 6663, value: 26.16, lastYear: 27, yoy: -0.0311 },
    ],
    monthlyDischarges: [{ month: `${year}-01`, discharges: 680, lastYear: 650 }],
    completion: {
      totals: [{ kind: 'inspection', kindName: '督导检查', done: 26, due: 27, rate: 26 / 27, lastYear: { done: 1, due: 2, rate: 0.5 } }],
      total: { done: 536, due: 675, rate: 536 / 675, lastYear: { done: 423, due: 449, rate: 423 / 449 } },
    },
    monitor: { warning: 3, overdue: 77 },
  };
}

registerLocaleData(zh);

describe('OverviewPage', () => {
  let backend: HttpTestingController;

  async function render(me: Me): Promise<ComponentFixture<OverviewPage>> {
    const state = signal<Me | null>(me);
    const permissions = computed(() => state()?.permissions ?? []);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideNzIcons([...APP_ICONS, ...ANALYTICS_ICONS]),
        provideNzI18n(zh_CN),
        { provide: LOCALE_ID, useValue: 'zh-CN' },
        { provide: AuthService, useValue: { me: state, permissions, can: (p: string) => permissions().includes(p) } },
      ],
    });
    TestBed.overrideComponent(OverviewPage, { remove: { imports: [AnalyticsChart] }, add: { imports: [ChartStub] } });
    backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(OverviewPage);
    await fixture.whenStable();
    return fixture;
  }

  verifyRequestsAfterEach(() => backend);

  const el = (fixture: ComponentFixture<OverviewPage>) => fixture.nativeElement as HTMLElement;

  it('shows each key indicator with its change coloured by direction, and the counts linking to the monitor', async () => {
    const year = defaultYear();
    const fixture = await render(CITY_ADMIN);
    backend.expectOne(`/api/analytics/overview?year=${year}`).flush(answer(year));
    await fixture.whenStable();
    const hq02 = el(fixture).querySelector('.kpi[data-code="HQ-02"]')!;
    expect(hq02.textContent).toContain('0.98%');
    expect(hq02.textContent).toContain('去年 1.05%');
    // a falling mortality is good news (green), a falling surgery share is not (red)
    expect(hq02.querySelector('.change')!.getAttribute('data-tone')).toBe('good');
    expect(el(fixture).querySelector('.kpi[data-code="PERF-03"] .change')!.getAttribute('data-tone')).toBe('bad');
    expect(el(fixture).querySelector('[data-testid=completion-summary]')!.textContent).toContain('已完成 536 / 应完成 675');
    const overdue = el(fixture).querySelector<HTMLAnchorElement>('[data-testid=overdue-link]')!;
    expect(overdue.textContent).toContain('77');
    expect(overdue.getAttribute('href')).toBe('/analytics/monitor?level=overdue');
    // the card's name opens the explorer on that indicator for the city over the year
    const link = hq02.querySelector<HTMLAnchorElement>('.kpi-name a')!;
    expect(link.getAttribute('href')).toBe(`/analytics/explorer?indicator=HQ-02&org=LZ-WJW&grain=month&from=${year}-01&to=${year}-12`);
  });

  it('opens the records behind a card’s numerator for the year of the dashboard', async () => {
    const year = defaultYear();
    const fixture = await render(CITY_ADMIN);
    backend.expectOne(`/api/analytics/overview?year=${year}`).flush(answer(year));
    await fixture.whenStable();
    const numerator = [...el(fixture).querySelectorAll<HTMLButtonElement>('.kpi[data-code="HQ-02"] .kpi-parts button')][0];
    expect(numerator.textContent?.trim()).toBe('65');
    numerator.click();
    await fixture.whenStable();
    backend
      .expectOne(`/api/analytics/drill?indicator=HQ-02&org=LZ-WJW&period=${year}&grain=year&part=numerator&page=1&pageSize=20`)
      .flush({ total: 0, items: [] });
    await fixture.whenStable();
    expect(document.querySelector('[data-testid=drill-title]')?.textContent).toContain(`住院患者住院死亡率 · ${year}年 · 分子`);
  });

  it('follows the server’s drill links and adds up only the months that have discharges', async () => {
    const year = defaultYear();
    const fixture = await render(CITY_ADMIN);
    const links = {
      numerator: `/api/analytics/drill?indicator=HQ-02&org=LZ-QC03&period=${year}&grain=year&part=numerator`,
      denominator: `/api/analytics/drill?indicator=HQ-02&org=LZ-QC03&period=${year}&grain=year&part=denominator`,
    };
    const body = answer(year);
    body.indicators = [{ ...body.indicators[0], drill: links }, { ...body.indicators[1], drill: null }];
    body.monthlyDischarges = [
      { month: `${year}-01`, discharges: 680, lastYear: null },
      { month: `${year}-02`, discharges: null, lastYear: null },
    ];
    backend.expectOne(`/api/analytics/overview?year=${year}`).flush(body);
    await fixture.whenStable();
    expect(el(fixture).textContent).toContain('合计 680');
    // no link from the server: the number is plain text
    expect(el(fixture).querySelectorAll('.kpi[data-code="PERF-03"] button.drill-link')).toHaveLength(0);
    const denominator = [...el(fixture).querySelectorAll<HTMLButtonElement>('.kpi[data-code="HQ-02"] .kpi-parts button')][1];
    denominator.click();
    await fixture.whenStable();
    backend.expectOne(`${links.denominator}&page=1&pageSize=20`).flush({ kind: 'discharge', total: 0, items: [] });
  });

  it('shows the server’s message when the dashboard cannot be loaded', async () => {
    const fixture = await render(CITY_ADMIN);
    backend
      .expectOne(`/api/analytics/overview?year=${defaultYear()}`)
      .flush({ code: 'VALIDATION_FAILED', message: '年度 必须在 2000 至 2100 之间' }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(el(fixture).textContent).toContain('年度 必须在 2000 至 2100 之间');
  });
});
