import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { APP_ICONS } from '../../../core/icons';
import { DrillRecord } from '../data/analytics-models';
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

  async function render(target: DrillTarget): Promise<ComponentFixture<DrillDrawer>> {
    TestBed.configureTestingModule({
      providers: [
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
});
