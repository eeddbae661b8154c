import { checkFormula, evaluateFormula, lineColumn, namesOutsideAggregates } from '@qc/analytics';

/**
 * Checks of reported values: each field's type, required and range, then every form rule through the
 * formula engine of @qc/analytics (in memory). Shared by the validate, draft, submit and import paths
 * so that the UI, the API and Excel say the same thing.
 */
export interface FieldDef {
  code: string;
  label: string;
  unit: string | null;
  /** `cases` (逐例数值): a list of numbers, one per case, for median / percentile indicators. */
  type: FieldType;
  required: boolean;
  min: number | null;
  max: number | null;
}

export interface FormRule {
  expression: string;
  message: string;
}

export type FieldType = 'number' | 'integer' | 'cases';

/** A field's value: a number, a list of numbers (one per case, a `cases` field) or NULL (unfilled). */
export type ReportValue = number | number[] | null;
export type ReportValues = Record<string, ReportValue>;

/** The most cases one `cases` field takes. */
export const MAX_CASES = 5000;
/** How many bad cases of one field are named before the rest are counted. */
const NAMED_BAD_CASES = 3;

export interface ValueError {
  field: string;
  label: string;
  message: string;
  /** type: not a number (or no such field); required; range: integer/min/max; rule: a form rule failed. */
  kind: 'type' | 'required' | 'range' | 'rule';
}

type Checked = ReturnType<typeof checkFormula>;
export type RuleIssue = Checked['issues'][number] & { rule: number; field: string };

/** Names in rules are field codes; units are not compared (a rule relates counts of different things). */
function envFor(fields: readonly FieldDef[]) {
  const codes = new Set(fields.map((f) => f.code));
  return { resolve: (name: string) => (codes.has(name) ? { kind: 'element' as const, unit: null } : undefined) };
}

/** Issues that make a rule unusable; e.g. a unit mismatch is not one of them. */
const BLOCKING = new Set(['syntax', 'unknown_name', 'cycle', 'division_by_zero', 'arity', 'type']);

/** Checks every rule of a form against its fields; the issues carry the rule's index and the position. */
export function checkFormRules(fields: readonly FieldDef[], rules: readonly FormRule[]): RuleIssue[] {
  const env = envFor(fields);
  const caseCodes = new Set(fields.filter((f) => f.type === 'cases').map((f) => f.code));
  const out: RuleIssue[] = [];
  rules.forEach((rule, i) => {
    const checked = checkFormula(rule.expression, env);
    for (const issue of checked.issues) {
      if (BLOCKING.has(issue.code)) out.push({ ...issue, rule: i, field: `rules[${i}].expression`, message: `规则${i + 1}：${issue.message}` });
    }
    if (checked.ast) {
      // a list of cases is one value only through an aggregate: MEDIAN(durations), not durations
      for (const node of namesOutsideAggregates(checked.ast)) {
        if (!caseCodes.has(node.name)) continue;
        const { line, column } = lineColumn(rule.expression, node.span.start);
        const length = node.span.end - node.span.start;
        const message = `规则${i + 1}：第${line}行第${column}列：“${node.name}”是逐例数值，只能放在 SUM、AVG、MIN、MAX、COUNT、MEDIAN、PERCENTILE 中使用，如 MEDIAN(${node.name})`;
        out.push({ code: 'type', message, offset: node.span.start, line, column, length, rule: i, field: `rules[${i}].expression` });
      }
    }
    if (checked.ast && !checked.issues.length && checked.type === 'number') {
      const length = rule.expression.length;
      out.push({ code: 'type', message: `规则${i + 1}：规则必须是条件，如 deaths <= discharges`, offset: 0, line: 1, column: 1, length, rule: i, field: `rules[${i}].expression` });
    }
  });
  return out;
}

/** Turns what a client or a spreadsheet sent into a number, null for empty, or a reason in Chinese. */
export function coerceValue(raw: unknown): { value: number | null } | { error: string } {
  if (raw === null || raw === undefined) return { value: null };
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : { error: '不是有效的数字' };
  if (typeof raw === 'boolean') return { error: '不是数字' };
  if (typeof raw === 'string') {
    // full-width digits and signs (１２．５) read as ASCII ones
    const text = raw.normalize('NFKC').trim().replace(/,/g, '');
    if (text === '' || text === '-') return { value: null };
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { error: `“${raw.trim().slice(0, 20)}”不是数字` };
    const n = Number(text);
    return Number.isFinite(n) ? { value: n } : { error: '超出允许的范围' };
  }
  return { error: '不是数字' };
}

/** Separators between cases typed or pasted as one text: new lines, tabs, spaces, commas, semicolons, 、. */
const CASE_SEPARATORS = /[\s,，;；、]+/;

/**
 * The cases of a `cases` field from what a client or a spreadsheet sent: a list (blank entries
 * skipped), a text of separated numbers, or one number. Each bad entry comes back with its 1-based
 * position among the cases.
 */
export function coerceCases(raw: unknown): { values: number[]; errors: { index: number; error: string }[] } {
  const entries: unknown[] = Array.isArray(raw)
    ? raw
    : typeof raw === 'string'
      ? raw.split(CASE_SEPARATORS)
      : raw === null || raw === undefined
        ? []
        : [raw];
  const values: number[] = [];
  const errors: { index: number; error: string }[] = [];
  for (const entry of entries) {
    // a blank entry (an empty line, a trailing comma) is not a case
    if (entry === null || entry === undefined || (typeof entry === 'string' && entry.trim() === '')) continue;
    // full-width digits (１２．５) as typed on a Chinese keyboard or kept by a spreadsheet read as ASCII
    const text = typeof entry === 'string' ? entry.normalize('NFKC').trim() : entry;
    const coerced = coerceValue(text);
    // a case that is there must be a number: '-' (a scalar's "unfilled") is not one here
    const error = 'error' in coerced ? coerced.error : coerced.value === null ? `“${String(text)}”不是数字` : null;
    values.push(error === null && 'value' in coerced && coerced.value !== null ? coerced.value : Number.NaN);
    if (error !== null) errors.push({ index: values.length, error });
  }
  return { values, errors };
}

/** Checks of one `cases` field: each case's type and range, how many; the cases or null. */
function validateCases(f: FieldDef, raw: unknown, fail: (message: string, kind: ValueError['kind']) => void): number[] | null {
  const { values, errors } = coerceCases(raw);
  const problems: { index: number; message: string; kind: ValueError['kind'] }[] = errors.map((e) => ({ index: e.index, message: e.error, kind: 'type' }));
  values.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    const index = i + 1;
    if (f.min !== null && v < f.min) problems.push({ index, message: `不能小于 ${f.min}${f.unit ?? ''}`, kind: 'range' });
    else if (f.max !== null && v > f.max) problems.push({ index, message: `不能大于 ${f.max}${f.unit ?? ''}`, kind: 'range' });
  });
  problems.sort((a, b) => a.index - b.index);
  for (const p of problems.slice(0, NAMED_BAD_CASES)) fail(`“${f.label}”第${p.index}例：${p.message}`, p.kind);
  if (problems.length > NAMED_BAD_CASES) fail(`“${f.label}”另有 ${problems.length - NAMED_BAD_CASES} 例有误，请逐例核对`, problems[NAMED_BAD_CASES]!.kind);
  if (values.length > MAX_CASES) fail(`“${f.label}”最多填写 ${MAX_CASES} 例，实为 ${values.length} 例`, 'range');
  if (!values.length) {
    if (f.required) fail(`“${f.label}”至少填写 1 例`, 'required');
    return null;
  }
  return problems.length ? null : values;
}

/**
 * Validates values against the fields and rules. Unfilled (null) values fail only `required`; a rule
 * that evaluates to NULL (some value missing) does not fail. Errors name the field: for a rule, the
 * first field it references.
 */
export function validateValues(
  fields: readonly FieldDef[],
  rules: readonly FormRule[],
  raw: Record<string, unknown>,
): { ok: boolean; errors: ValueError[]; values: ReportValues } {
  const errors: ValueError[] = [];
  const values: ReportValues = {};
  const byCode = new Map(fields.map((f) => [f.code, f]));
  for (const key of Object.keys(raw)) {
    if (!byCode.has(key)) errors.push({ field: key, label: key, message: `表单中没有字段“${key}”`, kind: 'type' });
  }
  const bad = new Set<string>();
  for (const f of fields) {
    // own keys only: a field named like an Object.prototype member must not read the prototype
    const given = Object.hasOwn(raw, f.code) ? raw[f.code] : undefined;
    const fail = (message: string, kind: ValueError['kind']) => {
      errors.push({ field: f.code, label: f.label, message, kind });
      bad.add(f.code);
    };
    if (f.type === 'cases') {
      values[f.code] = validateCases(f, given, fail);
      continue;
    }
    if (Array.isArray(given)) {
      values[f.code] = null;
      fail(`“${f.label}”只填一个数值，不是逐例列表`, 'type');
      continue;
    }
    const coerced = coerceValue(given);
    if ('error' in coerced) {
      values[f.code] = null;
      fail(`“${f.label}”的值${coerced.error}`, 'type');
      continue;
    }
    const v = coerced.value;
    values[f.code] = v;
    if (v === null) {
      if (f.required) fail(`“${f.label}”不能为空`, 'required');
      continue;
    }
    if (f.type === 'integer' && !Number.isInteger(v)) fail(`“${f.label}”必须是整数`, 'range');
    else if (f.min !== null && v < f.min) fail(`“${f.label}”不能小于 ${f.min}${f.unit ?? ''}`, 'range');
    else if (f.max !== null && v > f.max) fail(`“${f.label}”不能大于 ${f.max}${f.unit ?? ''}`, 'range');
  }
  const env = envFor(fields);
  for (const rule of rules) {
    const checked = checkFormula(rule.expression, env);
    if (!checked.ast || checked.issues.some((i) => BLOCKING.has(i.code))) continue;
    if (namesOutsideAggregates(checked.ast).some((n) => byCode.get(n.name)?.type === 'cases')) continue;
    const referenced = checked.references.elements;
    // a value already refused on its own says more than a rule computed without it
    if (referenced.some((code) => bad.has(code))) continue;
    const first = byCode.get(referenced[0] ?? '') ?? fields[0];
    let result: unknown;
    try {
      result = evaluateFormula(checked.ast, { element: (name: string) => values[name] ?? null });
    } catch {
      result = false;
    }
    const failed = result === false || (typeof result === 'number' && result === 0);
    if (failed && first) errors.push({ field: first.code, label: first.label, message: rule.message || `“${first.label}”不满足校验规则 ${rule.expression}`, kind: 'rule' });
  }
  return { ok: errors.length === 0, errors, values };
}
