import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { LoginNext, LoginRequest, LoginResponse, Me } from '../api/models';
import { silentErrors } from '../http/http-context';
import { requiredStepOf } from './forced-step';

/**
 * Holds the signed-in user and the step the server still insists on (new password, second factor).
 * Everything it knows lives in memory only, never in localStorage or sessionStorage.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly meState = signal<Me | null>(null);
  /** The step named by the login answer or an API refusal, until `me` is reloaded. */
  private readonly announcedStep = signal<LoginNext | null>(null);
  private loading: Promise<Me | null> | null = null;

  readonly me = this.meState.asReadonly();
  readonly permissions = computed(() => this.meState()?.permissions ?? []);
  readonly isSignedIn = computed(() => this.meState() !== null);
  /** Set while the user must change the password or enrol a second factor before anything else. */
  readonly requiredStep = computed<LoginNext | null>(() =>
    this.meState() ? (this.announcedStep() ?? requiredStepOf(this.meState())) : null,
  );

  /** True when the signed-in user holds `permission`. */
  can(permission: string): boolean {
    return this.permissions().includes(permission);
  }

  /** Loads the session once; resolves to null when nobody is signed in. */
  ensureLoaded(): Promise<Me | null> {
    if (this.meState()) return Promise.resolve(this.meState());
    return this.fetchMe();
  }

  /** Reloads `me` from the server, e.g. after a password change or a second factor was enabled. */
  async refresh(): Promise<Me | null> {
    return this.fetchMe();
  }

  /**
   * Signs in. Rejects with the server's error: 401 LOGIN_FAILED / CAPTCHA_* / TOTP_*, 423
   * ACCOUNT_LOCKED; the login page reads the code to decide what to ask for next.
   */
  async login(credentials: LoginRequest): Promise<LoginResponse> {
    const response = await firstValueFrom(
      this.http.post<LoginResponse>('/api/auth/login', credentials, { context: silentErrors() }),
    );
    const next = response.next ?? null;
    this.meState.set(response.user);
    this.announcedStep.set(next);
    return { user: response.user, next };
  }

  /** The server refused a request until `step` is done (403 PASSWORD_CHANGE_REQUIRED etc.). */
  requireStep(step: LoginNext): void {
    this.announcedStep.set(step);
  }

  /** Ends the server session; the local state is cleared even if the server call fails. */
  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>('/api/auth/logout', {}, { context: silentErrors() }));
    } finally {
      this.clear();
    }
  }

  /**
   * Forgets everything about the user kept in memory, e.g. after logout or a 401. Pages keep their
   * lists in component state, which the router destroys on the way to /login.
   */
  clear(): void {
    this.meState.set(null);
    this.announcedStep.set(null);
    this.loading = null;
  }

  private fetchMe(): Promise<Me | null> {
    this.loading ??= firstValueFrom(this.http.get<Me>('/api/auth/me', { context: silentErrors() }))
      .then((me) => {
        this.meState.set(me);
        // `me` now says what is still pending.
        this.announcedStep.set(null);
        return me;
      })
      .catch((error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 401) {
          this.meState.set(null);
          this.announcedStep.set(null);
          return null;
        }
        throw error;
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }
}
