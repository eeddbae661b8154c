import { checkFormula, evaluateFormula } from '@qc/analytics';

/**
 * Checks of reported values: each field's type, required and range, then every form rule through the
 * formula engine of @qc/analytics (in memory). Shared by the validate, draft, submit and import paths
 * so that the UI, the API and Excel say the same thing.
 */
export interface FieldDef {
  code: string;
  label: string;
  unit: string | null;
  type: 'number' | 'integer';
  required: boolean;
  min: number | null;
  max: number | null;
}

export interface FormRule {
  expression: string;
  message: string;
}

export type ReportValues = Record<string, number | null>;

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
  const out: RuleIssue[] = [];
  rules.forEach((rule, i) => {
    const checked = checkFormula(rule.expression, env);
    for (const issue of checked.issues) {
      if (BLOCKING.has(issue.code)) out.push({ ...issue, rule: i, field: `rules[${i}].expression`, message: `规则${i + 1}：${issue.message}` });
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
    const text = raw.trim().replace(/,/g, '');
    if (text === '' || text === '-') return { value: null };
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { error: `“${raw.trim().slice(0, 20)}”不是数字` };
    const n = Number(text);
    return Number.isFinite(n) ? { value: n } : { error: '超出允许的范围' };
  }
  return { error: '不是数字' };
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
    const coerced = coerceValue(Object.hasOwn(raw, f.code) ? raw[f.code] : undefined);
    const fail = (message: string, kind: ValueError['kind']) => {
      errors.push({ field: f.code, label: f.label, message, kind });
      bad.add(f.code);
    };
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
