import type { TableSpec } from '../clients/types.js';

/**
 * `raw.reported_values`: the values hospitals reported on forms (数据上报), one row per hospital ×
 * period × data element, written when a center approves a submission. A later approval of the same
 * hospital, period and element replaces the earlier value (key `value_key`). Elements bound to a
 * library indicator are named `<indicator code>:<variable>`, e.g. `MRQ-01:numerator`. A 逐例数值
 * field (a list of cases, for median / percentile indicators) writes one row per case, keyed
 * `<value key>#<case number>`; when a later approval has fewer cases, the cases beyond are written
 * again with a NULL value (aggregates skip them), so that the rows always say the latest list.
 */
export const REPORTED_VALUES_SPEC: TableSpec = {
  schema: 'raw',
  name: 'reported_values',
  key: 'value_key',
  columns: [
    { key: 'value_key', type: 'string', required: true },
    { key: 'org_code', type: 'string', required: true },
    { key: 'period_grain', type: 'string', required: true },
    { key: 'period_start', type: 'date', required: true },
    { key: 'period_end', type: 'date', required: true },
    { key: 'element_code', type: 'string', required: true },
    { key: 'value', type: 'double' },
    { key: 'form_code', type: 'string', required: true },
    { key: 'submission_id', type: 'int', required: true },
    { key: 'approved_at', type: 'timestamp', required: true },
    { key: '_loaded_at', type: 'timestamp', required: true },
  ],
};

/** The key of one reported value: hospital, period grain and start, element. */
export function reportedValueKey(orgCode: string, grain: string, periodStart: string, elementCode: string): string {
  return `${orgCode}|${grain}|${periodStart}|${elementCode}`;
}

/** The key of one case of a 逐例数值 element: the element's key, `#` and the 1-based case number. */
export function reportedCaseKey(orgCode: string, grain: string, periodStart: string, elementCode: string, index: number): string {
  return `${reportedValueKey(orgCode, grain, periodStart, elementCode)}#${index}`;
}
