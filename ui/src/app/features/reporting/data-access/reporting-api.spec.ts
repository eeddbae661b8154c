import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { IndicatorsApi } from '../../indicators/data-access/indicators-api';
import { SILENT_ERRORS } from '../../../core/http/http-context';
import { ReportingApi } from './reporting-api';

describe('data services', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => backend.verify());

  it('asks for tasks with only the filters set, and keeps the page it asked for', async () => {
    const api = TestBed.inject(ReportingApi);
    const answer = firstValueFrom(api.tasks({ status: 'submitted', period: null, hospital: '', page: 2, pageSize: 20 }));
    const req = backend.expectOne((r) => r.url === '/api/reporting/tasks');
    expect(req.request.params.keys().sort()).toEqual(['page', 'pageSize', 'status']);
    req.flush({ items: [], total: 21 });
    expect(await answer).toEqual({ items: [], total: 21, page: 2, pageSize: 20 });
  });

  it('reads the form list bare or paged', async () => {
    const api = TestBed.inject(ReportingApi);
    const paged = firstValueFrom(api.forms());
    backend.expectOne((r) => r.url === '/api/reporting/forms').flush({ items: [{ id: 1 }], total: 1 });
    expect((await paged).map((f) => f.id)).toEqual([1]);
  });

  it('validates and submits silently (the page shows the messages under the fields)', () => {
    const api = TestBed.inject(ReportingApi);
    api.validate(5, { deaths: 1 }).subscribe();
    api.submit(5, { deaths: 1 }).subscribe();
    api.saveDraft(5, { deaths: 1 }).subscribe();
    const validate = backend.expectOne('/api/reporting/tasks/5/validate');
    const submit = backend.expectOne('/api/reporting/tasks/5/submit');
    const draft = backend.expectOne('/api/reporting/tasks/5/draft');
    expect(validate.request.body).toEqual({ values: { deaths: 1 } });
    expect(validate.request.context.get(SILENT_ERRORS)).toBe(true);
    expect(submit.request.context.get(SILENT_ERRORS)).toBe(true);
    // A failed draft save is not explained on the page, so the toast shows it.
    expect(draft.request.method).toBe('PUT');
    expect(draft.request.context.get(SILENT_ERRORS)).toBe(false);
    [validate, submit, draft].forEach((r) => r.flush({}));
  });

  it('sends a new indicator version without its code, and the formula check with the names declared', () => {
    const api = TestBed.inject(IndicatorsApi);
    api
      .createVersion('LZ-01', {
        code: 'LZ-01',
        name: '感染率',
        specialty: '院感',
        definition: '…',
        numerator: '',
        denominator: '',
        unit: '%',
        direction: 'lower_better',
        kind: 'rate',
        formula: 'a / b * 100',
        variables: { a: '', b: '' },
        changeNote: '',
      })
      .subscribe();
    const version = backend.expectOne('/api/indicators/LZ-01/versions');
    expect(version.request.body.code).toBeUndefined();
    expect(version.request.body.formula).toBe('a / b * 100');
    version.flush({});

    api.checkFormula('a / b', ['a', 'b', 'a'], '%', 'LZ-01').subscribe();
    const check = backend.expectOne('/api/indicators/check-formula');
    expect(check.request.body).toEqual({ formula: 'a / b', variables: ['a', 'b'], unit: '%', code: 'LZ-01' });
    check.flush({ ok: true, issues: [], references: { elements: [], indicators: [] }, unit: '%' });
  });
});
