/**
 * Statistics for the analytics layer — periods, 同比/环比 comparisons, rankings, confidence intervals
 * and SPC control charts. Pure functions without I/O; bad input throws a StatsInputError with a
 * Chinese message. See README.md beside this file.
 */
export { StatsInputError } from './errors.js';
export {
  type Grain,
  type Period,
  periodLabel,
  parsePeriod,
  periodStart,
  periodEnd,
  periodGrain,
  periodsBetween,
  shiftPeriod,
  sameLastYear,
  grainName,
} from './periods.js';
export {
  type SeriesValue,
  type SeriesComparison,
  type PeriodValues,
  relativeChange,
  compareSeries,
  compareSeriesWithLastYear,
} from './comparisons.js';
export { type Direction, type Ranked, rankRows } from './rankings.js';
export { normalCritical, tCritical } from './distributions.js';
export {
  type ProportionInterval,
  type DifferenceInterval,
  type WelchResult,
  type CorrelationResult,
  wilsonInterval,
  newcombeDifference,
  welchInterval,
  pearson,
} from './intervals.js';
export {
  type Signal,
  type ChartKind,
  type SpcPoint,
  type SpcChart,
  type CountPoint,
  type ValuePoint,
  type CountChartOptions,
  type IndicatorKind,
  type SeriesPoint,
  pChart,
  uChart,
  xmrChart,
  unitScale,
  spcChartFor,
} from './spc.js';
