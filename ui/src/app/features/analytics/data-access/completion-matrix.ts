import { COMPLETION_KIND_LABELS } from './analytics-labels';
import { CompletionCell, CompletionKind, CompletionRow } from './analytics-models';
import { CompletionBar, sumCells } from './chart-options';

/** Where rows without a center go: forms the commission itself publishes. */
export const CITY_FORMS = { code: '', name: '市卫健委（市级上报）' };

/** The kinds in display order. */
export const COMPLETION_KINDS: readonly CompletionKind[] = ['baseline_survey', 'inspection', 'training', 'report'];

/** One center's line of the matrix: a cell per kind and the center's total. */
export interface CompletionMatrixRow {
  center: { code: string; name: string };
  cells: Partial<Record<CompletionKind, CompletionRow>>;
  total: CompletionCell;
  lastYearTotal: CompletionCell;
}

/** Centers × kinds from the flat rows, centers in the order they first appear (the server's). */
export function completionMatrix(rows: readonly CompletionRow[]): CompletionMatrixRow[] {
  const byCenter = new Map<string, CompletionMatrixRow>();
  for (const row of rows) {
    const center = row.center ?? CITY_FORMS;
    let line = byCenter.get(center.code);
    if (!line) {
      line = { center, cells: {}, total: { done: 0, due: 0, rate: null }, lastYearTotal: { done: 0, due: 0, rate: null } };
      byCenter.set(center.code, line);
    }
    line.cells[row.kind] = row;
  }
  for (const line of byCenter.values()) {
    const cells = Object.values(line.cells);
    line.total = sumCells(cells);
    line.lastYearTotal = sumCells(cells.map((c) => c.lastYear));
  }
  return [...byCenter.values()];
}

/**
 * The bars of the completion chart: one per center (all kinds together) — or, when one center is
 * chosen, one per kind of work of that center.
 */
export function completionBars(rows: readonly CompletionRow[], center: string | null): CompletionBar[] {
  if (center) {
    const mine = rows.filter((r) => (r.center ?? CITY_FORMS).code === center);
    return COMPLETION_KINDS.filter((k) => mine.some((r) => r.kind === k)).map((kind) => {
      const kindRows = mine.filter((r) => r.kind === kind);
      return {
        label: kindRows.find((r) => r.kindName)?.kindName ?? COMPLETION_KIND_LABELS[kind],
        current: sumCells(kindRows),
        lastYear: kindRows.some((r) => r.lastYear) ? sumCells(kindRows.map((r) => r.lastYear)) : null,
      };
    });
  }
  return completionMatrix(rows).map((line) => ({
    label: line.center.name,
    current: line.total,
    lastYear: line.lastYearTotal.due > 0 ? line.lastYearTotal : null,
  }));
}
