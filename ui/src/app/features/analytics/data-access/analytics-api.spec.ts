import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { AnalyticsApi, drillRequestUrl } from './analytics-api';
import { verifyRequestsAfterEach } from '../../../testing/http';

describe('AnalyticsApi', () => {
  let api: AnalyticsApi;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(AnalyticsApi);
    backend = TestBed.inject(HttpTestingController);
  });

  verifyRequestsAfterEach(() => backend);

  it('asks for a series with the org, range and grain, leaving out what is empty', () => {
    api.series('HQ-02', { org: 'LZ-H01', from: '2026-01', to: '2026-06', grain: 'month' }).subscribe();
    const req = backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/series');
    expect(req.request.params.toString()).toBe('org=LZ-H01&from=2026-01&to=2026-06&grain=month');
    req.flush({ indicator: { code: 'HQ-02', name: '', unit: '%' }, rows: [], spc: null, compare: [] });

    api.ranking('HQ-02', { period: '2026Q1', grain: 'quarter', center: null }).subscribe();
    const ranking = backend.expectOne((r) => r.url === '/api/analytics/indicators/HQ-02/ranking');
    expect(ranking.request.params.toString()).toBe('period=2026Q1&grain=quarter');
    ranking.flush({ rows: [] });
  });

  it('pages through a drill link, keeping the server’s own filters', async () => {
    expect(
      drillRequestUrl('/api/analytics/drill?indicator=HQ-02&org=LZ-H01&period=2026-03&grain=month&part=numerator&page=1', 3, 50),
    ).toBe('/api/analytics/drill?indicator=HQ-02&org=LZ-H01&period=2026-03&grain=month&part=numerator&page=3&pageSize=50');
    // a link written relative to the API root still reaches it
    expect(drillRequestUrl('/analytics/drill?part=denominator', 1, 20)).toBe('/api/analytics/drill?part=denominator&page=1&pageSize=20');

    const answer = firstValueFrom(api.drill('/api/analytics/drill?indicator=HQ-02&part=numerator', 2, 20));
    const req = backend.expectOne('/api/analytics/drill?indicator=HQ-02&part=numerator&page=2&pageSize=20');
    req.flush({ total: 1, items: [{ recordKey: 'k', recordNo: 'B001' }] });
    expect((await answer).total).toBe(1);
  });

  it('reads the whole indicator library page by page', async () => {
    const all = firstValueFrom(api.indicators());
    const item = (n: number) => ({ code: `X-${n}`, name: `指标${n}`, specialty: '病案管理', unit: '%', direction: 'higher_better', binding: 'reported' });
    const first = backend.expectOne((r) => r.url === '/api/indicators' && r.params.get('page') === '1');
    expect(first.request.params.get('pageSize')).toBe('200');
    first.flush({ items: Array.from({ length: 200 }, (_, i) => item(i)), total: 261, specialties: [] });
    const second = backend.expectOne((r) => r.url === '/api/indicators' && r.params.get('page') === '2');
    second.flush({ items: Array.from({ length: 61 }, (_, i) => item(200 + i)), total: 261, specialties: [] });
    const items = await all;
    expect(items).toHaveLength(261);
    expect(items[260].code).toBe('X-260');
  });

  it('reads the centers of the user’s scope from /api/orgs', async () => {
    const centers = firstValueFrom(api.orgs('qc_center'));
    const req = backend.expectOne((r) => r.url === '/api/orgs');
    expect(req.request.params.get('kind')).toBe('qc_center');
    req.flush({ items: [{ code: 'QC-A', name: '麻醉质控中心' }], total: 1, page: 1, pageSize: 200 });
    expect((await centers).map((c) => c.code)).toEqual(['QC-A']);
  });

  it('asks the overview, completion and monitor with their filters', () => {
    api.overview(2026).subscribe();
    expect(backend.expectOne('/api/analytics/overview?year=2026').request.method).toBe('GET');
    api.completion({ year: 2026, quarter: 3, center: 'QC-A', kind: null }).subscribe();
    backend.expectOne('/api/analytics/completion?year=2026&quarter=3&center=QC-A');
    api.monitor({ period: '2026-10', center: null }).subscribe();
    backend.expectOne('/api/analytics/monitor?period=2026-10');
  });
});
