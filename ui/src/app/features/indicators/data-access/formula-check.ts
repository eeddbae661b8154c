import { Observable, catchError, debounceTime, distinctUntilChanged, map, of, startWith, switchMap } from 'rxjs';
import { toApiError } from '../../../core/api/api-error';
import { FormulaCheck } from './indicator-models';

/** What the formula editor knows at one moment of typing. */
export interface FormulaCheckState {
  /** The text the result belongs to, so highlights never land on newer text. */
  source: string;
  status: 'empty' | 'checking' | 'ok' | 'invalid' | 'failed';
  result: FormulaCheck | null;
  /** Why the check itself could not run (network, server), in Chinese. */
  error: string | null;
}

/** One request to check: the formula with the names it may use and the unit it should have. */
export interface FormulaInput {
  formula: string;
  variables: string[];
  unit: string | null;
}

/** How long typing must pause before the formula is sent for checking. */
export const FORMULA_CHECK_DEBOUNCE_MS = 300;

function sameInput(a: FormulaInput, b: FormulaInput): boolean {
  return a.formula === b.formula && a.unit === b.unit && a.variables.join('\u0000') === b.variables.join('\u0000');
}

/**
 * Checks the formula as it is typed: waits for a pause, drops answers to text that has since
 * changed (switchMap), and reports "checking" at once so the page never shows a stale verdict as
 * current. An empty formula is not sent.
 */
export function checkAsTyped(
  inputs: Observable<FormulaInput>,
  check: (input: FormulaInput) => Observable<FormulaCheck>,
  debounceMs = FORMULA_CHECK_DEBOUNCE_MS,
): Observable<FormulaCheckState> {
  return inputs.pipe(
    debounceTime(debounceMs),
    distinctUntilChanged(sameInput),
    switchMap((input): Observable<FormulaCheckState> => {
      const source = input.formula;
      if (!source.trim()) return of({ source, status: 'empty', result: null, error: null });
      return check(input).pipe(
        map((result): FormulaCheckState => ({
          source,
          status: result.ok && result.issues.length === 0 ? 'ok' : 'invalid',
          result,
          error: null,
        })),
        catchError((e: unknown) =>
          of<FormulaCheckState>({ source, status: 'failed', result: null, error: toApiError(e).message }),
        ),
        startWith<FormulaCheckState>({ source, status: 'checking', result: null, error: null }),
      );
    }),
  );
}
