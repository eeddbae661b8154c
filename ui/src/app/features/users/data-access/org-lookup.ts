import { HttpClient, HttpParams } from '@angular/common/http';
import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject, catchError, debounceTime, distinctUntilChanged, of, startWith, switchMap } from 'rxjs';
import { Org, OrgKind, Page } from '../../../core/api/models';
import { silentErrors } from '../../../core/http/http-context';

/** One choice in an organization select. */
export interface OrgOption {
  id: number;
  name: string;
  kind: OrgKind;
}

/**
 * Options for an organization nz-select with server-side search (GET /api/orgs?q=…).
 * Provide it per component: each select keeps its own options.
 */
@Injectable()
export class OrgLookup {
  private readonly http = inject(HttpClient);
  private readonly terms = new Subject<string>();
  private pinned: OrgOption[] = [];

  readonly options = signal<OrgOption[]>([]);
  readonly loading = signal(false);

  constructor() {
    this.terms
      .pipe(
        startWith(''),
        debounceTime(250),
        distinctUntilChanged(),
        switchMap((q) => {
          this.loading.set(true);
          const params = new HttpParams({ fromObject: q ? { q, pageSize: 50 } : { pageSize: 200 } });
          // Users without org:read still manage users; their select just stays short.
          return this.http
            .get<Page<Org>>('/api/orgs', { params, context: silentErrors() })
            .pipe(catchError(() => of({ items: [] as Org[] })));
        }),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((page) => {
        this.loading.set(false);
        this.options.set(this.merge(page.items.map(({ id, name, kind }) => ({ id, name, kind }))));
      });
  }

  /** Asks the server for organizations whose name or code contains `q`. */
  search(q: string): void {
    this.terms.next(q.trim());
  }

  /** Keeps an organization in the list even when the search does not return it (the current value). */
  pin(option: OrgOption): void {
    this.pinned = [option, ...this.pinned.filter((o) => o.id !== option.id)];
    this.options.set(this.merge(this.options()));
  }

  private merge(list: OrgOption[]): OrgOption[] {
    const ids = new Set(list.map((o) => o.id));
    return [...list, ...this.pinned.filter((o) => !ids.has(o.id))];
  }
}
