import { FormGroup, ValidationErrors } from '@angular/forms';
import { fieldErrorsOf, toApiError } from '../core/api/api-error';

/**
 * Puts the server's 400 `details` on the matching controls (`payload.username` → `username`).
 * Returns the messages that matched no control, so the caller can show them elsewhere.
 */
export function applyServerErrors(form: FormGroup, error: unknown): string[] {
  const unmatched: string[] = [];
  for (const { field, message } of fieldErrorsOf(error)) {
    const name = field.replace(/^(payload|query|params)\./, '').split('.')[0];
    const control = form.get(name);
    if (control) {
      control.markAsDirty();
      control.markAsTouched();
      control.setErrors({ ...(control.errors ?? {}), server: message });
    } else {
      unmatched.push(message);
    }
  }
  return unmatched;
}

/**
 * Shows a failed save on the form: field details on their controls, anything else as one message
 * (returned for an alert above the form). `conflictField` receives a 409 without details.
 */
export function formFailure(form: FormGroup, error: unknown, conflictField?: string): string | null {
  const apiError = toApiError(error);
  if (apiError.code === 'CONFLICT' && conflictField && fieldErrorsOf(error).length === 0) {
    const control = form.get(conflictField);
    if (control) {
      control.markAsDirty();
      control.setErrors({ server: apiError.message });
      return null;
    }
  }
  const noDetails = fieldErrorsOf(error).length === 0;
  const rest = applyServerErrors(form, error);
  if (noDetails) return apiError.message;
  return rest.length ? rest.join('；') : null;
}

/** Marks every control dirty so nz-form shows its messages; true when the form is valid. */
export function validateForm(form: FormGroup): boolean {
  for (const control of Object.values(form.controls)) {
    if (control.invalid) {
      control.markAsDirty();
      control.markAsTouched();
      control.updateValueAndValidity({ onlySelf: true });
    }
  }
  return form.valid;
}

/** The Chinese message for a control's first error. */
export function errorMessage(
  errors: ValidationErrors | null,
  label: string,
  patternHint?: string,
): string {
  if (!errors) return '';
  if (errors['server']) return errors['server'] as string;
  if (errors['required']) return `请填写${label}`;
  if (errors['minlength'])
    return `${label}至少 ${(errors['minlength'] as { requiredLength: number }).requiredLength} 个字符`;
  if (errors['maxlength'])
    return `${label}不能超过 ${(errors['maxlength'] as { requiredLength: number }).requiredLength} 个字符`;
  if (errors['email']) return `${label}格式不正确，例如 name@example.com`;
  if (errors['pattern']) return patternHint ? `${label}须为${patternHint}` : `${label}格式不正确`;
  if (errors['message']) return errors['message'] as string;
  return `${label}不正确`;
}

