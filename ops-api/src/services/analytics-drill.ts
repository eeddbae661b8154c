import { dischargeBinding, parsePeriod, periodGrain, queryDrill, StatsInputError, type DrillItem, type Grain } from '@qc/analytics';
import type { WarehouseClient } from '@qc/ingest';
import { ValidationError } from '../errors.js';
import { fromMarts } from './analytics-warehouse.js';
import { getIndicatorDefinition } from './analytics-indicators.js';
import { resolveAnalyticsOrg } from './analytics-orgs.js';
import type { Actor, Db } from './context.js';

export interface DrillRequest {
  indicator: string;
  org?: string | undefined;
  period: string;
  grain?: Grain | undefined;
  part: 'numerator' | 'denominator';
  page: number;
  pageSize: number;
}

/**
 * The discharge records (or operation slots) behind one part of one cell: only hospitals of the cell
 * that lie in the caller's scope; another hospital's cell answers 403 before the warehouse is asked.
 */
export async function drillRecords(
  db: Db,
  warehouse: WarehouseClient,
  actor: Actor,
  req: DrillRequest,
): Promise<{ total: number; items: DrillItem[]; page: number; pageSize: number; table: string }> {
  const indicator = await getIndicatorDefinition(db, req.indicator);
  const org = await resolveAnalyticsOrg(db, actor, req.org);
  const binding = dischargeBinding(indicator.code);
  if (!binding) {
    throw new ValidationError(`指标“${indicator.code} ${indicator.name}”的数据来自医院上报，没有可下钻的病案记录`, [
      { field: 'query.indicator', message: '指标 不是病案首页指标' },
    ]);
  }
  let period: { start: string; end: string };
  try {
    if (req.grain && periodGrain(req.period) !== req.grain) {
      throw new ValidationError(`统计期 ${req.period} 与粒度 ${req.grain} 不一致`, [{ field: 'query.grain', message: '粒度 与统计期不一致' }]);
    }
    period = parsePeriod(req.period);
  } catch (err) {
    if (err instanceof StatsInputError) throw new ValidationError(err.message, [{ field: 'query.period', message: err.message }]);
    throw err;
  }
  const records = binding.drill[req.part];
  const result = await fromMarts(() =>
    queryDrill(warehouse, {
      records,
      hospitals: org.hospitals,
      fromMonth: period.start,
      toMonth: `${period.end.slice(0, 7)}-01`,
      page: req.page,
      pageSize: req.pageSize,
    }),
  );
  return { ...result, page: req.page, pageSize: req.pageSize, table: records.table };
}
