import { describe, expect, it } from 'vitest';
import { checkFormRules, coerceValue, validateValues, type FieldDef } from './reporting-validation.js';

const fields: FieldDef[] = [
  { code: 'deaths', label: '死亡人数', unit: '人', type: 'integer', required: true, min: 0, max: null },
  { code: 'discharges', label: '出院人数', unit: '人', type: 'integer', required: true, min: 0, max: null },
  { code: 'rate', label: '满意度', unit: '%', type: 'number', required: false, min: 0, max: 100 },
];
const rules = [{ expression: 'deaths <= discharges', message: '死亡人数不能大于出院人数' }];

describe('reporting validation (with the real formula engine)', () => {
  it('fails a rule that is false, naming the first field it references', () => {
    expect(validateValues(fields, rules, { deaths: 5, discharges: 3 })).toMatchObject({
      ok: false,
      errors: [{ field: 'deaths', label: '死亡人数', message: '死亡人数不能大于出院人数', kind: 'rule' }],
    });
    expect(validateValues(fields, rules, { deaths: 3, discharges: 3 }).ok).toBe(true);
  });

  it('does not fail a rule on unfilled values; required does', () => {
    const out = validateValues(fields, rules, { deaths: 5 });
    expect(out.errors).toEqual([{ field: 'discharges', label: '出院人数', message: '“出院人数”不能为空', kind: 'required' }]);
    expect(validateValues(fields.map((f) => ({ ...f, required: false })), rules, { deaths: 5 }).ok).toBe(true);
  });

  it('checks types and ranges with the field named, and skips rules over a refused value', () => {
    const out = validateValues(fields, rules, { deaths: '十', discharges: 1.5, rate: 120, extra: 1 });
    expect(out.errors.map((e) => e.message)).toEqual([
      '表单中没有字段“extra”',
      '“死亡人数”的值“十”不是数字',
      '“出院人数”必须是整数',
      '“满意度”不能大于 100%',
    ]);
    expect(out.errors.some((e) => e.kind === 'rule')).toBe(false);
  });

  it('reads numbers typed as text, with thousands separators; blank is unfilled', () => {
    expect(coerceValue(' 1,200 ')).toEqual({ value: 1200 });
    expect(coerceValue('')).toEqual({ value: null });
    expect(coerceValue('1e3')).toEqual({ value: 1000 });
    expect(coerceValue('12a')).toEqual({ error: '“12a”不是数字' });
  });

  it('refuses rules with unknown names (with their position) and rules that are not conditions', () => {
    const issues = checkFormRules(fields, [{ expression: 'deaths <= discharge', message: '' }, { expression: 'deaths + discharges', message: '' }]);
    expect(issues[0]).toMatchObject({ code: 'unknown_name', rule: 0, line: 1, column: 11, field: 'rules[0].expression' });
    expect(issues[0]!.message).toContain('discharge');
    expect(issues[1]).toMatchObject({ rule: 1, code: 'type' });
    expect(checkFormRules(fields, rules)).toEqual([]);
  });
});
