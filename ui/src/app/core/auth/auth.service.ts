import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { Me } from '../api/models';
import { silentErrors } from '../http/http-context';

/** Holds the signed-in user; the only place that talks to /api/auth. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly meState = signal<Me | null>(null);
  private loading: Promise<Me | null> | null = null;

  readonly me = this.meState.asReadonly();
  readonly permissions = computed(() => this.meState()?.permissions ?? []);
  readonly isSignedIn = computed(() => this.meState() !== null);

  /** True when the signed-in user holds `permission`. */
  can(permission: string): boolean {
    return this.permissions().includes(permission);
  }

  /** Loads the session once; resolves to null when nobody is signed in. */
  ensureLoaded(): Promise<Me | null> {
    if (this.meState()) return Promise.resolve(this.meState());
    this.loading ??= firstValueFrom(this.http.get<Me>('/api/auth/me', { context: silentErrors() }))
      .then((me) => {
        this.meState.set(me);
        return me;
      })
      .catch((error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 401) return null;
        throw error;
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }

  /** Signs in; rejects with the server's error (401 LOGIN_FAILED carries the Chinese message). */
  async login(username: string, password: string): Promise<Me> {
    const { user } = await firstValueFrom(
      this.http.post<{ user: Me }>(
        '/api/auth/login',
        { username, password },
        { context: silentErrors() },
      ),
    );
    this.meState.set(user);
    return user;
  }

  /** Ends the server session; the local state is cleared even if the server call fails. */
  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>('/api/auth/logout', {}, { context: silentErrors() }));
    } finally {
      this.clear();
    }
  }

  /** Forgets the user locally, e.g. after the server answered 401. */
  clear(): void {
    this.meState.set(null);
  }
}
