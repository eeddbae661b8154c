import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Permission, Role, SecurityPolicy } from '../../../core/api/models';

/** Payload of POST /api/roles. */
export interface CreateRolePayload {
  code: string;
  name: string;
  description: string;
  permissions: string[];
}

/** Payload of PATCH /api/roles/{code}: any subset. */
export type UpdateRolePayload = Partial<Pick<CreateRolePayload, 'name' | 'description' | 'permissions'>>;

/** 安全管理员's routes: roles, the permission catalog and the security policy. */
@Injectable({ providedIn: 'root' })
export class SecurityApi {
  private readonly http = inject(HttpClient);

  permissions(): Observable<Permission[]> {
    return this.http.get<Permission[]>('/api/permissions');
  }

  roles(): Observable<Role[]> {
    return this.http.get<Role[]>('/api/roles');
  }

  createRole(payload: CreateRolePayload): Observable<Role> {
    return this.http.post<Role>('/api/roles', payload);
  }

  updateRole(code: string, payload: UpdateRolePayload): Observable<Role> {
    return this.http.patch<Role>(`/api/roles/${encodeURIComponent(code)}`, payload);
  }

  deleteRole(code: string): Observable<void> {
    return this.http.delete<void>(`/api/roles/${encodeURIComponent(code)}`);
  }

  policy(): Observable<SecurityPolicy> {
    return this.http.get<SecurityPolicy>('/api/security/policy');
  }

  savePolicy(policy: SecurityPolicy): Observable<SecurityPolicy> {
    return this.http.put<SecurityPolicy>('/api/security/policy', policy);
  }
}
