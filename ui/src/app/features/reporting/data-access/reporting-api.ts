import { HttpClient, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Page } from '../../../core/api/models';
import { silentErrors } from '../../../core/http/http-context';
import { toQueryParams } from '../../../shared/query-params';
import {
  ImportResult,
  ReportForm,
  ReportFormPayload,
  ReportFormSummary,
  ReportTask,
  ReportTaskSummary,
  SentFieldValues,
  TaskQuery,
  ValidationResult,
} from './reporting-models';

/** A list the server may send bare or wrapped as `{items, total}`. */
function itemsOf<T>(answer: T[] | { items: T[] }): T[] {
  return Array.isArray(answer) ? answer : (answer?.items ?? []);
}

/** The /api/reporting routes (数据上报). */
@Injectable({ providedIn: 'root' })
export class ReportingApi {
  private readonly http = inject(HttpClient);

  // — forms (report:manage) —

  forms(): Observable<ReportFormSummary[]> {
    return this.http
      .get<ReportFormSummary[] | { items: ReportFormSummary[] }>('/api/reporting/forms', {
        params: toQueryParams({ pageSize: 200 }),
      })
      .pipe(map(itemsOf));
  }

  form(id: number): Observable<ReportForm> {
    return this.http.get<ReportForm>(`/api/reporting/forms/${id}`);
  }

  /** The caller puts field and rule errors next to what they name. */
  createForm(payload: ReportFormPayload): Observable<ReportForm> {
    return this.http.post<ReportForm>('/api/reporting/forms', payload, { context: silentErrors() });
  }

  updateForm(id: number, payload: ReportFormPayload): Observable<ReportForm> {
    return this.http.put<ReportForm>(`/api/reporting/forms/${id}`, payload, { context: silentErrors() });
  }

  /** Creates the tasks of every assigned hospital × period. */
  publish(id: number, periods: string[]): Observable<unknown> {
    return this.http.post(`/api/reporting/forms/${id}/publish`, { periods });
  }

  archive(id: number): Observable<unknown> {
    return this.http.post(`/api/reporting/forms/${id}/archive`, {});
  }

  /** The Excel template of a form for one period; errors arrive as a Blob. */
  template(formId: number, period: string): Observable<HttpResponse<Blob>> {
    return this.http.get(`/api/reporting/forms/${formId}/template.xlsx`, {
      params: toQueryParams({ period }),
      responseType: 'blob',
      observe: 'response',
      context: silentErrors(),
    });
  }

  // — tasks —

  tasks(query: TaskQuery): Observable<Page<ReportTaskSummary>> {
    return this.http
      .get<{ items: ReportTaskSummary[]; total: number }>('/api/reporting/tasks', { params: toQueryParams(query) })
      .pipe(
        map((answer) => ({
          items: answer.items,
          total: answer.total,
          page: query.page ?? 1,
          pageSize: query.pageSize ?? answer.items.length,
        })),
      );
  }

  task(id: number): Observable<ReportTask> {
    return this.http.get<ReportTask>(`/api/reporting/tasks/${id}`);
  }

  saveDraft(id: number, values: SentFieldValues): Observable<ReportTask> {
    return this.http.put<ReportTask>(`/api/reporting/tasks/${id}/draft`, { values });
  }

  /** Checks values as they are typed; silent, the page says when checking failed. */
  validate(id: number, values: SentFieldValues): Observable<ValidationResult> {
    return this.http.post<ValidationResult>(`/api/reporting/tasks/${id}/validate`, { values }, {
      context: silentErrors(),
    });
  }

  /** Silent: a 400 VALIDATION_FAILED puts its messages under the fields. */
  submit(id: number, values: SentFieldValues): Observable<ReportTask> {
    return this.http.post<ReportTask>(`/api/reporting/tasks/${id}/submit`, { values }, { context: silentErrors() });
  }

  review(id: number, decision: 'approve' | 'return', comment: string): Observable<ReportTask> {
    return this.http.post<ReportTask>(`/api/reporting/tasks/${id}/review`, { decision, comment });
  }

  /** Fills drafts from a filled template; the caller shows the row-by-row refusals. */
  importFile(file: File): Observable<ImportResult> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<ImportResult>('/api/reporting/tasks/import', body, { context: silentErrors() });
  }
}
