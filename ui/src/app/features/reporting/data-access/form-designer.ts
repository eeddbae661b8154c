import { FormControl, FormGroup, NonNullableFormBuilder, Validators } from '@angular/forms';
import { toApiError } from '../../../core/api/api-error';
import { FormulaIssue } from '../../indicators/data-access/indicator-models';
import { FieldType, PeriodGrain, ReportForm, ReportFormPayload } from './reporting-models';

/** A field code: an identifier the rule expressions can use. */
export const FIELD_CODE = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

export type FieldRow = FormGroup<{
  code: FormControl<string>;
  label: FormControl<string>;
  unit: FormControl<string>;
  type: FormControl<FieldType>;
  required: FormControl<boolean>;
  min: FormControl<number | null>;
  max: FormControl<number | null>;
  indicatorCode: FormControl<string | null>;
  indicatorVariable: FormControl<string | null>;
}>;

export type RuleRow = FormGroup<{ expression: FormControl<string>; message: FormControl<string> }>;

/** The designer's form. */
export function buildDesignerForm(fb: NonNullableFormBuilder) {
  return fb.group({
    code: ['', [Validators.required, Validators.maxLength(40), Validators.pattern(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)]],
    name: ['', [Validators.required, Validators.maxLength(200)]],
    description: [''],
    periodGrain: fb.control<PeriodGrain>('month'),
    deadlineDays: fb.control<number>(10, [Validators.required, Validators.min(0), Validators.max(365)]),
    remindDays: fb.control<number>(3, [Validators.required, Validators.min(0), Validators.max(60)]),
    hospitalIds: fb.control<number[]>([]),
    fields: fb.array<FieldRow>([]),
    rules: fb.array<RuleRow>([]),
  });
}

export type DesignerForm = ReturnType<typeof buildDesignerForm>;

/** A new field row, optionally filled. */
export function fieldRow(fb: NonNullableFormBuilder, value: Partial<ReturnType<FieldRow['getRawValue']>> = {}): FieldRow {
  return fb.group({
    code: [value.code ?? '', [Validators.required, Validators.maxLength(40), Validators.pattern(FIELD_CODE)]],
    label: [value.label ?? '', [Validators.required, Validators.maxLength(100)]],
    unit: [value.unit ?? ''],
    type: fb.control<FieldType>(value.type ?? 'integer'),
    required: fb.control(value.required ?? true),
    min: fb.control<number | null>(value.min ?? 0),
    max: fb.control<number | null>(value.max ?? null),
    indicatorCode: fb.control<string | null>(value.indicatorCode ?? null),
    indicatorVariable: fb.control<string | null>(value.indicatorVariable ?? null),
  });
}

/** A new rule row. */
export function ruleRow(fb: NonNullableFormBuilder, expression = '', message = ''): RuleRow {
  return fb.group({
    expression: [expression, Validators.required],
    message: [message, [Validators.required, Validators.maxLength(200)]],
  });
}

/** Fills the designer from a saved form. */
export function fillDesigner(fb: NonNullableFormBuilder, form: DesignerForm, saved: ReportForm): void {
  form.patchValue({
    code: saved.code,
    name: saved.name,
    description: saved.description ?? '',
    periodGrain: saved.periodGrain,
    deadlineDays: saved.deadlineDays,
    remindDays: saved.remindDays,
    hospitalIds: (saved.hospitals ?? []).map((h) => h.id),
  });
  form.controls.fields.clear();
  for (const f of [...(saved.fields ?? [])].sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0))) {
    form.controls.fields.push(
      fieldRow(fb, { ...f, unit: f.unit ?? '', indicatorCode: f.indicatorCode, indicatorVariable: f.indicatorVariable }),
    );
  }
  form.controls.rules.clear();
  for (const r of saved.rules ?? []) form.controls.rules.push(ruleRow(fb, r.expression, r.message));
}

/** The body of POST/PUT /api/reporting/forms from the designer. */
export function designerPayload(form: DesignerForm): ReportFormPayload {
  const v = form.getRawValue();
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    description: v.description.trim() || null,
    periodGrain: v.periodGrain,
    deadlineDays: v.deadlineDays,
    remindDays: v.remindDays,
    hospitalIds: v.hospitalIds,
    fields: v.fields.map((f, i) => ({
      code: f.code.trim(),
      label: f.label.trim(),
      unit: f.unit.trim() || null,
      type: f.type,
      required: f.required,
      min: f.min ?? null,
      max: f.max ?? null,
      indicatorCode: f.indicatorCode || null,
      indicatorVariable: f.indicatorCode ? f.indicatorVariable || null : null,
      sort: i + 1,
    })),
    rules: v.rules.map((r) => ({ expression: r.expression.trim(), message: r.message.trim() })),
  };
}

/**
 * Problems in the designer that the server can't be asked about: duplicate field codes, min above
 * max, a bound indicator without its variable. Keyed by field row; messages name the field.
 */
export function designerProblems(form: DesignerForm): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Map<string, number>();
  form.controls.fields.getRawValue().forEach((f, i) => {
    const code = f.code.trim();
    const name = f.label.trim() || code || `第${i + 1}个字段`;
    if (code && seen.has(code)) problems.set(i, `“${name}”的编码 ${code} 与第${(seen.get(code) ?? 0) + 1}个字段重复`);
    else if (code) seen.set(code, i);
    if (f.min !== null && f.max !== null && f.min > f.max) problems.set(i, `“${name}”的最小值不能大于最大值`);
    if (f.indicatorCode && !f.indicatorVariable) problems.set(i, `“${name}”绑定了指标 ${f.indicatorCode}，请选择对应的变量（如分子、分母）`);
  });
  return problems;
}

/** Where a save failure points: a rule (with formula issues), a field row, or the form. */
export interface DesignerFailure {
  rules: Map<number, { messages: string[]; issues: FormulaIssue[] }>;
  fields: Map<number, string[]>;
  /** Top-level settings by control name, e.g. `code` → 编码已存在. */
  controls: Map<string, string>;
  general: string[];
}

/**
 * Sorts a refused save's details onto the rule or field they name: `rules.1.expression`,
 * `rules[1]`, `{rule: 1, offset, line, column…}` or `fields.0.code`; anything else is general.
 */
export function designerFailure(error: unknown): DesignerFailure {
  const apiError = toApiError(error);
  const failure: DesignerFailure = { rules: new Map(), fields: new Map(), controls: new Map(), general: [] };
  const rule = (i: number) => {
    if (!failure.rules.has(i)) failure.rules.set(i, { messages: [], issues: [] });
    return failure.rules.get(i)!;
  };
  const details = apiError.details as unknown;
  const list: Record<string, unknown>[] = Array.isArray(details)
    ? details
    : details && typeof details === 'object'
      ? [
          ...(((details as { issues?: unknown[] }).issues ?? []) as Record<string, unknown>[]),
          ...(((details as { errors?: unknown[] }).errors ?? []) as Record<string, unknown>[]),
        ]
      : [];
  let placed = false;
  for (const d of list) {
    const message = typeof d['message'] === 'string' ? d['message'] : null;
    if (!message) continue;
    const path = typeof d['field'] === 'string' ? d['field'].replace(/^payload\./, '') : '';
    const ruleIndex =
      typeof d['rule'] === 'number' ? d['rule'] : Number((/^rules(?:\.|\[)(\d+)/.exec(path) ?? [])[1] ?? Number.NaN);
    const fieldIndex = Number((/^fields(?:\.|\[)(\d+)/.exec(path) ?? [])[1] ?? Number.NaN);
    if (Number.isInteger(ruleIndex)) {
      placed = true;
      if (typeof d['offset'] === 'number' && typeof d['line'] === 'number') {
        rule(ruleIndex).issues.push(d as unknown as FormulaIssue);
      } else {
        rule(ruleIndex).messages.push(message);
      }
    } else if (Number.isInteger(fieldIndex)) {
      placed = true;
      failure.fields.set(fieldIndex, [...(failure.fields.get(fieldIndex) ?? []), message]);
    } else if (/^[a-zA-Z]+$/.test(path)) {
      failure.controls.set(path, message);
    } else {
      failure.general.push(message);
    }
  }
  if (!placed && failure.general.length === 0 && failure.controls.size === 0) failure.general.push(apiError.message);
  return failure;
}

/** Names the rule expressions may use: the form's field codes (only those of one type, when given). */
export function fieldCodes(form: DesignerForm, type?: FieldType): string[] {
  return form.controls.fields
    .getRawValue()
    .filter((f) => !type || f.type === type)
    .map((f) => f.code.trim())
    .filter((c) => FIELD_CODE.test(c));
}
