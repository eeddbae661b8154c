import type { Dialect, WarehouseClient } from '@qc/warehouse';
import type { RecordSet } from './bindings.js';
import { dateParam, numberOrNull, placeholders } from './sql.js';

/** The records behind one part (numerator or denominator) of one cell. */
export interface DrillQuery {
  records: RecordSet;
  /** Hospitals of the cell (already cut to the caller's scope). */
  hospitals: string[];
  /** First and last discharge month of the cell, `YYYY-MM-01`. */
  fromMonth: string;
  toMonth: string;
  page: number;
  pageSize: number;
}

/** One record as the drill-down lists it: identifiers and clinical facts, never a name or an ID number. */
export interface DrillItem {
  recordKey: string;
  orgCode: string;
  recordNo: string;
  admissionSeq: number | null;
  dischargeTime: string | null;
  dischargeDept: string | null;
  mainDiagCode: string | null;
  mainDiagName: string | null;
  losDays: number | null;
  dischargeMethod: string | null;
  opCode?: string | null;
  opName?: string | null;
  opLevel?: number | null;
}

const DISCHARGE_FIELDS: [string, string][] = [
  ['record_key', 'recordKey'],
  ['org_code', 'orgCode'],
  ['record_no', 'recordNo'],
  ['admission_seq', 'admissionSeq'],
  ['discharge_time', 'dischargeTime'],
  ['discharge_dept', 'dischargeDept'],
  ['main_diag_code', 'mainDiagCode'],
  ['main_diag_name', 'mainDiagName'],
  ['los_days', 'losDays'],
  ['discharge_method', 'dischargeMethod'],
];
const OPERATION_FIELDS: [string, string][] = [
  ['op_code', 'opCode'],
  ['op_name', 'opName'],
  ['op_level', 'opLevel'],
];

/** `LIMIT … OFFSET …` for a page; refuses anything but small positive integers. */
export function pageClause(page: number, pageSize: number): string {
  if (!Number.isSafeInteger(page) || page < 1 || !Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 10_000) {
    throw new RangeError(`bad page ${page} / pageSize ${pageSize}`);
  }
  // integers checked above: inlined because not every engine takes parameters in LIMIT
  return `LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;
}

/** The filtered rows of a record set's mart: the cell's hospitals and months plus the binding's condition. */
function filtered(dialect: Dialect, table: string, query: DrillQuery, where: string | null, params: unknown[], columns: string): string {
  const q = dialect.quoteIdentifier;
  params.push(...query.hospitals, query.fromMonth, query.toMonth);
  return `SELECT ${columns} FROM ${table}
WHERE ${q('org_code')} IN (${placeholders(query.hospitals.length)})
  AND ${q('discharge_month')} >= ${dateParam(dialect)} AND ${q('discharge_month')} <= ${dateParam(dialect)}${where ? `\n  AND (${where})` : ''}`;
}

/**
 * SQL for one page of the records behind a cell and for their count, ordered by discharge time. Operation
 * slots carry their discharge's facts (joined by record_key).
 */
export function buildDrillSql(
  dialect: Dialect,
  query: DrillQuery,
  martsTable: (name: string) => string,
): { page: { sql: string; params: unknown[] }; count: { sql: string; params: unknown[] } } {
  const q = dialect.quoteIdentifier;
  const discharges = martsTable('fct_discharge');
  const countParams: unknown[] = [];
  const pageParams: unknown[] = [];
  if (query.records.table === 'fct_discharge') {
    const select = DISCHARGE_FIELDS.map(([c, a]) => `${q(c)} AS ${q(a)}`).join(', ');
    const count = `SELECT count(*) AS ${q('n')} FROM (${filtered(dialect, discharges, query, query.records.where, countParams, q('record_key'))}) x`;
    const page = `${filtered(dialect, discharges, query, query.records.where, pageParams, select)}
ORDER BY ${q('discharge_time')}, ${q('record_key')}
${pageClause(query.page, query.pageSize)}`;
    return { page: { sql: page, params: pageParams }, count: { sql: count, params: countParams } };
  }
  const operations = martsTable('fct_operation');
  const count = `SELECT count(*) AS ${q('n')} FROM (${filtered(dialect, operations, query, query.records.where, countParams, q('operation_key'))}) x`;
  const opColumns = [q('record_key'), q('op_slot'), ...OPERATION_FIELDS.map(([c]) => q(c))].join(', ');
  const dColumns = DISCHARGE_FIELDS.map(([c]) => q(c)).join(', ');
  const o = filtered(dialect, operations, query, query.records.where, pageParams, opColumns);
  const d = filtered(dialect, discharges, query, null, pageParams, dColumns);
  const select = [...DISCHARGE_FIELDS.map(([c, a]) => `d.${q(c)} AS ${q(a)}`), ...OPERATION_FIELDS.map(([c, a]) => `o.${q(c)} AS ${q(a)}`)].join(', ');
  const page = `SELECT ${select}
FROM (${o}) o
INNER JOIN (${d}) d ON d.${q('record_key')} = o.${q('record_key')}
ORDER BY d.${q('discharge_time')}, d.${q('record_key')}, o.${q('op_slot')}
${pageClause(query.page, query.pageSize)}`;
  return { page: { sql: page, params: pageParams }, count: { sql: count, params: countParams } };
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** One page of the records behind a cell, and how many there are. */
export async function queryDrill(warehouse: WarehouseClient, query: DrillQuery): Promise<{ total: number; items: DrillItem[] }> {
  if (!query.hospitals.length) return { total: 0, items: [] };
  const built = buildDrillSql(warehouse.dialect, query, (n) => warehouse.martsTable(n));
  const [counted, rows] = await Promise.all([warehouse.query(built.count.sql, built.count.params), warehouse.query(built.page.sql, built.page.params)]);
  const operations = query.records.table === 'fct_operation';
  const items = rows.map((r): DrillItem => ({
    recordKey: String(r.recordKey),
    orgCode: String(r.orgCode),
    recordNo: String(r.recordNo),
    admissionSeq: numberOrNull(r.admissionSeq),
    dischargeTime: text(r.dischargeTime),
    dischargeDept: text(r.dischargeDept),
    mainDiagCode: text(r.mainDiagCode),
    mainDiagName: text(r.mainDiagName),
    losDays: numberOrNull(r.losDays),
    dischargeMethod: text(r.dischargeMethod),
    ...(operations ? { opCode: text(r.opCode), opName: text(r.opName), opLevel: numberOrNull(r.opLevel) } : {}),
  }));
  return { total: numberOrNull(counted[0]?.n) ?? 0, items };
}
