import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { APP_ICONS } from '../../../core/icons';
import { REPORTING_ICONS } from '../reporting.routes';
import { FormDesignerPage } from './form-designer-page';
import { verifyRequestsAfterEach } from '../../../testing/http';

describe('FormDesignerPage', () => {
  let backend: HttpTestingController;

  async function render(): Promise<ComponentFixture<FormDesignerPage>> {
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
    const fixture = TestBed.createComponent(FormDesignerPage);
    await fixture.whenStable();
    backend.expectOne((r) => r.url === '/api/orgs').flush({ items: [], total: 0 });
    // the indicator search waits for typing to pause
    await new Promise((r) => setTimeout(r, 300));
    backend.expectOne((r) => r.url === '/api/indicators').flush({ items: [], total: 0, specialties: [] });
    await fixture.whenStable();
    return fixture;
  }

  verifyRequestsAfterEach(() => backend);

  it('offers 逐例数值 as a field type, says what it is for, and how rules may use it', async () => {
    const f = await render();
    const card = (f.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-field-index="0"]')!;
    const code = card.querySelector<HTMLInputElement>('input[aria-label="字段1代码"]')!;
    code.value = 'durations';
    code.dispatchEvent(new Event('input'));
    const typeSelect = card.querySelector<HTMLElement>('nz-select[aria-label="字段1类型"]')!;
    typeSelect.querySelector<HTMLElement>('.ant-select-selector')!.click();
    await f.whenStable();
    const options = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')];
    expect(options.map((o) => o.textContent?.trim())).toEqual(['整数', '数值', '逐例数值']);
    options[2].click();
    await f.whenStable();
    expect(card.textContent).toContain('每例一个数值，如每位患者的抢救室滞留时间；用于中位数、百分位数类指标');
    expect(card.textContent).toContain('每例最大值');
    expect(card.textContent).toContain('必填（至少 1 例）');
    expect((f.nativeElement as HTMLElement).textContent).toContain('MEDIAN(durations) <= 24');
  });
});
