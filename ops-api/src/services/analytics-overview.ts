import { dischargeBinding, dischargeIndicatorFromSums, queryMonthlySums, relativeChange } from '@qc/analytics';
import type { WarehouseClient } from '@qc/ingest';
import { completion, monitor } from './analytics-activities.js';
import { shanghaiDate } from './reporting-periods.js';
import { fromMarts } from './analytics-warehouse.js';
import { findIndicatorDefinitions } from './analytics-indicators.js';
import { commission } from './analytics-orgs.js';
import { scopeHospitalCodes } from '../policies/scope.js';
import type { Actor, Db } from './context.js';

/** The indicators on the city dashboard, all computed from discharge records. */
export const OVERVIEW_INDICATORS = ['HQ-01', 'HQ-02', 'HQ-03', 'HQ-05', 'PERF-03', 'PERF-05'];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The city dashboard in one request: key indicators this year (to date) against the same months last
 * year, monthly discharges of both years, completion by kind and the monitor's counts — one warehouse
 * query and a few indexed ones in PostgreSQL.
 */
export async function overview(db: Db, warehouse: WarehouseClient, actor: Actor, query: { year?: number | undefined; now?: Date }) {
  const today = shanghaiDate(query.now);
  const currentYear = Number(today.slice(0, 4));
  const year = query.year ?? currentYear;
  // this year to date (through the current month) against the same months last year
  const lastMonth = year === currentYear ? Number(today.slice(5, 7)) : 12;
  const org = await commission(db);
  const hospitals = await scopeHospitalCodes(actor.scope, db);
  const definitions = await findIndicatorDefinitions(db, OVERVIEW_INDICATORS);
  const codes = OVERVIEW_INDICATORS.filter((c) => definitions.has(c) && dischargeBinding(c));
  const columns = new Set<string>(['discharges']);
  for (const c of codes) {
    const b = dischargeBinding(c)!;
    columns.add(b.columns.numerator).add(b.columns.denominator);
  }
  // before the first marts build the dashboard still shows activities, with no discharges yet
  const months = await fromMarts(
    () => queryMonthlySums(warehouse, { hospitals, fromMonth: `${year - 1}-01-01`, toMonth: `${year}-12-01`, columns: [...columns] }),
    () => [],
  );
  const byMonth = new Map(months.map((m) => [m.month, m.sums]));
  const total = (y: number) => {
    const sums: Record<string, number> = {};
    for (let m = 1; m <= lastMonth; m++) {
      for (const [k, v] of Object.entries(byMonth.get(`${y}-${pad(m)}`) ?? {})) sums[k] = (sums[k] ?? 0) + v;
    }
    return sums;
  };
  const now = total(year);
  const before = total(year - 1);
  const indicators = codes.map((code) => {
    const def = definitions.get(code)!;
    const current = dischargeIndicatorFromSums(code, def.formula, now);
    const previous = dischargeIndicatorFromSums(code, def.formula, before);
    return {
      code,
      name: def.name,
      unit: def.unit,
      direction: def.direction,
      numerator: current.numerator,
      denominator: current.denominator,
      value: current.value,
      lastYear: previous.value,
      yoy: relativeChange(current.value, previous.value),
    };
  });
  const monthly = Array.from({ length: 12 }, (_, i) => {
    const m = pad(i + 1);
    // a month without a single discharge loaded (the future, or no file yet) is unknown, not zero
    const discharges = (month: string): number | null => byMonth.get(month)?.discharges ?? null;
    return { month: `${year}-${m}`, discharges: discharges(`${year}-${m}`), lastYear: discharges(`${year - 1}-${m}`) };
  });
  const done = await completion(db, actor, { year });
  const watch = await monitor(db, actor, { asOf: today });
  return {
    year,
    through: `${year}-${pad(lastMonth)}`,
    org: { code: org.code, name: org.name },
    indicators,
    monthlyDischarges: monthly,
    completion: { totals: done.totals, total: done.total },
    monitor: watch.counts,
  };
}
