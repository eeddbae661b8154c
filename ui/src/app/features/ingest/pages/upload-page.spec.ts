import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { Me } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { APP_ICONS } from '../../../core/icons';
import { buildMe, buildRun } from '../../../testing/factories';
import { INGEST_ICONS } from '../ingest.routes';
import { UploadPage } from './upload-page';
import { verifyRequestsAfterEach } from '../../../testing/http';

const LIAISON = buildMe({ permissions: ['ingest:upload', 'ingest:read'] });
const CENTER_MEMBER = buildMe({
  username: 'member',
  org: { id: 3, code: 'QC-BA', name: '柳州市病案质控中心', kind: 'qc_center' },
  roles: [{ code: 'center_member', name: '质控中心成员' }],
  permissions: ['org:read', 'ingest:upload', 'ingest:read'],
});

const isOrgList = (req: { url: string }) => req.url === '/api/orgs';

describe('UploadPage', () => {
  let backend: HttpTestingController;

  async function render(me: Me): Promise<ComponentFixture<UploadPage>> {
    const state = signal<Me | null>(me);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNzIcons([...APP_ICONS, ...INGEST_ICONS]),
        {
          provide: AuthService,
          useValue: { me: state, permissions: computed(() => state()?.permissions ?? []) },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(UploadPage);
    await fixture.whenStable();
    return fixture;
  }

  verifyRequestsAfterEach(() => backend);

  const q = (fixture: ComponentFixture<UploadPage>, selector: string) =>
    (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(selector);
  const orgSelect = (fixture: ComponentFixture<UploadPage>) => q(fixture, '[data-testid=upload-org]')!;
  const submit = (fixture: ComponentFixture<UploadPage>) =>
    q(fixture, '[data-testid=upload-submit]') as HTMLButtonElement;

  /** Picks a file through the real file input, as Playwright's setInputFiles does. */
  async function pick(fixture: ComponentFixture<UploadPage>, file: File) {
    const input = q(fixture, 'input[type=file][data-testid=upload-input]') as HTMLInputElement;
    expect(input).not.toBeNull();
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    await fixture.whenStable();
  }

  const csv = () => new File(['住院号,姓名\n1,张三\n'], '病案首页-2026年1月.csv', { type: 'text/csv' });

  it('locks the select to the hospital of a hospital user, without asking for the hospital list', async () => {
    const fixture = await render(LIAISON);
    backend.expectNone(isOrgList);
    expect(orgSelect(fixture).classList).toContain('ant-select-disabled');
    expect(orgSelect(fixture).textContent).toContain('柳州市工人医院');
    expect(fixture.nativeElement.textContent).toContain('只能上传本院的数据');
  });

  it('uploads for that hospital, then shows the outcome of the run', async () => {
    const fixture = await render(LIAISON);
    expect(submit(fixture).disabled).toBe(true);
    await pick(fixture, csv());
    expect(q(fixture, '[data-testid=upload-file]')!.textContent).toContain('病案首页-2026年1月.csv');
    expect(submit(fixture).disabled).toBe(false);

    submit(fixture).click();
    await fixture.whenStable();
    const upload = backend.expectOne('/api/ingest/uploads');
    const body = upload.request.body as FormData;
    expect(upload.request.method).toBe('POST');
    expect(upload.request.reportProgress).toBe(true);
    expect(body.get('org')).toBe('H001');
    expect(body.get('kind')).toBe('discharge_records');
    expect((body.get('file') as File).name).toBe('病案首页-2026年1月.csv');
    upload.flush({ runId: 'r-42' }, { status: 202, statusText: 'Accepted' });
    await fixture.whenStable();

    const poll: TestRequest = backend.expectOne('/api/ingest/runs/r-42');
    poll.flush(
      buildRun({
        runId: 'r-42',
        status: 'partial',
        rowsRead: 3,
        rowsLoaded: 1,
        rowsRejected: 2,
        rejects: [
          { row: 2, field: '出院日期', message: '出院日期早于入院日期' },
          { row: 3, field: '性别', message: '性别须为 男 或 女' },
        ],
      }),
    );
    await fixture.whenStable();
    expect(q(fixture, '[data-testid=run-status]')!.textContent).toContain('部分成功');
    expect(q(fixture, '[data-testid=run-counts]')!.textContent).toContain('读取 3、入库 1、拒收 2');
    const rows = q(fixture, '[data-testid=rejects-table]')!.querySelectorAll('tbody tr.ant-table-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('出院日期早于入院日期');
  });

  it('refuses a file that is not CSV or XLSX before sending anything', async () => {
    const fixture = await render(LIAISON);
    await pick(fixture, new File(['x'], '病案首页.xls'));
    expect(q(fixture, '[data-testid=upload-file]')).toBeNull();
    expect(submit(fixture).disabled).toBe(true);
    backend.expectNone('/api/ingest/uploads');
  });

  it('lets a center user choose among the hospitals of its scope', async () => {
    const fixture = await render(CENTER_MEMBER);
    const list = backend.expectOne(isOrgList);
    expect(list.request.params.get('kind')).toBe('hospital');
    expect(list.request.params.get('pageSize')).toBe('200');
    list.flush({
      items: [
        { id: 10, code: 'H001', name: '柳州市工人医院', kind: 'hospital' },
        { id: 11, code: 'H002', name: '柳州市人民医院', kind: 'hospital' },
      ],
      total: 2,
      page: 1,
      pageSize: 200,
    });
    await fixture.whenStable();
    expect(orgSelect(fixture).classList).not.toContain('ant-select-disabled');
    expect(orgSelect(fixture).textContent).not.toContain('柳州市工人医院');
    expect(fixture.nativeElement.textContent).not.toContain('只能上传本院的数据');

    await pick(fixture, csv());
    // No hospital chosen yet.
    expect(submit(fixture).disabled).toBe(true);
  });
});
