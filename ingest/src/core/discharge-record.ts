/**
 * One discharge record (住院病案首页) from any source → one row of `raw.discharge_records`, or the
 * reasons it cannot be one. The rules are those of shared/formats/discharge-record.md; every message is
 * Chinese and starts with the column it is about, so a hospital knows what to fix.
 */
import { createHmac } from 'node:crypto';
import { DISCHARGE_COLUMNS, PERSONAL_HEADERS, type ColumnSpec } from '@qc/warehouse';
import type { AirbyteStream, RejectedRow } from './protocol.js';

export interface NormalizeContext {
  /** The uploading hospital: when given, every row's 医疗机构代码 must equal it. */
  orgCode?: string;
  /** A QC center's upload: every row's 医疗机构代码 must be one of the hospitals it supervises. */
  center?: { code: string; hospitals: ReadonlySet<string> };
  /** Key of the HMAC that turns 身份证号 / 病案号 into `patient_key`. */
  patientKeySecret: string;
  runId: string;
  source: string;
  loadedAt: Date;
  /**
   * How a JS `Date` given as a value is read as wall-clock time: 'utc' (default; what exceljs yields
   * and what this module emits) takes its UTC fields, 'local' its local fields (pg / mysql2 defaults).
   */
  dateValues?: 'utc' | 'local';
}

/** The stream name every discharge-record connector emits its records on. */
export const DISCHARGE_STREAM = 'discharge_records';

export type NormalizeResult = { ok: true; record: Record<string, unknown> } | { ok: false; rejects: RejectedRow[] };

/** The keys a discharge file may carry: the spec's columns with a header, plus the personal ones. */
export const FILE_COLUMNS: ColumnSpec[] = [
  ...DISCHARGE_COLUMNS.filter((c) => c.header !== undefined),
  { key: 'patient_name', header: PERSONAL_HEADERS.patient_name, type: 'string' },
  { key: 'id_card_no', header: PERSONAL_HEADERS.id_card_no, type: 'string' },
];

/** Keys a file header must contain (record_key, patient_key and load metadata are computed). */
export const REQUIRED_FILE_KEYS: string[] = FILE_COLUMNS.filter((c) => c.required).map((c) => c.key);

const SPEC_BY_KEY = new Map(FILE_COLUMNS.map((c) => [c.key, c]));

/** Chinese column name of a key, for messages; the key itself when it has none. */
export function keyToHeader(key: string): string {
  return SPEC_BY_KEY.get(key)?.header ?? key;
}

// Hospitals' files differ in full-width parentheses and stray spaces; the header means the same.
function canonicalHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\s+/g, '');
}

const KEY_BY_HEADER = new Map<string, string>();
for (const c of FILE_COLUMNS) {
  if (c.header) KEY_BY_HEADER.set(canonicalHeader(c.header), c.key);
  KEY_BY_HEADER.set(c.key.toLowerCase(), c.key);
}

/** Chinese header (trimmed, BOM-free, full- or half-width parentheses) → format key; also accepts the English key. */
export function headerToKey(header: string): string | undefined {
  const h = canonicalHeader(header);
  return KEY_BY_HEADER.get(h) ?? KEY_BY_HEADER.get(h.toLowerCase());
}

// ---- code lists of the format -------------------------------------------------------------------

const CODE_LISTS: Record<string, readonly string[]> = {
  sex: ['0', '1', '2', '9'],
  admission_route: ['1', '2', '3', '9'],
  main_diag_admit_condition: ['1', '2', '3', '4'],
  discharge_method: ['1', '2', '3', '4', '5', '9'],
  readmit_plan_31d: ['1', '2'],
  payment_method: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
};

// ICD-10 国家临床版: letter, two digits, optional extension (I21.0, I21.000x001), optional †/* marks.
const ICD10 = /^[A-Za-z][0-9]{2}(\.[0-9A-Za-z]{1,8})?[+*†]?$/;
const ICD10_EXTERNAL = /^[V-Yv-y][0-9]{2}(\.[0-9A-Za-z]{1,8})?$/;
// ICD-9-CM-3 国家临床版: two digits, optional extension (36.06, 81.5100x001).
const ICD9CM3 = /^[0-9]{2}(\.[0-9A-Za-z]{1,8})?$/;
// ICD-O morphology: M8140/3.
const M_CODE = /^M[0-9]{4,5}(\/[0-9])?$/i;
const INCISION = /^(0|Ⅰ|Ⅱ|Ⅲ)(\/(甲|乙|丙|其他))?$/;
const MAX_OTHER_DIAG = 40;
const OP_SLOTS = 10;
const OP_SLOT_FIELDS = ['op_name', 'op_date', 'op_level', 'op_incision', 'op_anesthesia'] as const;
const CODE_LIST_ENTRIES = Object.entries(CODE_LISTS);

// Precomputed once: normalizing runs per row of million-row files.
const INPUT_COLUMNS = DISCHARGE_COLUMNS.filter((c) => c.header !== undefined);
const EMPTY_RECORD: Record<string, null> = Object.fromEntries(DISCHARGE_COLUMNS.map((c) => [c.key, null]));
const OP_SLOT_KEYS = Array.from({ length: OP_SLOTS }, (_, n) => {
  const i = n + 1;
  return {
    code: `op_code_${i}`,
    date: `op_date_${i}`,
    level: `op_level_${i}`,
    incision: `op_incision_${i}`,
    others: OP_SLOT_FIELDS.map((f) => `${f}_${i}`),
  };
});

// ---- value parsing ------------------------------------------------------------------------------

type Parsed<T> = { value: T } | { error: string };

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (typeof v === 'number' && Number.isNaN(v));
}

function show(v: unknown): string {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  const s = String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function asText(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  return String(v).trim();
}

function parseInt32(v: unknown): Parsed<number> {
  if (typeof v === 'number') return Number.isInteger(v) ? { value: v } : { error: `应为整数，实为“${show(v)}”` };
  if (typeof v === 'bigint') return { value: Number(v) };
  const s = asText(v);
  // "3.0" comes out of spreadsheets that store every number as a float.
  const m = /^([+-]?[0-9]+)(\.0*)?$/.exec(s);
  if (!m) return { error: `应为整数，实为“${show(s)}”` };
  const n = Number(m[1]);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2_147_483_647) return { error: `数值过大：“${show(s)}”` };
  return { value: n };
}

function parseDecimal(v: unknown): Parsed<number> {
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v } : { error: `应为数字，实为“${show(v)}”` };
  if (typeof v === 'bigint') return { value: Number(v) };
  const s = asText(v);
  if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(s)) return { error: `应为数字，实为“${show(s)}”` };
  return { value: Number(s) };
}

function validYmd(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || y < 1800 || y > 2200) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function wallClock(v: Date, mode: 'utc' | 'local'): Date {
  if (mode === 'utc') return new Date(v.getTime());
  return new Date(Date.UTC(v.getFullYear(), v.getMonth(), v.getDate(), v.getHours(), v.getMinutes(), v.getSeconds(), v.getMilliseconds()));
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$/;

/** YYYY-MM-DD → Date at UTC midnight (the convention of the warehouse: UTC fields = wall clock). */
function parseDate(v: unknown, mode: 'utc' | 'local'): Parsed<Date> {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return { error: '不是有效日期' };
    const w = wallClock(v, mode);
    return { value: new Date(Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate())) };
  }
  const s = asText(v);
  const m = DATE_RE.exec(s);
  if (!m) return { error: `应为 YYYY-MM-DD 格式的日期，实为“${show(s)}”` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validYmd(y, mo, d)) return { error: `不是有效日期：“${s}”` };
  return { value: new Date(Date.UTC(y, mo - 1, d)) };
}

/** YYYY-MM-DD HH:mm[:ss] (or YYYY-MM-DD alone when `dateOnlyOk`) → Date whose UTC fields are the wall clock. */
function parseTimestamp(v: unknown, mode: 'utc' | 'local', dateOnlyOk: boolean): Parsed<Date> {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { error: '不是有效时间' } : { value: wallClock(v, mode) };
  const s = asText(v);
  const m = DATETIME_RE.exec(s);
  if (m) {
    const [y, mo, d, h, mi, se] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (!validYmd(y, mo, d) || h > 23 || mi > 59 || se > 59) return { error: `不是有效时间：“${s}”` };
    return { value: new Date(Date.UTC(y, mo - 1, d, h, mi, se)) };
  }
  if (dateOnlyOk && DATE_RE.test(s)) return parseDate(s, mode);
  const want = dateOnlyOk ? 'YYYY-MM-DD[ HH:mm]' : 'YYYY-MM-DD HH:mm[:ss]';
  return { error: `应为 ${want} 格式的时间，实为“${show(s)}”` };
}

function normalizeIncision(s: string): string {
  return s
    .replace(/\s+/g, '')
    .replace(/[／\\]/g, '/')
    .replace(/^III(?=\/|$)/i, 'Ⅲ')
    .replace(/^II(?=\/|$)/i, 'Ⅱ')
    .replace(/^I(?=\/|$)/i, 'Ⅰ');
}

// ---- the record ---------------------------------------------------------------------------------

/**
 * Validates one discharge record (keys of the format, values as read) and turns it into a row of
 * `raw.discharge_records`: typed per DISCHARGE_COLUMNS, with record_key and a keyed patient_key, with
 * 姓名 and 身份证号 dropped, and with load metadata. Returns every problem of the row, not only the first.
 */
export function normalizeDischarge(input: Record<string, unknown>, row: number, ctx: NormalizeContext): NormalizeResult {
  const rejects: RejectedRow[] = [];
  const fail = (key: string, what: string): void => {
    const field = keyToHeader(key);
    rejects.push({ row, field, message: `${field} ${what}` });
  };
  const mode = ctx.dateValues ?? 'utc';
  const out: Record<string, unknown> = { ...EMPTY_RECORD };

  const present = (key: string): boolean => !isBlank(input[key]);

  for (const c of INPUT_COLUMNS) {
    const raw = input[c.key];
    if (isBlank(raw)) {
      if (c.required) fail(c.key, '为必填项，不能为空');
      continue;
    }
    switch (c.type) {
      case 'string':
        out[c.key] = asText(raw);
        break;
      case 'int': {
        const p = parseInt32(raw);
        if ('error' in p) fail(c.key, p.error);
        else out[c.key] = p.value;
        break;
      }
      case 'double': {
        const p = parseDecimal(raw);
        if ('error' in p) fail(c.key, p.error);
        else out[c.key] = p.value;
        break;
      }
      case 'date': {
        const p = parseDate(raw, mode);
        if ('error' in p) fail(c.key, p.error);
        else out[c.key] = p.value;
        break;
      }
      case 'timestamp': {
        const p = parseTimestamp(raw, mode, c.key.startsWith('op_date_'));
        if ('error' in p) fail(c.key, p.error);
        else out[c.key] = p.value;
        break;
      }
    }
  }

  // organisation
  const org = out.org_code as string | null;
  // configs that crossed JSON may say null for "no hospital"
  if (org !== null && ctx.orgCode && org !== ctx.orgCode) {
    fail('org_code', `“${show(org)}”与上传机构（${ctx.orgCode}）不一致`);
  }
  if (org !== null && ctx.center && !ctx.center.hospitals.has(org)) {
    fail('org_code', `“${show(org)}”不是上传机构（${ctx.center.code}）监管的医院`);
  }

  // code lists
  for (const [key, codes] of CODE_LIST_ENTRIES) {
    const v = out[key];
    if (typeof v === 'string' && !codes.includes(v)) {
      fail(key, `代码“${show(v)}”不在值域内（${codes.join('、')}）`);
      out[key] = null;
    }
  }

  // ranges
  const atLeast = (key: string, min: number): void => {
    const v = out[key];
    if (typeof v === 'number' && v < min) fail(key, min === 0 ? `不能为负数，实为 ${v}` : `应不小于 ${min}，实为 ${v}`);
  };
  atLeast('admission_seq', 1);
  atLeast('age', 0);
  atLeast('infant_age_days', 0);
  atLeast('newborn_birth_weight_g', 0);
  atLeast('los_days', 1);
  atLeast('coma_hours_before', 0);
  atLeast('coma_hours_after', 0);
  atLeast('total_cost', 0);
  atLeast('self_pay_cost', 0);
  if (typeof out.age === 'number' && out.age > 150) fail('age', `超出合理范围（0–150），实为 ${out.age}`);
  if (typeof out.infant_age_days === 'number' && out.infant_age_days > 365) {
    fail('infant_age_days', `应不超过 365，实为 ${out.infant_age_days}`);
  }

  // times
  const admit = out.admit_time as Date | null;
  const discharge = out.discharge_time as Date | null;
  if (admit && discharge && discharge.getTime() < admit.getTime()) fail('discharge_time', '早于入院时间');
  const birth = out.birth_date as Date | null;
  if (birth && admit && birth.getTime() > admit.getTime()) fail('birth_date', '晚于入院时间');
  const icuIn = out.icu_in_time as Date | null;
  const icuOut = out.icu_out_time as Date | null;
  if (icuIn && icuOut && icuOut.getTime() < icuIn.getTime()) fail('icu_out_time', '早于重症监护室进入时间');
  if (!present('icu_in_time') && present('icu_out_time')) fail('icu_in_time', '为空，但填写了重症监护室转出时间');

  // costs
  if (typeof out.self_pay_cost === 'number' && typeof out.total_cost === 'number' && out.total_cost >= 0 && out.self_pay_cost > out.total_cost) {
    fail('self_pay_cost', `大于住院总费用（${out.total_cost}），实为 ${out.self_pay_cost}`);
  }

  // diagnoses
  const mainDiag = out.main_diag_code as string | null;
  if (mainDiag !== null && !ICD10.test(mainDiag)) fail('main_diag_code', `“${show(mainDiag)}”不是有效的 ICD-10 编码`);
  if (typeof out.other_diag_codes === 'string') {
    const codes = out.other_diag_codes
      .split(/[;；]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const bad = codes.filter((c) => !ICD10.test(c));
    if (bad.length > 0) fail('other_diag_codes', `含无效的 ICD-10 编码：${bad.slice(0, 5).map(show).join('、')}`);
    if (codes.length > MAX_OTHER_DIAG) fail('other_diag_codes', `最多 ${MAX_OTHER_DIAG} 个，实为 ${codes.length} 个`);
    out.other_diag_codes = codes.length > 0 ? codes.join(';') : null;
  }
  if (typeof out.transfer_depts === 'string') {
    const depts = out.transfer_depts
      .split(/[;；]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    out.transfer_depts = depts.length > 0 ? depts.join(';') : null;
  }
  const patho = out.pathology_diag_code as string | null;
  if (patho !== null && !M_CODE.test(patho)) fail('pathology_diag_code', `“${show(patho)}”不是有效的病理形态学编码（如 M8140/3）`);
  const external = out.external_cause_code as string | null;
  if (external !== null && !ICD10_EXTERNAL.test(external)) {
    fail('external_cause_code', `“${show(external)}”不是有效的外部原因编码（ICD-10 V–Y）`);
  }

  // operations: a slot is its code; the other fields of a slot only mean something with it
  for (const slot of OP_SLOT_KEYS) {
    const code = out[slot.code] as string | null;
    if (code === null) {
      const filled = slot.others.filter((k) => present(k));
      if (filled.length > 0) fail(slot.code, `为空，但填写了${filled.map(keyToHeader).join('、')}`);
      continue;
    }
    if (!ICD9CM3.test(code)) fail(slot.code, `“${show(code)}”不是有效的 ICD-9-CM-3 编码`);
    if (!present(slot.date)) fail(slot.date, `为必填项（已填${keyToHeader(slot.code)}）`);
    const level = out[slot.level];
    if (typeof level === 'number' && (level < 1 || level > 4)) fail(slot.level, `应为 1、2、3、4 之一，实为 ${level}`);
    const incision = out[slot.incision];
    if (typeof incision === 'string') {
      const n = normalizeIncision(incision);
      if (!INCISION.test(n)) fail(slot.incision, `“${show(incision)}”不是有效的切口愈合等级（如 Ⅰ/甲）`);
      else out[slot.incision] = n;
    }
  }

  if (rejects.length > 0) return { ok: false, rejects };

  const recordNo = out.record_no as string;
  const idCard = present('id_card_no') ? asText(input.id_card_no).toUpperCase() : '';
  out.record_key = `${org}|${recordNo}|${out.admission_seq as number}`;
  out.patient_key = createHmac('sha256', ctx.patientKeySecret)
    .update(`${org}|${idCard || recordNo}`)
    .digest('hex');
  out._run_id = ctx.runId;
  out._source = ctx.source;
  out._row_number = row;
  out._loaded_at = ctx.loadedAt;
  return { ok: true, record: out };
}

const JSON_TYPES: Record<ColumnSpec['type'], Record<string, unknown>> = {
  string: { type: ['string', 'null'] },
  int: { type: ['integer', 'null'] },
  double: { type: ['number', 'null'] },
  date: { type: ['string', 'null'], format: 'date' },
  timestamp: { type: ['string', 'null'], format: 'date-time', airbyte_type: 'timestamp_without_timezone' },
};

/** The discharge-record stream as connectors announce it in `discover`: keyed by record_key. */
export function dischargeStream(): AirbyteStream {
  const properties: Record<string, unknown> = {};
  for (const c of DISCHARGE_COLUMNS) properties[c.key] = { ...JSON_TYPES[c.type], ...(c.header ? { description: c.header } : {}) };
  return {
    name: DISCHARGE_STREAM,
    json_schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties },
    supported_sync_modes: ['full_refresh'],
    source_defined_primary_key: [['record_key']],
  };
}

