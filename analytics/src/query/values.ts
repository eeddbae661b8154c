import { REPORTED_VALUES_SPEC, type Dialect, type WarehouseClient } from '@qc/warehouse';
import { checkFormula, compileFormulaSql } from '../indicators/index.js';
import { dischargeBinding } from './bindings.js';
import { parsePeriod, periodLabel, periodsBetween, type Grain } from '../stats/index.js';
import { dateParam, numberOrNull, placeholders, stringLiteral, textParam } from './sql.js';

/** One row of the result: an organization (a hospital, or a group of hospitals) in one period. */
export interface OrgCells {
  /** The label of the row (a hospital, a center or the commission's code). */
  org: string;
  /** The hospitals whose cells the row adds up. */
  hospitals: string[];
}

/** What to compute: an indicator's current formula, over organizations and a month range, by grain. */
export interface IndicatorValuesQuery {
  indicator: { code: string; formula: string };
  orgs: OrgCells[];
  /** `YYYY-MM`, inclusive; widened to whole periods of the grain. */
  from: string;
  to: string;
  grain: Grain;
}

export interface IndicatorValueRow {
  org: string;
  /** `2026-03`, `2026Q1` or `2026`. */
  period: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** How an indicator's values are computed: from the discharge marts or from reported values. */
export type ValueSource = 'discharge' | 'reported';

/** Where an indicator's numbers come from: its discharge binding if it has one, else forms. */
export function valueSource(code: string): ValueSource {
  return dischargeBinding(code) ? 'discharge' : 'reported';
}

/** Grains of reported values that may count in a cell of `grain`: a quarterly value never fills a month. */
export function reportedGrainsFor(grain: Grain): Grain[] {
  return grain === 'month' ? ['month'] : grain === 'quarter' ? ['month', 'quarter'] : ['month', 'quarter', 'year'];
}

/** The warehouse element of a formula name of a reported indicator: `numerator` → `MRQ-01:numerator`. */
export function reportedElement(code: string, name: string): string {
  return name.includes(':') ? name : `${code}:${name}`;
}

/**
 * What the numerator and denominator of a reported indicator's cell are: its `numerator` and
 * `denominator` variables, or — for a formula without a denominator, over cases such as
 * `median(durations)` — no numerator, and the number of cases of its first variable as the
 * denominator (the sample size n, whose drill-down lists the cases).
 */
export function reportedParts(formula: string): { numerator: string | null; denominator: string; countsCases: boolean } {
  const elements = checkFormula(formula, { resolve: () => ({ kind: 'element' }) }).references.elements;
  if (elements.includes('denominator') || !elements.length) {
    return { numerator: elements.includes('numerator') ? 'numerator' : null, denominator: 'denominator', countsCases: false };
  }
  return { numerator: null, denominator: elements[0]!, countsCases: true };
}

function compileValue(dialect: Dialect, code: string, formula: string, element: (name: string) => string): string {
  const checked = checkFormula(formula, { resolve: () => ({ kind: 'element' }) });
  if (!checked.ast || checked.issues.length) {
    throw new FormulaError(code, checked.issues.map((i) => i.message).join('；') || '公式无法解析');
  }
  return compileFormulaSql(checked.ast, {
    dialect: dialect.engine,
    // the library formula divides sums over the cells: a name outside an aggregate is the cell's SUM
    element: (name, inAggregate) => (inAggregate ? element(name) : `SUM(${element(name)})`),
  });
}

/** The indicator's formula cannot be turned into SQL (a bug in the library entry). */
export class FormulaError extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {
    super(`指标 ${code} 的公式无法计算：${reason}`);
    this.name = 'FormulaError';
  }
}

/**
 * First and last day of the range, widened to whole periods of the grain: `2026Q1` always means January
 * to March, whatever month the range starts in.
 */
function range(query: IndicatorValuesQuery): { labels: string[]; first: string; last: string } {
  const labels = periodsBetween(query.from, query.to, query.grain);
  return { labels, first: parsePeriod(labels[0]!).start, last: parsePeriod(labels[labels.length - 1]!).end };
}

/** The rows mapping each hospital to the org rows it counts in, as a subquery both engines read. */
function groupsSubquery(dialect: Dialect, orgs: OrgCells[], params: unknown[]): string | null {
  const pairs = orgs.flatMap((o) => [...new Set(o.hospitals)].map((h) => [o.org, h] as const));
  if (!pairs.length) return null;
  const t = textParam(dialect);
  const q = dialect.quoteIdentifier;
  const selects = pairs.map(([org, hospital], i) => {
    params.push(org, hospital);
    return i === 0 ? `SELECT ${t} AS ${q('org')}, ${t} AS ${q('hospital')}` : `SELECT ${t}, ${t}`;
  });
  return `(${selects.join(' UNION ALL ')})`;
}

/**
 * SQL and parameters for the values of an indicator: per org row × period, the sums of the numerator
 * and denominator and the library formula over the sums (never an average of rates). Null when no
 * hospital is asked for.
 */
export function buildIndicatorValuesSql(dialect: Dialect, query: IndicatorValuesQuery, martsTable: (name: string) => string): { sql: string; params: unknown[] } | null {
  const q = dialect.quoteIdentifier;
  const { first, last } = range(query);
  const params: unknown[] = [];
  const groups = groupsSubquery(dialect, query.orgs, params);
  if (!groups) return null;
  const binding = dischargeBinding(query.indicator.code);
  if (binding) {
    const column = (name: string) => {
      const col = (binding.columns as Record<string, string>)[name];
      if (!col) throw new FormulaError(query.indicator.code, `未知的变量“${name}”（病案首页指标只有 numerator、denominator）`);
      return `m.${q(col)}`;
    };
    const period = dialect.dateTrunc(query.grain, `m.${q('month_start')}`);
    const value = compileValue(dialect, query.indicator.code, query.indicator.formula, column);
    params.push(first, last.slice(0, 8) + '01');
    const sql = `SELECT g.${q('org')} AS ${q('org')}, ${period} AS ${q('period_start')},
  SUM(${column('numerator')}) AS ${q('numerator')}, SUM(${column('denominator')}) AS ${q('denominator')}, ${value} AS ${q('value')}
FROM ${martsTable('mart_hospital_month')} m
INNER JOIN ${groups} g ON m.${q('org_code')} = g.${q('hospital')}
WHERE m.${q('month_start')} >= ${dateParam(dialect)} AND m.${q('month_start')} <= ${dateParam(dialect)}
GROUP BY g.${q('org')}, ${period}
ORDER BY g.${q('org')}, ${period}`;
    return { sql, params };
  }
  const code = query.indicator.code;
  const element = (name: string) => `CASE WHEN r.${q('element_code')} = ${stringLiteral(dialect, reportedElement(code, name))} THEN r.${q('value')} END`;
  const period = dialect.dateTrunc(query.grain, `r.${q('period_start')}`);
  const value = compileValue(dialect, code, query.indicator.formula, element);
  const parts = reportedParts(query.indicator.formula);
  const numerator = parts.numerator ? `SUM(${element(parts.numerator)})` : 'NULL';
  // no cases is no value (NULL, like an element nobody reported), not a count of 0
  const denominator = parts.countsCases ? `NULLIF(COUNT(${element(parts.denominator)}), 0)` : `SUM(${element(parts.denominator)})`;
  const grains = reportedGrainsFor(query.grain);
  params.push(first, last, ...grains);
  const sql = `SELECT g.${q('org')} AS ${q('org')}, ${period} AS ${q('period_start')},
  ${numerator} AS ${q('numerator')}, ${denominator} AS ${q('denominator')}, ${value} AS ${q('value')}
FROM (SELECT * FROM ${dialect.readTable(REPORTED_VALUES_SPEC)}) r
INNER JOIN ${groups} g ON r.${q('org_code')} = g.${q('hospital')}
WHERE r.${q('period_start')} >= ${dateParam(dialect)} AND r.${q('period_end')} <= ${dateParam(dialect)}
  AND r.${q('period_grain')} IN (${placeholders(grains.length)})
GROUP BY g.${q('org')}, ${period}
ORDER BY g.${q('org')}, ${period}`;
  return { sql, params };
}

// raw.reported_values exists once the first approval is written; created here once per client otherwise
const ensured = new WeakSet<WarehouseClient>();

/** Creates `raw.reported_values` if no approval has written it yet (once per client). */
export async function ensureReportedValues(warehouse: WarehouseClient): Promise<void> {
  if (ensured.has(warehouse)) return;
  await warehouse.ensureTable(REPORTED_VALUES_SPEC);
  ensured.add(warehouse);
}

/**
 * Indicator values per org row × period of the range, every cell present: a discharge-bound cell
 * without discharges counts 0 of 0, a reported cell nobody reported is null; the value is null
 * whenever the denominator is 0 or missing.
 */
export async function queryIndicatorValues(warehouse: WarehouseClient, query: IndicatorValuesQuery): Promise<IndicatorValueRow[]> {
  const built = buildIndicatorValuesSql(warehouse.dialect, query, (n) => warehouse.martsTable(n));
  const source = valueSource(query.indicator.code);
  let rows: Record<string, unknown>[] = [];
  if (built) {
    if (source === 'reported') await ensureReportedValues(warehouse);
    rows = await warehouse.query(built.sql, built.params);
  }
  const byCell = new Map(rows.map((r) => [`${String(r.org)}|${periodLabel(String(r.period_start).slice(0, 10), query.grain)}`, r]));
  const { labels } = range(query);
  const empty = source === 'discharge' ? 0 : null;
  const out: IndicatorValueRow[] = [];
  for (const o of query.orgs) {
    for (const period of labels) {
      const r = byCell.get(`${o.org}|${period}`);
      const numerator = r ? numberOrNull(r.numerator) : empty;
      const denominator = r ? numberOrNull(r.denominator) : empty;
      const value = r && denominator ? numberOrNull(r.value) : null;
      out.push({ org: o.org, period, numerator, denominator, value });
    }
  }
  return out;
}

/** Several discharge-bound indicators over the same organizations and range. */
export interface DischargeBatchQuery {
  indicators: { code: string; formula: string }[];
  orgs: OrgCells[];
  from: string;
  to: string;
  grain: Grain;
}

/**
 * Every asked discharge-bound indicator in ONE pass over `mart_hospital_month` (each formula compiled
 * into its own column), for dashboards and exports that show many indicators at once; the same numbers
 * as `queryIndicatorValues` one by one. Throws for an indicator without a discharge binding.
 */
export async function queryDischargeIndicators(warehouse: WarehouseClient, query: DischargeBatchQuery): Promise<Map<string, IndicatorValueRow[]>> {
  const dialect = warehouse.dialect;
  const q = dialect.quoteIdentifier;
  const result = new Map<string, IndicatorValueRow[]>();
  if (!query.indicators.length) return result;
  const params: unknown[] = [];
  const groups = groupsSubquery(dialect, query.orgs, params);
  const { first, last, labels } = range({ ...query, indicator: query.indicators[0]! });
  const selects = query.indicators.map((ind, i) => {
    const binding = dischargeBinding(ind.code);
    if (!binding) throw new FormulaError(ind.code, '不是病案首页指标，不能与病案首页指标一起批量计算');
    const column = (name: string) => {
      const col = (binding.columns as Record<string, string>)[name];
      if (!col) throw new FormulaError(ind.code, `未知的变量“${name}”（病案首页指标只有 numerator、denominator）`);
      return `m.${q(col)}`;
    };
    const value = compileValue(dialect, ind.code, ind.formula, column);
    return `SUM(${column('numerator')}) AS ${q(`n${i}`)}, SUM(${column('denominator')}) AS ${q(`d${i}`)}, ${value} AS ${q(`v${i}`)}`;
  });
  let rows: Record<string, unknown>[] = [];
  if (groups) {
    const period = dialect.dateTrunc(query.grain, `m.${q('month_start')}`);
    params.push(first, last.slice(0, 8) + '01');
    rows = await warehouse.query(
      `SELECT g.${q('org')} AS ${q('org')}, ${period} AS ${q('period_start')}, ${selects.join(', ')}
FROM ${warehouse.martsTable('mart_hospital_month')} m
INNER JOIN ${groups} g ON m.${q('org_code')} = g.${q('hospital')}
WHERE m.${q('month_start')} >= ${dateParam(dialect)} AND m.${q('month_start')} <= ${dateParam(dialect)}
GROUP BY g.${q('org')}, ${period}`,
      params,
    );
  }
  const byCell = new Map(rows.map((r) => [`${String(r.org)}|${periodLabel(String(r.period_start).slice(0, 10), query.grain)}`, r]));
  query.indicators.forEach((ind, i) => {
    const out: IndicatorValueRow[] = [];
    for (const o of query.orgs) {
      for (const period of labels) {
        const r = byCell.get(`${o.org}|${period}`);
        const numerator = r ? numberOrNull(r[`n${i}`]) : 0;
        const denominator = r ? numberOrNull(r[`d${i}`]) : 0;
        out.push({ org: o.org, period, numerator, denominator, value: r && denominator ? numberOrNull(r[`v${i}`]) : null });
      }
    }
    result.set(ind.code, out);
  });
  return result;
}
