import type { WarehouseClient } from '@qc/warehouse';
import { checkFormula, evaluateFormula } from '../indicators/index.js';
import { dischargeBinding } from './bindings.js';
import { dateParam, numberOrNull, placeholders } from './sql.js';

/** Sums of `mart_hospital_month` columns for one discharge month. */
export interface MonthlySums {
  /** `YYYY-MM`. */
  month: string;
  sums: Record<string, number>;
}

const COLUMN = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Sums of the given mart columns per discharge month over a set of hospitals (null = every hospital),
 * in one query: what a dashboard needs to evaluate many indicators at once.
 */
export async function queryMonthlySums(
  warehouse: WarehouseClient,
  opts: { hospitals: string[] | null; fromMonth: string; toMonth: string; columns: string[] },
): Promise<MonthlySums[]> {
  const d = warehouse.dialect;
  const q = d.quoteIdentifier;
  const columns = [...new Set(opts.columns)];
  for (const c of columns) if (!COLUMN.test(c)) throw new RangeError(`bad column ${c}`);
  if (opts.hospitals && !opts.hospitals.length) return [];
  const params: unknown[] = [opts.fromMonth, opts.toMonth, ...(opts.hospitals ?? [])];
  const sql = `SELECT ${q('month_start')} AS ${q('month_start')}, ${columns.map((c) => `SUM(${q(c)}) AS ${q(c)}`).join(', ')}
FROM ${warehouse.martsTable('mart_hospital_month')}
WHERE ${q('month_start')} >= ${dateParam(d)} AND ${q('month_start')} <= ${dateParam(d)}${opts.hospitals ? `\n  AND ${q('org_code')} IN (${placeholders(opts.hospitals.length)})` : ''}
GROUP BY ${q('month_start')}
ORDER BY ${q('month_start')}`;
  const rows = await warehouse.query(sql, params);
  return rows.map((r) => ({
    month: String(r.month_start).slice(0, 7),
    sums: Object.fromEntries(columns.map((c) => [c, numberOrNull(r[c]) ?? 0])),
  }));
}

/**
 * A discharge-bound indicator over summed cells, evaluated in memory with the library formula (the same
 * numbers as the SQL path): numerator, denominator and value (null when the denominator is 0).
 */
export function dischargeIndicatorFromSums(
  code: string,
  formula: string,
  sums: Record<string, number>,
): { numerator: number; denominator: number; value: number | null } {
  const binding = dischargeBinding(code);
  if (!binding) throw new RangeError(`${code} is not bound to discharge records`);
  const numerator = sums[binding.columns.numerator] ?? 0;
  const denominator = sums[binding.columns.denominator] ?? 0;
  const checked = checkFormula(formula, { resolve: () => ({ kind: 'element' }) });
  if (!checked.ast || checked.issues.length || !denominator) return { numerator, denominator, value: null };
  const v = evaluateFormula(checked.ast, { element: (name) => (name === 'numerator' ? numerator : name === 'denominator' ? denominator : null) });
  return { numerator, denominator, value: typeof v === 'number' && Number.isFinite(v) ? v : null };
}
