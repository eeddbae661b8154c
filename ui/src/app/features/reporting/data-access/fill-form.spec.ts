import { HttpErrorResponse } from '@angular/common/http';
import { Subject, of } from 'rxjs';
import {
  ValidationState,
  answeredValues,
  applyValueErrors,
  buildValuesForm,
  fieldHint,
  fieldsOf,
  parseNumber,
  submitErrorsOf,
  validateAsTyped,
  valuesOf,
} from './fill-form';
import { ReportField, SentFieldValues, ValidationResult } from './reporting-models';

function field(code: string, label: string, overrides: Partial<ReportField> = {}): ReportField {
  return {
    code,
    label,
    unit: '人',
    type: 'integer',
    required: true,
    min: 0,
    max: null,
    indicatorCode: null,
    indicatorVariable: null,
    ...overrides,
  };
}

const FIELDS = [field('deaths', '死亡人数', { sort: 2 }), field('discharges', '出院人数', { sort: 1 })];

describe('fieldsOf', () => {
  it('takes the fields from the task or its form, in their order', () => {
    const form = { id: 1, code: 'F', name: '表' };
    expect(fieldsOf({ form: { ...form, fields: FIELDS } }).map((f) => f.code)).toEqual(['discharges', 'deaths']);
    expect(fieldsOf({ form, fields: FIELDS }).map((f) => f.code)).toEqual(['discharges', 'deaths']);
    expect(fieldsOf({ form })).toEqual([]);
  });
});

describe('values form', () => {
  it('fills saved values, and gives them back as numbers (empty → null)', () => {
    const form = buildValuesForm(FIELDS, { deaths: 3, discharges: null });
    expect(form.controls['deaths'].value).toBe('3');
    expect(form.controls['discharges'].value).toBe('');
    form.controls['discharges'].setValue('1,200');
    expect(valuesOf(form)).toEqual({ deaths: 3, discharges: 1200 });
  });

  it('refuses text that is not a number at once, and sends nothing for it', () => {
    const form = buildValuesForm(FIELDS, null);
    form.controls['deaths'].setValue('3人');
    expect(form.controls['deaths'].errors).toEqual({ message: '请输入数字' });
    expect(valuesOf(form)).toBeNull();
    expect(parseNumber(' -1.5e2 ')).toBe(-150);
    expect(parseNumber('')).toBeNull();
  });
});

describe('cases fields (逐例数值)', () => {
  const STAY = field('stay', '抢救室滞留时间', { type: 'cases', unit: '小时', min: 0, max: 72 });

  it('puts saved cases one per line and sends the typed tokens as a list, [] when empty', () => {
    const form = buildValuesForm([STAY, FIELDS[1]], { stay: [3.5, 12], discharges: 100 });
    expect(form.controls['stay'].value).toBe('3.5\n12');
    form.controls['stay'].setValue('3.5\n12，0.8\t7\n');
    expect(valuesOf(form)).toEqual({ stay: ['3.5', '12', '0.8', '7'], discharges: 100 });
    form.controls['stay'].setValue('');
    expect(valuesOf(form)).toEqual({ stay: [], discharges: 100 });
    expect(buildValuesForm([STAY], { stay: null }).controls['stay'].value).toBe('');
  });

  it('flags a case that is not a number at once, naming it, and sends nothing', () => {
    const form = buildValuesForm([STAY], null);
    form.controls['stay'].setValue('4\n7\nabc');
    expect(form.controls['stay'].errors).toEqual({ message: '第3例“abc”不是数字' });
    expect(valuesOf(form)).toBeNull();
  });

  it('keeps a saved draft’s cases as numbers in the page', () => {
    expect(answeredValues({ stay: ['3.5', '12'], discharges: 100, deaths: null })).toEqual({
      stay: [3.5, 12],
      discharges: 100,
      deaths: null,
    });
  });

  it('shows the server’s per-case messages under the field, a long run shortened', () => {
    const form = buildValuesForm([STAY], { stay: [80, 90, 100, 110, 120, 130] });
    const errors = [80, 90, 100, 110, 120, 130].map((_, i) => ({
      field: 'stay',
      message: `“抢救室滞留时间”第${i + 1}例：不能大于 72小时`,
    }));
    applyValueErrors(form, errors);
    expect(form.controls['stay'].errors).toEqual({
      server:
        '“抢救室滞留时间”第1例：不能大于 72小时；“抢救室滞留时间”第2例：不能大于 72小时；“抢救室滞留时间”第3例：不能大于 72小时；…另有 3 条提示',
    });
  });

  it('tells how to fill the field in the hint', () => {
    expect(fieldHint(STAY)).toBe('每例一个数值，可从 Excel 整列粘贴，用换行、逗号、分号或空格分隔，每例 0–72 小时');
  });
});

describe('applyValueErrors', () => {
  it('puts each message under the field it names and returns the rest', () => {
    const form = buildValuesForm(FIELDS, null);
    form.controls['deaths'].setValue('12');
    form.controls['deaths'].markAsDirty();
    form.controls['discharges'].setValue('10');
    form.controls['discharges'].markAsDirty();
    const general = applyValueErrors(form, [
      { field: 'deaths', label: '死亡人数', message: '“死亡人数”不能大于“出院人数”' },
      { field: null, message: '本期数据与上期相比变化超过 50%' },
    ]);
    expect(form.controls['deaths'].errors).toEqual({ server: '“死亡人数”不能大于“出院人数”' });
    expect(form.controls['discharges'].errors).toBeNull();
    expect(general).toEqual(['本期数据与上期相比变化超过 50%']);
  });

  it('takes a message away once the server no longer gives it, keeping the box’s own check', () => {
    const form = buildValuesForm(FIELDS, { deaths: 12, discharges: 10 });
    applyValueErrors(form, [{ field: 'deaths', message: '“死亡人数”不能大于“出院人数”' }]);
    expect(form.controls['deaths'].invalid).toBe(true);
    form.controls['deaths'].setValue('x');
    applyValueErrors(form, []);
    expect(form.controls['deaths'].errors).toEqual({ message: '请输入数字' });
  });

  it('does not show 请填写 under fields the user has not reached, until a submit', () => {
    const form = buildValuesForm(FIELDS, null);
    const required = [{ field: 'discharges', message: '请填写“出院人数”' }];
    applyValueErrors(form, required);
    expect(form.controls['discharges'].errors).toBeNull();
    applyValueErrors(form, required, true);
    expect(form.controls['discharges'].errors).toEqual({ server: '请填写“出院人数”' });
    expect(form.controls['discharges'].dirty).toBe(true);
  });
});

describe('validateAsTyped', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('validates the values left after a pause, and drops answers about older values', () => {
    const typed = new Subject<SentFieldValues | null>();
    const answers: Subject<ValidationResult>[] = [];
    const sent: SentFieldValues[] = [];
    const states: ValidationState[] = [];
    validateAsTyped(typed, (values) => {
      sent.push(values);
      const answer = new Subject<ValidationResult>();
      answers.push(answer);
      return answer;
    }).subscribe((s) => states.push(s));

    typed.next({ deaths: 1, discharges: null });
    typed.next({ deaths: 12, discharges: null });
    vi.advanceTimersByTime(400);
    typed.next({ deaths: 12, discharges: 10 });
    vi.advanceTimersByTime(400);
    expect(sent).toEqual([{ deaths: 12, discharges: null }, { deaths: 12, discharges: 10 }]);
    answers[0].next({ ok: false, errors: [{ field: 'discharges', message: '请填写“出院人数”' }] });
    answers[1].next({ ok: false, errors: [{ field: 'deaths', message: '“死亡人数”不能大于“出院人数”' }] });
    const settled = states.filter((s) => s.status !== 'checking');
    expect(settled).toHaveLength(1);
    expect(settled[0].values).toEqual({ deaths: 12, discharges: 10 });
    expect(settled[0].errors[0].field).toBe('deaths');
  });

  it('sends nothing while a box holds text that is not a number', () => {
    const typed = new Subject<SentFieldValues | null>();
    const states: ValidationState[] = [];
    let calls = 0;
    validateAsTyped(typed, () => {
      calls++;
      return of({ ok: true, errors: [] });
    }).subscribe((s) => states.push(s));
    typed.next(null);
    vi.advanceTimersByTime(400);
    expect(calls).toBe(0);
    expect(states.at(-1)!.status).toBe('idle');
  });
});

describe('submitErrorsOf', () => {
  it('reads the field errors of a refused submit, with or without the values. prefix', () => {
    const refused = new HttpErrorResponse({
      status: 400,
      error: {
        code: 'VALIDATION_FAILED',
        message: '数据未通过校验',
        details: { errors: [{ field: 'values.deaths', label: '死亡人数', message: '“死亡人数”不能大于“出院人数”' }] },
      },
    });
    expect(submitErrorsOf(refused)).toEqual([
      { field: 'deaths', label: '死亡人数', message: '“死亡人数”不能大于“出院人数”' },
    ]);
    expect(submitErrorsOf(new HttpErrorResponse({ status: 409, error: { code: 'CONFLICT', message: '已提交' } }))).toBeNull();
  });
});

describe('fieldHint', () => {
  it('says the type and limits in Chinese', () => {
    expect(fieldHint(field('a', 'A', { min: 0, max: 100 }))).toBe('整数，0–100');
    expect(fieldHint(field('a', 'A', { type: 'number', min: null, max: null }))).toBe('');
    expect(fieldHint(field('a', 'A', { type: 'number', min: 0 }))).toBe('不小于 0');
  });
});
