import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { SessionInfo, TotpSetup } from '../../../core/api/models';

/** The signed-in user's own security settings under /api/auth. */
@Injectable({ providedIn: 'root' })
export class AccountApi {
  private readonly http = inject(HttpClient);

  /** 204; the server ends the user's other sessions. */
  changePassword(oldPassword: string, newPassword: string): Observable<void> {
    return this.http.post<void>('/api/auth/password', { oldPassword, newPassword });
  }

  /** A pending secret; nothing changes until `activateTotp` accepts a code from it. */
  setupTotp(): Observable<TotpSetup> {
    return this.http.post<TotpSetup>('/api/auth/totp/setup', {});
  }

  activateTotp(code: string): Observable<void> {
    return this.http.post<void>('/api/auth/totp/activate', { code });
  }

  /** Refused (400) where one of the user's roles requires a second factor. */
  disableTotp(code: string): Observable<void> {
    return this.http.delete<void>('/api/auth/totp', { body: { code } });
  }

  sessions(): Observable<SessionInfo[]> {
    return this.http.get<SessionInfo[]>('/api/auth/sessions');
  }

  endSession(id: SessionInfo['id']): Observable<void> {
    return this.http.delete<void>(`/api/auth/sessions/${encodeURIComponent(String(id))}`);
  }
}
