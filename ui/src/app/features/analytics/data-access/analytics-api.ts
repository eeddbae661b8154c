import { HttpClient, HttpContext } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { EMPTY, Observable, expand, map, reduce } from 'rxjs';
import { Org, Page } from '../../../core/api/models';
import { toQueryParams } from '../../../shared/query-params';
import {
  AnalyticsOverview,
  Completion,
  DrillPage,
  Grain,
  IndicatorList,
  IndicatorOption,
  IndicatorSeries,
  IndicatorValues,
  Monitor,
  Ranking,
} from './analytics-models';

/** Which cells of an indicator: an org code (hospital, center or the city), a month range and a grain. */
export interface IndicatorQuery {
  org?: string | null;
  from?: string | null;
  to?: string | null;
  grain?: Grain | null;
}

/** Filters of the ranking: one period at a grain, optionally one center's hospitals, a tier or type. */
export interface RankingQuery {
  period: string;
  grain: Grain;
  center?: string | null;
  tier?: string | null;
  type?: string | null;
}

/** Filters of the completion board. */
export interface CompletionQuery {
  year: number;
  quarter?: number | null;
  center?: string | null;
  kind?: string | null;
}

/** Filters of the not-submitted monitor. */
export interface MonitorQuery {
  period?: string | null;
  center?: string | null;
}

/** Page size when reading whole lists (indicators, orgs) page by page. */
const LIST_PAGE = 200;

/**
 * Turns a row's drill URL into the request for one page of it: the server's URL keeps its own
 * filters and we only set page and pageSize (a URL given without `/api` gets it).
 */
export function drillRequestUrl(url: string, page: number, pageSize: number): string {
  const [path, query = ''] = url.split('?', 2);
  const params = new URLSearchParams(query);
  params.set('page', String(page));
  params.set('pageSize', String(pageSize));
  const base = path.startsWith('/api/') ? path : `/api${path.startsWith('/') ? '' : '/'}${path}`;
  return `${base}?${params.toString()}`;
}

/** The /api/analytics routes, plus the indicator and org lists the pages pick from. */
@Injectable({ providedIn: 'root' })
export class AnalyticsApi {
  private readonly http = inject(HttpClient);

  /** An indicator's cells (the contract endpoint). */
  values(code: string, query: IndicatorQuery): Observable<IndicatorValues> {
    return this.http.get<IndicatorValues>(`/api/analytics/indicators/${encodeURIComponent(code)}/values`, {
      params: toQueryParams(query),
    });
  }

  /** Cells plus control limits and comparisons with the previous period and last year. */
  series(code: string, query: IndicatorQuery, context?: HttpContext): Observable<IndicatorSeries> {
    return this.http.get<IndicatorSeries>(`/api/analytics/indicators/${encodeURIComponent(code)}/series`, {
      params: toQueryParams(query),
      context,
    });
  }

  /** Hospitals ranked best first for one period. */
  ranking(code: string, query: RankingQuery, context?: HttpContext): Observable<Ranking> {
    return this.http.get<Ranking>(`/api/analytics/indicators/${encodeURIComponent(code)}/ranking`, {
      params: toQueryParams(query),
      context,
    });
  }

  /** The city dashboard of a year. */
  overview(year: number, context?: HttpContext): Observable<AnalyticsOverview> {
    return this.http.get<AnalyticsOverview>('/api/analytics/overview', { params: toQueryParams({ year }), context });
  }

  /** Completion rates per center × kind. */
  completion(query: CompletionQuery, context?: HttpContext): Observable<Completion> {
    return this.http.get<Completion>('/api/analytics/completion', { params: toQueryParams(query), context });
  }

  /** Due and overdue items not yet done. */
  monitor(query: MonitorQuery, context?: HttpContext): Observable<Monitor> {
    return this.http.get<Monitor>('/api/analytics/monitor', { params: toQueryParams(query), context });
  }

  /** One page of the records behind a number; `context` lets the drawer show a 403 itself. */
  drill(url: string, page: number, pageSize: number, context?: HttpContext): Observable<DrillPage> {
    return this.http.get<DrillPage>(drillRequestUrl(url, page, pageSize), { context });
  }

  /** Every indicator of the library, read page by page. */
  indicators(): Observable<IndicatorOption[]> {
    const fetch = (page: number) =>
      this.http
        .get<IndicatorList>('/api/indicators', { params: toQueryParams({ page, pageSize: LIST_PAGE }) })
        .pipe(map((answer) => ({ page, answer })));
    return fetch(1).pipe(
      expand(({ page, answer }) =>
        page * LIST_PAGE < answer.total && answer.items.length > 0 ? fetch(page + 1) : EMPTY,
      ),
      reduce((all, { answer }) => all.concat(answer.items), [] as IndicatorOption[]),
    );
  }

  /** Organizations of one kind within the user's scope, read page by page. */
  orgs(kind: 'qc_center' | 'hospital', context?: HttpContext): Observable<Org[]> {
    const fetch = (page: number) =>
      this.http
        .get<Page<Org>>('/api/orgs', { params: toQueryParams({ kind, page, pageSize: LIST_PAGE }), context })
        .pipe(map((answer) => ({ page, answer })));
    return fetch(1).pipe(
      expand(({ page, answer }) =>
        page * LIST_PAGE < answer.total && answer.items.length > 0 ? fetch(page + 1) : EMPTY,
      ),
      reduce((all, { answer }) => all.concat(answer.items), [] as Org[]),
    );
  }
}
