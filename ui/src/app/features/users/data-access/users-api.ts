import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Page, Role, User, UserContact, UserStatus } from '../../../core/api/models';
import { silentErrors } from '../../../core/http/http-context';
import { toQueryParams } from '../../../shared/query-params';

/** Filters of GET /api/users. */
export interface UserQuery {
  q?: string | null;
  orgId?: number | null;
  role?: string | null;
  status?: UserStatus | null;
  page?: number;
  pageSize?: number;
}

/** Payload of POST /api/users. */
export interface CreateUserPayload {
  username: string;
  displayName: string;
  password: string;
  orgId: number;
  roleCodes: string[];
  phone?: string;
  email?: string;
}

/** Payload of PATCH /api/users/{id}: any subset. */
export interface UpdateUserPayload {
  displayName?: string;
  orgId?: number;
  phone?: string | null;
  email?: string | null;
  status?: UserStatus;
}

/** The /api/users and /api/roles routes. */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(query: UserQuery): Observable<Page<User>> {
    return this.http.get<Page<User>>('/api/users', { params: toQueryParams(query) });
  }

  create(payload: CreateUserPayload): Observable<User> {
    return this.http.post<User>('/api/users', payload);
  }

  update(id: number, payload: UpdateUserPayload): Observable<User> {
    return this.http.patch<User>(`/api/users/${id}`, payload);
  }

  setRoles(id: number, roleCodes: string[]): Observable<User> {
    return this.http.put<User>(`/api/users/${id}/roles`, { roleCodes });
  }

  resetPassword(id: number, password: string): Observable<void> {
    return this.http.post<void>(`/api/users/${id}/password`, { password });
  }

  /** Phone and e-mail in clear; the server audits every call. The dialog shows its own errors. */
  contact(id: number): Observable<UserContact> {
    return this.http.get<UserContact>(`/api/users/${id}/contact`, { context: silentErrors() });
  }

  roles(): Observable<Role[]> {
    return this.http.get<Role[]>('/api/roles');
  }
}
