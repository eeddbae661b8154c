export { DISCHARGE_BINDINGS, dischargeBinding, type DischargeBinding, type RecordSet } from './bindings.js';
export {
  buildIndicatorValuesSql,
  ensureReportedValues,
  FormulaError,
  queryDischargeIndicators,
  queryIndicatorValues,
  type DischargeBatchQuery,
  reportedElement,
  reportedGrainsFor,
  reportedParts,
  valueSource,
  type IndicatorValueRow,
  type IndicatorValuesQuery,
  type OrgCells,
  type ValueSource,
} from './values.js';
export { buildDrillSql, queryDrill, type DrillItem, type DrillQuery } from './drill.js';
export { buildReportedDrillSql, queryReportedDrill, type ReportedDrillItem, type ReportedDrillQuery } from './reported-drill.js';
export { dischargeIndicatorFromSums, queryMonthlySums, type MonthlySums } from './monthly.js';
