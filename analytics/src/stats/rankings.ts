/** Which way an indicator is better (质控指标 `direction`). */
export type Direction = 'higher_better' | 'lower_better' | 'target_range';

/** A row with its place: 1 = best; null for rows without a value. */
export type Ranked<T> = T & { rank: number | null };

// Values computed by different engines (SQL vs in memory) may differ in the last bits; such values tie.
const RELATIVE_TIE = 1e-9;

function ties(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TIE * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Rows ordered best first with competition ranks (1, 2, 2, 4); rows whose value is null or not finite
 * come last, unranked. Ties keep their input order. `higher_better` ranks the largest value first,
 * `lower_better` the smallest; `target_range` indicators (structure / workload, with no better side)
 * are ranked by value descending — a listing order, not a judgement of which hospital is better.
 */
export function rankRows<T extends object>(
  rows: readonly T[],
  value: (row: T) => number | null | undefined,
  direction: Direction,
): Ranked<T>[] {
  const sign = direction === 'lower_better' ? 1 : -1;
  const valued: { row: T; value: number; order: number }[] = [];
  const missing: T[] = [];
  rows.forEach((row, order) => {
    const v = value(row);
    if (v === null || v === undefined || !Number.isFinite(v)) missing.push(row);
    else valued.push({ row, value: v, order });
  });
  valued.sort((a, b) => (ties(a.value, b.value) ? a.order - b.order : sign * (a.value - b.value)));

  const ranked: Ranked<T>[] = [];
  let groupValue = Number.NaN;
  let groupRank = 0;
  valued.forEach((entry, index) => {
    // compare with the tie group's first value, so a chain of near-ties cannot drift into one group
    if (index === 0 || !ties(entry.value, groupValue)) {
      groupValue = entry.value;
      groupRank = index + 1;
    }
    ranked.push({ ...entry.row, rank: groupRank });
  });
  for (const row of missing) ranked.push({ ...row, rank: null });
  return ranked;
}
