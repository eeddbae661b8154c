import { Pipe, PipeTransform } from '@angular/core';
import { ValidationErrors } from '@angular/forms';
import { errorMessage } from './forms';

/**
 * `[nzErrorTip]="form.controls.name.errors | fieldError: '名称'"` → a Chinese message; an optional
 * second argument says what a pattern expects.
 */
@Pipe({ name: 'fieldError' })
export class FieldErrorPipe implements PipeTransform {
  transform(errors: ValidationErrors | null | undefined, label: string, patternHint?: string): string {
    return errorMessage(errors ?? null, label, patternHint);
  }
}
