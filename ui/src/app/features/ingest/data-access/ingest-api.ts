import { HttpClient, HttpEvent, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import {
  Connection,
  ConnectionKind,
  IngestKind,
  Page,
  Run,
  RunStarted,
  RunStatus,
  RunSummary,
} from '../../../core/api/models';
import { silentErrors } from '../../../core/http/http-context';
import { toQueryParams } from '../../../shared/query-params';

/** Filters of GET /api/ingest/runs. */
export interface RunQuery {
  /** Organization code. */
  org?: string | null;
  status?: RunStatus | null;
  connectionId?: number | null;
  page?: number;
  pageSize?: number;
}

/** Body of POST /api/ingest/connections. */
export interface CreateConnectionPayload {
  name: string;
  kind: ConnectionKind;
  orgCode?: string;
  config: Record<string, unknown>;
  schedule?: string | null;
  enabled: boolean;
}

/** Body of PATCH /api/ingest/connections/{id}: only what changed; secrets only when retyped. */
export type UpdateConnectionPayload = Partial<Omit<CreateConnectionPayload, 'orgCode'>> & {
  orgCode?: string | null;
};

/** The /api/ingest routes (数据接入). */
@Injectable({ providedIn: 'root' })
export class IngestApi {
  private readonly http = inject(HttpClient);

  /**
   * Sends a file as multipart with upload progress events. `kind` and `org` go before the file so
   * the server can refuse a wrong organization before reading 200 MB. The caller shows errors.
   */
  upload(file: File, kind: IngestKind, orgCode: string): Observable<HttpEvent<RunStarted>> {
    const body = new FormData();
    body.append('kind', kind);
    body.append('org', orgCode);
    body.append('file', file, file.name);
    return this.http.post<RunStarted>('/api/ingest/uploads', body, {
      reportProgress: true,
      observe: 'events',
      context: silentErrors(),
    });
  }

  /** One run with its first rejects. Silent: the pollers retry and then say what went wrong. */
  run(runId: string): Observable<Run> {
    return this.http.get<Run>(`/api/ingest/runs/${encodeURIComponent(runId)}`, { context: silentErrors() });
  }

  runs(query: RunQuery): Observable<Page<RunSummary>> {
    return this.http.get<Page<RunSummary>>('/api/ingest/runs', { params: toQueryParams(query) });
  }

  /** The rejected rows as .xlsx; errors arrive as a Blob, so the caller reads them (`blobErrorMessage`). */
  rejectsFile(runId: string): Observable<HttpResponse<Blob>> {
    return this.file(`/api/ingest/runs/${encodeURIComponent(runId)}/rejects.xlsx`);
  }

  /** The empty 病案首页 workbook with Chinese headers and a sheet explaining each column. */
  template(): Observable<HttpResponse<Blob>> {
    return this.file('/api/ingest/template.xlsx');
  }

  /** Every connection in scope; `quiet` for background refreshes, which keep the list on failure. */
  connections(quiet = false): Observable<Connection[]> {
    return this.http.get<Connection[]>('/api/ingest/connections', quiet ? { context: silentErrors() } : {});
  }

  createConnection(payload: CreateConnectionPayload): Observable<Connection> {
    return this.http.post<Connection>('/api/ingest/connections', payload);
  }

  updateConnection(id: number, payload: UpdateConnectionPayload): Observable<Connection> {
    return this.http.patch<Connection>(`/api/ingest/connections/${id}`, payload);
  }

  /** 立即运行: queues a run of the connection now. */
  runConnection(id: number): Observable<RunStarted> {
    return this.http.post<RunStarted>(`/api/ingest/connections/${id}/run`, {});
  }

  private file(url: string): Observable<HttpResponse<Blob>> {
    return this.http.get(url, {
      responseType: 'blob',
      observe: 'response',
      withCredentials: true,
      context: silentErrors(),
    });
  }
}
