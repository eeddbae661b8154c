import { HttpClient, HttpParams, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { AuditEntry, AuditVerification, Page } from '../../../core/api/models';
import { silentErrors } from '../../../core/http/http-context';

/** 审计管理员's routes under /api/audit. */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  list(query: Record<string, string>): Observable<Page<AuditEntry>> {
    return this.http.get<Page<AuditEntry>>('/api/audit', { params: new HttpParams({ fromObject: query }) });
  }

  verify(): Observable<AuditVerification> {
    return this.http.get<AuditVerification>('/api/audit/verify');
  }

  /**
   * The .xlsx of the filtered entries, as the server built it. Errors arrive as a Blob, so the
   * caller reads them with `blobErrorMessage` (the toast is silenced for that reason).
   */
  export(query: Record<string, string>): Observable<HttpResponse<Blob>> {
    return this.http.get('/api/audit/export', {
      params: new HttpParams({ fromObject: query }),
      responseType: 'blob',
      observe: 'response',
      withCredentials: true,
      context: silentErrors(),
    });
  }
}
