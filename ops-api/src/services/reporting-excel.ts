import { AppError } from '../errors.js';
import type { FieldRow, FormRow } from '../presenters/report.js';
import type { Actor, Db } from './context.js';
import { formFields } from './reporting-forms.js';
import { findTaskToFill, importDraft } from './reporting-tasks.js';
import { PERIOD_FORMAT, type PeriodGrain } from './reporting-periods.js';
import { coerceValue, type ReportValues } from './reporting-validation.js';

/**
 * The Excel template of a form, one sheet 填报: a head naming the form, the period and the hospital,
 * then one row per field (code, label, unit, type, required, range, value). A form with 逐例数值
 * fields has a second sheet 逐例数值: row 1 their codes, row 2 their labels, one case per row below.
 * The import reads the same layout back, locating cells by their labels rather than fixed positions
 * where it can.
 */
export const SHEET_NAME = '填报';
export const CASES_SHEET_NAME = '逐例数值';
/** The first row of cases on the 逐例数值 sheet (row 1: codes, row 2: labels). */
const FIRST_CASE_ROW = 3;
const TYPE_NAMES: Record<string, string> = { number: '数值', integer: '整数', cases: '逐例数值' };
const HEAD = { form: '表单编码', period: '期间', hospital: '机构代码' } as const;
const TABLE_HEADER = ['字段代码', '字段名称', '单位', '类型', '必填', '取值范围', '填报值'];
const VALUE_COLUMN = 7;

export interface TemplateOptions {
  periodLabel?: string | null;
  hospital?: { code: string; name: string } | null;
  values?: ReportValues;
}

/** Builds the template workbook of a form, optionally pre-filled with a period, a hospital and values. */
export async function reportTemplateWorkbook(form: FormRow, fields: FieldRow[], options: TemplateOptions = {}): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '柳州市医疗质控中心管理平台';
  const ws = wb.addWorksheet(SHEET_NAME);
  ws.addRow([HEAD.form, form.code, form.name]);
  ws.addRow([HEAD.period, options.periodLabel ?? '', `格式：${PERIOD_FORMAT[form.period_grain as PeriodGrain]}`]);
  ws.addRow([HEAD.hospital, options.hospital?.code ?? '', options.hospital?.name ?? '填写本院机构代码']);
  ws.addRow([]);
  ws.addRow(TABLE_HEADER);
  for (const f of fields) {
    const range = [f.min !== null ? `≥ ${Number(f.min)}` : '', f.max !== null ? `≤ ${Number(f.max)}` : ''].filter(Boolean).join('，');
    const value = options.values?.[f.code];
    const cell = f.type === 'cases' ? `见“${CASES_SHEET_NAME}”工作表` : Array.isArray(value) ? null : (value ?? null);
    ws.addRow([f.code, f.label, f.unit ?? '', TYPE_NAMES[f.type] ?? f.type, f.required ? '是' : '', range, cell]);
  }
  for (const r of [1, 2, 3]) ws.getCell(r, 1).font = { bold: true };
  ws.getRow(5).font = { bold: true };
  ws.getColumn(1).width = 16;
  ws.getColumn(2).width = 36;
  ws.getColumn(3).width = 10;
  ws.getColumn(6).width = 16;
  ws.getColumn(VALUE_COLUMN).width = 16;
  ws.views = [{ state: 'frozen', ySplit: 5 }];
  if (form.rules?.length) {
    ws.addRow([]);
    ws.addRow(['校验规则']).font = { bold: true };
    for (const rule of form.rules) ws.addRow([rule.expression, rule.message]);
  }
  const caseFields = fields.filter((f) => f.type === 'cases');
  if (caseFields.length) {
    const cs = wb.addWorksheet(CASES_SHEET_NAME);
    cs.addRow(caseFields.map((f) => f.code));
    cs.addRow(caseFields.map((f) => `${f.label}${f.unit ? `（${f.unit}）` : ''}`)).font = { bold: true };
    caseFields.forEach((f, i) => {
      const list = options.values?.[f.code];
      if (Array.isArray(list)) list.forEach((v, k) => (cs.getCell(FIRST_CASE_ROW + k, i + 1).value = v));
      cs.getColumn(i + 1).width = 24;
    });
    cs.getRow(1).font = { color: { argb: 'FF888888' } };
    cs.views = [{ state: 'frozen', ySplit: 2 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface CellProblem {
  row: number;
  field: string;
  label: string;
  message: string;
}

export interface ParsedTemplate {
  formCode: string;
  periodLabel: string;
  hospitalCode: string;
  /** Field code → raw cell value with its row number. */
  cells: { row: number; code: string; raw: unknown }[];
  /** The 逐例数值 sheet: per column's field code, its non-empty cells with their row numbers. */
  cases: { code: string; column: number; cells: { row: number; raw: unknown }[] }[];
}

/** A cell's plain value: formula results, rich text and hyperlinks unwrapped. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as { result?: unknown; richText?: { text: string }[]; text?: string; error?: string };
    if (v.error) return v.error;
    if ('result' in v) return plain(v.result);
    if (v.richText) return v.richText.map((t) => t.text).join('');
    if (typeof v.text === 'string') return v.text;
  }
  return value;
}

const asText = (v: unknown) => (v === null || v === undefined ? '' : String(plain(v)).trim());

/** Reads a filled template; throws a list of row messages when its layout is not the template's. */
export async function parseTemplate(buffer: Buffer): Promise<{ parsed?: ParsedTemplate; problems: CellProblem[] }> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { problems: [{ row: 0, field: 'file', label: '文件', message: '无法读取该 Excel 文件，请使用平台下载的模板' }] };
  }
  const ws = wb.getWorksheet(SHEET_NAME) ?? wb.worksheets[0];
  if (!ws) return { problems: [{ row: 0, field: 'file', label: '文件', message: '文件中没有工作表' }] };
  const head = new Map<string, { row: number; value: string }>();
  let headerRow = 0;
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const first = asText(row.getCell(1).value);
    if (!headerRow && first === TABLE_HEADER[0] && asText(row.getCell(VALUE_COLUMN).value) === TABLE_HEADER[VALUE_COLUMN - 1]) headerRow = n;
    if (!headerRow && Object.values(HEAD).includes(first as (typeof HEAD)[keyof typeof HEAD])) head.set(first, { row: n, value: asText(row.getCell(2).value) });
  });
  const problems: CellProblem[] = [];
  if (!headerRow) problems.push({ row: 0, field: 'file', label: '文件', message: `工作表“${ws.name}”中找不到表头“字段代码 … 填报值”，请使用平台下载的模板` });
  for (const [key, label] of [['form', HEAD.form], ['period', HEAD.period]] as const) {
    const cell = head.get(label);
    if (!cell?.value) problems.push({ row: cell?.row ?? 0, field: key, label, message: `${cell ? `第${cell.row}行：` : ''}“${label}”未填写` });
  }
  if (problems.length) return { problems };
  const cells: ParsedTemplate['cells'] = [];
  for (let n = headerRow + 1; n <= ws.rowCount; n++) {
    const row = ws.getRow(n);
    const code = asText(row.getCell(1).value);
    // the table ends at the first empty row (rules may follow)
    if (!code) break;
    cells.push({ row: n, code, raw: plain(row.getCell(VALUE_COLUMN).value) });
  }
  const cases: ParsedTemplate['cases'] = [];
  const cs = wb.getWorksheet(CASES_SHEET_NAME);
  if (cs) {
    const codes = cs.getRow(1);
    for (let c = 1; c <= cs.columnCount; c++) {
      const code = asText(codes.getCell(c).value);
      if (!code) continue;
      const column: ParsedTemplate['cases'][number] = { code, column: c, cells: [] };
      for (let n = FIRST_CASE_ROW; n <= cs.rowCount; n++) {
        const raw = plain(cs.getRow(n).getCell(c).value);
        if (asText(raw) !== '') column.cells.push({ row: n, raw });
      }
      cases.push(column);
    }
  }
  return {
    parsed: { formCode: head.get(HEAD.form)!.value, periodLabel: head.get(HEAD.period)!.value, hospitalCode: head.get(HEAD.hospital)?.value ?? '', cells, cases },
    problems,
  };
}

/** One cell as a number of field `f`, or the message for its row: type, integer, range. */
function cellNumber(f: FieldRow, raw: unknown, where: string): { value: number | null } | { problem: string } {
  const coerced = raw instanceof Date ? { error: '是日期，不是数字' } : coerceValue(raw);
  if ('error' in coerced) return { problem: `${where}：${coerced.error}` };
  const v = coerced.value;
  if (v !== null) {
    if (f.type === 'integer' && !Number.isInteger(v)) return { problem: `${where}：必须是整数` };
    if (f.min !== null && v < Number(f.min)) return { problem: `${where}：不能小于 ${Number(f.min)}` };
    if (f.max !== null && v > Number(f.max)) return { problem: `${where}：不能大于 ${Number(f.max)}` };
  }
  return { value: v };
}

/**
 * Turns the template's cells into values of the form's fields, with a row + field message per bad
 * cell: one number per field from 填报, the list of cases of each 逐例数值 field from its own sheet.
 */
export function valuesFromCells(
  fields: FieldRow[],
  cells: ParsedTemplate['cells'],
  cases: ParsedTemplate['cases'] = [],
): { values: ReportValues; problems: CellProblem[] } {
  const byCode = new Map(fields.map((f) => [f.code, f]));
  const values: ReportValues = {};
  const problems: CellProblem[] = [];
  for (const { row, code, raw } of cells) {
    const f = byCode.get(code);
    if (!f) {
      problems.push({ row, field: code, label: code, message: `第${row}行：字段代码“${code}”不在该表单中` });
      continue;
    }
    // its cases are on their own sheet; the cell only points there
    if (f.type === 'cases') continue;
    const got = cellNumber(f, raw, `第${row}行（${f.label}）`);
    if ('problem' in got) problems.push({ row, field: code, label: f.label, message: got.problem });
    else values[code] = got.value;
  }
  for (const column of cases) {
    const f = byCode.get(column.code);
    if (!f || f.type !== 'cases') {
      const message = `工作表“${CASES_SHEET_NAME}”第1行第${column.column}列：“${column.code}”不是该表单的逐例数值字段`;
      problems.push({ row: 1, field: column.code, label: column.code, message });
      continue;
    }
    const list: number[] = [];
    for (const { row, raw } of column.cells) {
      const got = cellNumber(f, raw, `工作表“${CASES_SHEET_NAME}”第${row}行（${f.label}）`);
      if ('problem' in got) problems.push({ row, field: f.code, label: f.label, message: got.problem });
      else if (got.value !== null) list.push(got.value);
    }
    values[f.code] = list.length ? list : null;
  }
  return { values, problems };
}

/**
 * Fills a task's draft from a filled template: the form by its code, the period, the hospital (the
 * actor's own). Bad cells refuse the whole file with a message per row and field; rule failures do
 * not (a draft may be incomplete) and come back as the draft's validation.
 */
export async function importFilledTemplate(db: Db, actor: Actor, buffer: Buffer, today: string) {
  const { parsed, problems } = await parseTemplate(buffer);
  const refuse = (list: CellProblem[]): never => {
    throw new AppError(400, 'VALIDATION_FAILED', `导入失败：${list.slice(0, 5).map((p) => p.message).join('；')}${list.length > 5 ? `；等 ${list.length} 处` : ''}`, { errors: list });
  };
  if (!parsed) return refuse(problems);
  const form = (await db('report_forms').where('code', parsed.formCode).first()) as FormRow | undefined;
  if (!form) return refuse([{ row: 1, field: 'form', label: '表单编码', message: `第1行：表单“${parsed.formCode}”不存在或未下发给本院` }]);
  const task = await findTaskToFill(db, actor, Number(form.id), parsed.periodLabel, parsed.hospitalCode || null);
  if (!task) {
    return refuse([{ row: 2, field: 'period', label: '期间', message: `第2行：没有找到${parsed.hospitalCode ? `机构 ${parsed.hospitalCode} ` : '本院'}“${form.name}” ${parsed.periodLabel} 的上报任务` }]);
  }
  const fields = await formFields(db, Number(form.id));
  const { values, problems: cellProblems } = valuesFromCells(fields, parsed.cells, parsed.cases);
  if (cellProblems.length) return refuse(cellProblems);
  const result = await importDraft(db, actor, Number(task.id), values, today);
  return { taskId: Number(task.id), ...result };
}
