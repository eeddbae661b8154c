import type { TableSpec } from '../clients/types.js';
import { DISCHARGE_COLUMNS, DISCHARGE_TABLE } from './discharge.js';

export { DISCHARGE_COLUMNS, DISCHARGE_TABLE, PERSONAL_HEADERS, type ColumnSpec, type ColumnType } from './discharge.js';
export { arrowSchemaFor, arrowTypeFor, formatDate, formatTimestamp, normalizeArrow, parseWallClock, tableFromRows, type NormalizeOptions } from './arrow.js';

/** `raw.discharge_records` as a full table spec (place, columns, key). */
export const DISCHARGE_SPEC: TableSpec = { ...DISCHARGE_TABLE, columns: DISCHARGE_COLUMNS };
export { REPORTED_VALUES_SPEC, reportedCaseKey, reportedValueKey } from './reported.js';
