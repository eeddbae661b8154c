/** Factories for discharge records and files in tests: valid by default, override what a test is about. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { FILE_COLUMNS } from '../src/core/discharge-record.js';

/** A valid discharge record keyed as in the format (values as a file would carry them). */
export function buildDischargeInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    org_code: '450201001',
    record_no: 'BA0001',
    admission_seq: '1',
    patient_name: '张三',
    id_card_no: '45020119800101123x',
    sex: '1',
    birth_date: '1980-01-01',
    age: '44',
    admission_route: '2',
    admit_time: '2024-03-01 08:30',
    admit_dept: '心血管内科',
    transfer_depts: '',
    discharge_time: '2024-03-08 10:00:00',
    discharge_dept: '心血管内科',
    los_days: '7',
    main_diag_code: 'I21.000x001',
    main_diag_name: '急性前壁心肌梗死',
    main_diag_admit_condition: '1',
    other_diag_codes: 'I10.x00;E11.900',
    op_code_1: '36.0601',
    op_name_1: '冠状动脉药物洗脱支架置入术',
    op_date_1: '2024-03-02 14:00',
    op_level_1: '4',
    op_incision_1: '0',
    op_anesthesia_1: '局部麻醉',
    discharge_method: '1',
    readmit_plan_31d: '1',
    payment_method: '1',
    total_cost: '35210.50',
    self_pay_cost: '5210.5',
    ...overrides,
  };
}


const HEADER_OF = new Map(FILE_COLUMNS.map((c) => [c.key, c.header!]));

/** The Chinese header of a key; other names pass through (unknown columns in tests). */
export function headerOf(key: string): string {
  return HEADER_OF.get(key) ?? key;
}

function csvField(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface CsvOptions {
  /** Column keys in file order (default: the keys of the first row). Unknown names become extra columns. */
  columns?: string[];
  encoding?: 'utf-8' | 'gb18030';
  bom?: boolean;
  eol?: '\r\n' | '\n';
  /** Raw lines appended after the rows (already in file syntax), e.g. broken rows. */
  rawLines?: string[];
}

/** A discharge-record CSV file's bytes: Chinese headers, rows in the given column order. */
export function buildDischargeCsv(rows: Record<string, unknown>[], opts: CsvOptions = {}): Buffer {
  const columns = opts.columns ?? Object.keys(rows[0] ?? buildDischargeInput());
  const eol = opts.eol ?? '\n';
  const lines = [columns.map((c) => csvField(headerOf(c))).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(','));
  lines.push(...(opts.rawLines ?? []));
  const text = lines.join(eol) + eol;
  const encoding = opts.encoding ?? 'utf-8';
  const body = iconv.encode(text, encoding);
  if (!opts.bom) return body;
  return Buffer.concat([encoding === 'utf-8' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.from([0x84, 0x31, 0x95, 0x33]), body]);
}

/** A discharge-record XLSX file's bytes (first sheet, Chinese headers in row 1); Date values become date cells. */
export async function buildDischargeXlsx(rows: Record<string, unknown>[], columns?: string[]): Promise<Buffer> {
  const cols = columns ?? Object.keys(rows[0] ?? buildDischargeInput());
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('病案首页');
  ws.addRow(cols.map(headerOf));
  for (const r of rows) ws.addRow(cols.map((c) => (r[c] === '' ? null : r[c])));
  wb.addWorksheet('说明').addRow(['这一页不是数据']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A temporary directory with a helper to write files into it; `cleanup()` removes it. */
export function tempDir(prefix = 'qc-ingest-'): { dir: string; write: (name: string, data: Buffer | string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write: (name, data) => {
      const p = join(dir, name);
      writeFileSync(p, data);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Valid discharge inputs with distinct record numbers (and dates spread over 2024). */
export function buildDischargeInputs(n: number, base: Record<string, unknown> = {}): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const day = String((i % 27) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    return buildDischargeInput({
      record_no: `BA${String(i + 1).padStart(6, '0')}`,
      id_card_no: `4502011980010${String(i % 100000).padStart(5, '0')}`,
      admit_time: `2024-${month}-${day} 08:30`,
      discharge_time: `2024-${month}-${day} 16:00`,
      op_date_1: `2024-${month}-${day} 10:00`,
      los_days: '1',
      ...base,
    });
  });
}
