import { signal } from '@angular/core';
import type { NzTableQueryParams } from 'ng-zorro-antd/table';
import { firstValueFrom, type Observable, type Subscription } from 'rxjs';
import type { Page } from '../core/api/models';

/** Fetches one page of rows for the current filters. */
export type PageFetcher<T> = (page: number, pageSize: number) => Observable<Page<T>>;

/**
 * State of a server-paged nz-table: rows, total, page, size and loading as signals, plus `all()` for
 * exports that must cover every matching row rather than the page on screen.
 */
export class PagedTable<T> {
  readonly rows = signal<T[]>([]);
  readonly total = signal(0);
  readonly pageIndex = signal(1);
  readonly pageSize = signal(20);
  readonly loading = signal(false);

  private loadingNow?: Subscription;

  constructor(private readonly fetch: PageFetcher<T>) {}

  /**
   * Loads the current page. A load still on its way is cancelled: its answer (to older filters or
   * another page) may come back after this one's and must not replace it.
   */
  load(): void {
    this.loadingNow?.unsubscribe();
    this.loading.set(true);
    this.loadingNow = this.fetch(this.pageIndex(), this.pageSize()).subscribe({
      next: (page) => {
        this.rows.set(page.items);
        this.total.set(page.total);
        this.loading.set(false);
      },
      // The error interceptor has shown the message.
      error: () => this.loading.set(false),
    });
  }

  /**
   * Reloads the current page in the background, for live updates: no spinner, and the answer is
   * dropped when the user has meanwhile moved to another page or started a load.
   */
  refresh(): void {
    const page = this.pageIndex();
    const size = this.pageSize();
    this.fetch(page, size).subscribe({
      next: (result) => {
        if (this.loading() || this.pageIndex() !== page || this.pageSize() !== size) return;
        this.rows.set(result.items);
        this.total.set(result.total);
      },
      // Keep what is on screen; the error interceptor has shown the message.
      error: () => undefined,
    });
  }

  /** nz-table's (nzQueryParams): page or size changed. */
  onQueryParams(params: NzTableQueryParams): void {
    this.pageIndex.set(params.pageIndex);
    this.pageSize.set(params.pageSize);
    this.load();
  }

  /** Filters changed: back to the first page. */
  applyFilters(): void {
    this.pageIndex.set(1);
    this.load();
  }

  /** Replaces one row in place (after an edit) without reloading. */
  replace(match: (row: T) => boolean, row: T): void {
    this.rows.update((rows) => rows.map((r) => (match(r) ? row : r)));
  }

  /** Every row matching the filters, page by page, up to `limit`. */
  async all(limit = 5000, pageSize = 200): Promise<T[]> {
    const rows: T[] = [];
    for (let page = 1; rows.length < limit; page++) {
      const result = await firstValueFrom(this.fetch(page, pageSize));
      rows.push(...result.items);
      if (result.items.length === 0 || rows.length >= result.total) break;
    }
    return rows.slice(0, limit);
  }
}
