import { HttpErrorResponse } from '@angular/common/http';
import { Observable, Subject, of, throwError } from 'rxjs';
import { FormulaCheckState, FormulaInput, checkAsTyped } from './formula-check';
import { FormulaCheck } from './indicator-models';

const ok: FormulaCheck = { ok: true, issues: [], references: { elements: [], indicators: [] }, unit: '%' };
const unknownDeth: FormulaCheck = {
  ok: false,
  issues: [{ code: 'unknown_name', message: '第1行第1列：未知的名称“deth”', offset: 0, line: 1, column: 1, length: 4 }],
  references: { elements: [], indicators: [] },
  unit: null,
};

function typed(formula: string): FormulaInput {
  return { formula, variables: ['numerator', 'denominator'], unit: '%' };
}

describe('checkAsTyped', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function run(check: (input: FormulaInput) => Observable<FormulaCheck>) {
    const keys = new Subject<FormulaInput>();
    const states: FormulaCheckState[] = [];
    const sent: string[] = [];
    checkAsTyped(keys, (input) => {
      sent.push(input.formula);
      return check(input);
    }).subscribe((s) => states.push(s));
    return { keys, states, sent };
  }

  it('sends only what was typed before a pause, and reports the issues of that text', () => {
    const { keys, states, sent } = run((input) => of(input.formula.startsWith('deth') ? unknownDeth : ok));
    keys.next(typed('d'));
    keys.next(typed('de'));
    keys.next(typed('deth / denominator'));
    vi.advanceTimersByTime(300);
    expect(sent).toEqual(['deth / denominator']);
    expect(states.map((s) => s.status)).toEqual(['checking', 'invalid']);
    expect(states.at(-1)!.source).toBe('deth / denominator');
    expect(states.at(-1)!.result!.issues[0].column).toBe(1);

    keys.next(typed('numerator / denominator * 100'));
    vi.advanceTimersByTime(300);
    expect(states.at(-1)!.status).toBe('ok');
  });

  it('drops the answer for text that has changed since it was sent', () => {
    const answers: Subject<FormulaCheck>[] = [];
    const { keys, states } = run(() => {
      const answer = new Subject<FormulaCheck>();
      answers.push(answer);
      return answer;
    });
    keys.next(typed('deth'));
    vi.advanceTimersByTime(300);
    keys.next(typed('numerator'));
    vi.advanceTimersByTime(300);
    answers[0].next(unknownDeth);
    answers[1].next(ok);
    expect(states.filter((s) => s.status !== 'checking').map((s) => [s.source, s.status])).toEqual([['numerator', 'ok']]);
  });

  it('rechecks when the declared variables change even if the formula did not', () => {
    const { keys, sent } = run(() => of(ok));
    keys.next(typed('a / b'));
    vi.advanceTimersByTime(300);
    keys.next({ formula: 'a / b', variables: ['a', 'b'], unit: '%' });
    vi.advanceTimersByTime(300);
    keys.next({ formula: 'a / b', variables: ['a', 'b'], unit: '%' });
    vi.advanceTimersByTime(300);
    expect(sent).toEqual(['a / b', 'a / b']);
  });

  it('does not send an empty formula, and says in Chinese when the check itself failed', () => {
    const { keys, states, sent } = run(() =>
      throwError(() => new HttpErrorResponse({ status: 0 })),
    );
    keys.next(typed('   '));
    vi.advanceTimersByTime(300);
    expect(sent).toEqual([]);
    expect(states.at(-1)!.status).toBe('empty');
    keys.next(typed('a'));
    vi.advanceTimersByTime(300);
    expect(states.at(-1)).toMatchObject({ status: 'failed', error: '无法连接服务器，请检查网络后重试' });
  });
});
