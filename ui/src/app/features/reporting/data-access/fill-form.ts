import { AbstractControl, FormControl, FormRecord, ValidationErrors, ValidatorFn } from '@angular/forms';
import { Observable, catchError, debounceTime, distinctUntilChanged, map, of, startWith, switchMap } from 'rxjs';
import { toApiError } from '../../../core/api/api-error';
import { casesProblem, casesText, parseCases } from './cases';
import { FieldValues, ReportField, ReportTask, SentFieldValues, ValidationResult, ValueError } from './reporting-models';

/** The fill form: one text control per field code (text, so a half-typed number stays as typed). */
export type ValuesForm = FormRecord<FormControl<string>>;

/** How many server messages one field shows; the rest are counted (a pasted column can break many cases). */
const SHOWN_MESSAGES = 4;

/** How long typing must pause before the values are sent for validation. */
export const VALIDATE_DEBOUNCE_MS = 400;

/** The fields of a task's form in display order, wherever the answer puts them. */
export function fieldsOf(task: Pick<ReportTask, 'fields' | 'form'>): ReportField[] {
  const fields = task.fields ?? task.form.fields ?? [];
  return [...fields].sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0));
}

/** Parses what was typed: '' → null, a number → that number, anything else → NaN. */
export function parseNumber(text: string | null | undefined): number | null {
  const t = (text ?? '').trim().replace(/,/g, '').replace(/，/g, '');
  if (t === '') return null;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** Refuses text that is not a number, at once, before any request. */
export const numberText: ValidatorFn = (control: AbstractControl): ValidationErrors | null =>
  Number.isNaN(parseNumber(control.value as string)) ? { message: '请输入数字' } : null;

/** Refuses a cases text with a token that is not a number (or too many cases), naming the case. */
export const casesTextValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const problem = casesProblem(parseCases(control.value as string));
  return problem ? { message: problem } : null;
};

/** The box of a 逐例数值 field (many numbers in one text, sent as a list), known by its check. */
export function isCasesControl(control: AbstractControl): boolean {
  return control.hasValidator(casesTextValidator);
}

/** One control per field, filled with the saved values. */
export function buildValuesForm(fields: readonly ReportField[], values: FieldValues | null): ValuesForm {
  const form: ValuesForm = new FormRecord<FormControl<string>>({});
  for (const field of fields) {
    const value = values?.[field.code];
    if (field.type === 'cases') {
      form.addControl(field.code, new FormControl(casesText(value), { nonNullable: true, validators: casesTextValidator }));
      continue;
    }
    form.addControl(
      field.code,
      new FormControl(value === null || value === undefined ? '' : String(value), {
        nonNullable: true,
        validators: numberText,
      }),
    );
  }
  return form;
}

/**
 * The values as the API takes them; null when some box does not hold a number. A cases field goes
 * as its tokens (strings, [] when empty), so the server's messages quote what was typed.
 */
export function valuesOf(form: ValuesForm): SentFieldValues | null {
  const values: SentFieldValues = {};
  for (const [code, control] of Object.entries(form.controls)) {
    if (isCasesControl(control)) {
      const parsed = parseCases(control.value);
      if (parsed.bad.length) return null;
      values[code] = parsed.tokens;
      continue;
    }
    const n = parseNumber(control.value);
    if (Number.isNaN(n)) return null;
    values[code] = n;
  }
  return values;
}

/**
 * Puts the server's messages under the fields they name and takes away those that no longer
 * apply. A message is shown under a field the user has worked on, one that holds a value, or every
 * field once `showAll` (after a submit) — so 请填写… does not appear under fields not reached yet.
 * Returns the messages that name no field, for an alert above the form.
 */
export function applyValueErrors(form: ValuesForm, errors: readonly ValueError[], showAll = false): string[] {
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const error of errors) {
    const control = error.field ? form.get(error.field) : null;
    if (error.field && control) byField.set(error.field, [...(byField.get(error.field) ?? []), error.message]);
    else general.push(error.message);
  }
  for (const [code, control] of Object.entries(form.controls)) {
    const own = control.validator ? control.validator(control) : null;
    const messages = byField.get(code);
    const visible = showAll || control.dirty || control.value.trim() !== '';
    if (messages && visible) {
      const shown = messages.length > SHOWN_MESSAGES ? [...messages.slice(0, SHOWN_MESSAGES - 1), `…另有 ${messages.length - SHOWN_MESSAGES + 1} 条提示`] : messages;
      control.setErrors({ ...(own ?? {}), server: shown.join('；') });
      control.markAsDirty();
      control.markAsTouched();
    } else {
      control.setErrors(own);
    }
  }
  return general;
}

/** The validation state of the fill page at one moment of typing. */
export interface ValidationState {
  status: 'idle' | 'checking' | 'ok' | 'invalid' | 'failed';
  /** The values the result is about, so an answer is never applied to newer values. */
  values: SentFieldValues | null;
  errors: ValueError[];
  error: string | null;
}

function sameValues(a: SentFieldValues | null, b: SentFieldValues | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Validates the values as they are typed: after a pause, the latest values only (answers for older
 * values are dropped), with "checking" reported at once. Values that are not numbers are not sent;
 * the box already says 请输入数字.
 */
export function validateAsTyped(
  values$: Observable<SentFieldValues | null>,
  validate: (values: SentFieldValues) => Observable<ValidationResult>,
  debounceMs = VALIDATE_DEBOUNCE_MS,
): Observable<ValidationState> {
  return values$.pipe(
    debounceTime(debounceMs),
    distinctUntilChanged(sameValues),
    switchMap((values): Observable<ValidationState> => {
      if (!values) return of({ status: 'idle', values, errors: [], error: null });
      return validate(values).pipe(
        map((result): ValidationState => ({
          status: result.ok && result.errors.length === 0 ? 'ok' : 'invalid',
          values,
          errors: result.errors ?? [],
          error: null,
        })),
        catchError((e: unknown) =>
          of<ValidationState>({ status: 'failed', values, errors: [], error: toApiError(e).message }),
        ),
        startWith<ValidationState>({ status: 'checking', values, errors: [], error: null }),
      );
    }),
  );
}

/** The errors of a refused submit (400 VALIDATION_FAILED `details.errors`), or null for other failures. */
export function submitErrorsOf(error: unknown): ValueError[] | null {
  const apiError = toApiError(error);
  if (apiError.code !== 'VALIDATION_FAILED') return null;
  const details = apiError.details as { errors?: ValueError[] } | ValueError[] | undefined;
  const list = Array.isArray(details) ? details : details?.errors;
  if (!Array.isArray(list)) return null;
  return list
    .filter((e) => e && typeof e.message === 'string')
    .map((e) => ({ ...e, field: typeof e.field === 'string' ? e.field.replace(/^(payload\.)?values\./, '') : null }));
}

/** A field's limits and unit as a hint under its box, e.g. 整数，0–100000 人. */
export function fieldHint(field: ReportField): string {
  const parts: string[] = [];
  if (field.type === 'integer') parts.push('整数');
  const unit = field.type === 'cases' && field.unit ? ` ${field.unit}` : '';
  let range = '';
  if (field.min !== null && field.max !== null) range = `${field.min}–${field.max}${unit}`;
  else if (field.min !== null) range = `不小于 ${field.min}${unit}`;
  else if (field.max !== null) range = `不大于 ${field.max}${unit}`;
  if (field.type === 'cases') {
    parts.push('每例一个数值，可从 Excel 整列粘贴，用换行、逗号、分号或空格分隔');
    if (range) parts.push(`每例 ${range}`);
  } else if (range) {
    parts.push(range);
  }
  return parts.join('，');
}

/** The values sent, as the API will answer them (tokens read as numbers), to keep in the page after a save. */
export function answeredValues(values: SentFieldValues): FieldValues {
  const out: FieldValues = {};
  for (const [code, value] of Object.entries(values)) out[code] = Array.isArray(value) ? value.map(Number) : value;
  return out;
}
