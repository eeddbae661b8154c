import { HttpClient, HttpParams } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Org, Page } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { silentErrors } from '../../../core/http/http-context';

/** A hospital as the ingestion pages name it: the API takes its code. */
export interface HospitalOption {
  code: string;
  name: string;
}

/**
 * The hospitals a user may pick in the ingestion pages. A user who belongs to a hospital gets only
 * that one, without asking the server; everyone else gets the hospitals of their scope
 * (GET /api/orgs?kind=hospital&pageSize=200). Provide it per component.
 */
@Injectable()
export class HospitalOptions {
  private readonly http = inject(HttpClient);
  private readonly destroyRef = inject(DestroyRef);
  private readonly auth = inject(AuthService);

  readonly options = signal<HospitalOption[]>([]);
  readonly loading = signal(false);
  /** The user's own hospital when they belong to one; the pages lock their select to it. */
  readonly own = computed<HospitalOption | null>(() => {
    const org = this.auth.me()?.org;
    return org?.kind === 'hospital' ? { code: org.code, name: org.name } : null;
  });

  /**
   * Fills `options`. `quiet` for filters: a failure (say, no org:read) leaves the list empty
   * without a toast; otherwise the error interceptor shows the server's message.
   */
  load(quiet = false): void {
    const own = this.own();
    if (own) {
      this.options.set([own]);
      return;
    }
    this.loading.set(true);
    const params = new HttpParams({ fromObject: { kind: 'hospital', pageSize: 200 } });
    this.http
      .get<Page<Org>>('/api/orgs', quiet ? { params, context: silentErrors() } : { params })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.options.set(page.items.map(({ code, name }) => ({ code, name })));
          this.loading.set(false);
        },
        error: () => this.loading.set(false),
      });
  }
}
