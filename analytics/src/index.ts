/**
 * @qc/analytics: indicator formulas (parser → AST → checks → SQL for DuckDB and ClickHouse, or
 * in-memory evaluation), statistics (SPC, intervals, rankings) and the query layer over the
 * warehouse marts. The only door into this package; it may import only @qc/warehouse.
 */
export * from './indicators/index.js';
export * from './stats/index.js';
export * from './query/index.js';
// What ops-api needs of the warehouse to write reported values (it reaches the warehouse through us).
export { REPORTED_VALUES_SPEC, reportedCaseKey, reportedValueKey, tableFromRows } from '@qc/warehouse';
