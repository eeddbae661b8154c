import { Subject, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Page } from '../core/api/models';
import { PagedTable } from './paged-table';

function pages(total: number) {
  const calls: [number, number][] = [];
  const table = new PagedTable<number>((page, pageSize) => {
    calls.push([page, pageSize]);
    const start = (page - 1) * pageSize;
    const items = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, i) => start + i);
    return of<Page<number>>({ items, total, page, pageSize });
  });
  return { table, calls };
}

describe('PagedTable', () => {
  it('loads the page nz-table asks for and resets to page 1 when filters change', () => {
    const { table, calls } = pages(45);
    table.onQueryParams({ pageIndex: 3, pageSize: 20, sort: [], filter: [] });
    expect(table.rows()).toEqual([40, 41, 42, 43, 44]);
    expect(table.total()).toBe(45);
    expect(table.loading()).toBe(false);
    table.applyFilters();
    expect(calls.at(-1)).toEqual([1, 20]);
  });

  it('collects every matching row for an export, and stops at the limit', async () => {
    expect(await pages(450).table.all()).toHaveLength(450);
    expect(await pages(450).table.all(300)).toHaveLength(300);
    expect(await pages(0).table.all()).toEqual([]);
  });

  it('keeps the newest question’s answer when an older one comes back later', () => {
    const answers: Subject<Page<string>>[] = [];
    const table = new PagedTable<string>(() => {
      const answer = new Subject<Page<string>>();
      answers.push(answer);
      return answer;
    });
    table.load(); // the page as it opened, unfiltered
    table.applyFilters(); // the user filtered before the first answer came
    answers[1].next({ items: ['filtered'], total: 1, page: 1, pageSize: 20 });
    answers[0].next({ items: ['stale', 'stale'], total: 2, page: 1, pageSize: 20 });
    expect(table.rows()).toEqual(['filtered']);
    expect(table.total()).toBe(1);
    expect(table.loading()).toBe(false);
    expect(answers[0].observed).toBe(false);
  });

  it('replaces one row in place', () => {
    const { table } = pages(3);
    table.load();
    table.replace((r) => r === 1, 100);
    expect(table.rows()).toEqual([0, 100, 2]);
  });

  it('refreshes the page in the background, and drops an answer the user has moved away from', () => {
    const answers: Subject<Page<string>>[] = [];
    const table = new PagedTable<string>(() => {
      const answer = new Subject<Page<string>>();
      answers.push(answer);
      return answer;
    });
    table.refresh();
    expect(table.loading()).toBe(false);
    answers[0].next({ items: ['a'], total: 1, page: 1, pageSize: 20 });
    expect(table.rows()).toEqual(['a']);

    table.refresh();
    table.onQueryParams({ pageIndex: 2, pageSize: 20, sort: [], filter: [] });
    answers[1].next({ items: ['stale'], total: 30, page: 1, pageSize: 20 });
    expect(table.rows()).toEqual(['a']);
    answers[2].next({ items: ['page 2'], total: 30, page: 2, pageSize: 20 });
    expect(table.rows()).toEqual(['page 2']);

    table.refresh();
    answers[3].error(new Error('offline'));
    expect(table.rows()).toEqual(['page 2']);
  });
});
