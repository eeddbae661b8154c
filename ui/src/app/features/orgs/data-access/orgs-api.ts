import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Org, OrgDetail, OrgKind, OrgNode, Page } from '../../../core/api/models';
import { toQueryParams } from '../../../shared/query-params';

/** Filters of GET /api/orgs. */
export interface OrgQuery {
  kind?: OrgKind | null;
  q?: string | null;
  parentId?: number | null;
  page?: number;
  pageSize?: number;
}

/** Fields accepted by POST /api/orgs and PATCH /api/orgs/{id}. */
export interface OrgPayload {
  kind?: OrgKind;
  code?: string;
  name?: string;
  shortName?: string | null;
  parentId?: number | null;
  status?: 'active' | 'inactive';
  level?: string | null;
  category?: string | null;
  specialty?: string | null;
  hostHospitalId?: number | null;
  directorName?: string | null;
  termStart?: string | null;
  termEnd?: string | null;
  tier?: string | null;
  type?: string | null;
  ownership?: string | null;
  district?: string | null;
  address?: string | null;
  phone?: string | null;
}

/** The /api/orgs routes. */
@Injectable({ providedIn: 'root' })
export class OrgsApi {
  private readonly http = inject(HttpClient);

  tree(): Observable<OrgNode[]> {
    return this.http.get<OrgNode[]>('/api/orgs/tree');
  }

  list(query: OrgQuery): Observable<Page<Org>> {
    return this.http.get<Page<Org>>('/api/orgs', { params: toQueryParams(query) });
  }

  /** Up to 200 hospitals, enough for a select. */
  hospitals(): Observable<Org[]> {
    return this.list({ kind: 'hospital', pageSize: 200 }).pipe(map((page) => page.items));
  }

  get(id: number): Observable<OrgDetail> {
    return this.http.get<OrgDetail>(`/api/orgs/${id}`);
  }

  create(payload: OrgPayload): Observable<Org> {
    return this.http.post<Org>('/api/orgs', payload);
  }

  update(id: number, payload: OrgPayload): Observable<Org> {
    return this.http.patch<Org>(`/api/orgs/${id}`, payload);
  }

  setSupervisedHospitals(centerId: number, hospitalIds: number[]): Observable<OrgDetail> {
    return this.http.put<OrgDetail>(`/api/orgs/${centerId}/supervised-hospitals`, { hospitalIds });
  }
}
