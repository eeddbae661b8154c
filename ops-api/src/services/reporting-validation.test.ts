import { describe, expect, it } from 'vitest';
import { checkFormRules, coerceCases, coerceValue, MAX_CASES, validateValues, type FieldDef } from './reporting-validation.js';

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
    expect(coerceValue('１，２００')).toEqual({ value: 1200 });
    expect(coerceValue('12a')).toEqual({ error: '“12a”不是数字' });
  });

  it('refuses rules with unknown names (with their position) and rules that are not conditions', () => {
    const issues = checkFormRules(fields, [{ expression: 'deaths <= discharge', message: '' }, { expression: 'deaths + discharges', message: '' }]);
    expect(issues[0]).toMatchObject({ code: 'unknown_name', rule: 0, line: 1, column: 11, field: 'rules[0].expression' });
    expect(issues[0]!.message).toContain('discharge');
    expect(issues[1]).toMatchObject({ rule: 1, code: 'type' });
    expect(checkFormRules(fields, rules)).toEqual([]);
  });

  describe('逐例数值 (a list of cases)', () => {
    const caseFields: FieldDef[] = [
      { code: 'stay', label: '滞留时间', unit: '小时', type: 'cases', required: true, min: 0, max: 72 },
      { code: 'visits', label: '接诊人次', unit: null, type: 'integer', required: true, min: 0, max: null },
    ];

    it('reads a list, or text pasted from a column, skipping blank entries', () => {
      expect(coerceCases(['1', '', null, 2.5, ' 3 '])).toEqual({ values: [1, 2.5, 3], errors: [] });
      expect(coerceCases('1\n2\t3，4;5；6、7 8,\n')).toEqual({ values: [1, 2, 3, 4, 5, 6, 7, 8], errors: [] });
      expect(coerceCases(7)).toEqual({ values: [7], errors: [] });
      expect(coerceCases(null)).toEqual({ values: [], errors: [] });
      expect(coerceCases(['１２．５', '３'])).toEqual({ values: [12.5, 3], errors: [] });
      expect(coerceCases(['1', '-']).errors).toEqual([{ index: 2, error: '“-”不是数字' }]);
      const bad = coerceCases(['1', 'x', true]);
      expect(bad.errors).toEqual([{ index: 2, error: '“x”不是数字' }, { index: 3, error: '不是数字' }]);
    });

    it('names the first three bad cases and counts the rest; required means one case', () => {
      const out = validateValues(caseFields, [], { stay: ['a', 100, -1, 'b', 'c'], visits: 3 });
      expect(out.errors.map((e) => e.message)).toEqual([
        '“滞留时间”第1例：“a”不是数字',
        '“滞留时间”第2例：不能大于 72小时',
        '“滞留时间”第3例：不能小于 0小时',
        '“滞留时间”另有 2 例有误，请逐例核对',
      ]);
      expect(out.values.stay).toBeNull();
      expect(validateValues(caseFields, [], { stay: [], visits: 1 }).errors).toEqual([{ field: 'stay', label: '滞留时间', message: '“滞留时间”至少填写 1 例', kind: 'required' }]);
      const many = validateValues(caseFields, [], { stay: Array.from({ length: MAX_CASES + 1 }, () => 1), visits: 1 });
      expect(many.errors.map((e) => e.message)).toEqual([`“滞留时间”最多填写 ${MAX_CASES} 例，实为 ${MAX_CASES + 1} 例`]);
      // a list where one number belongs is refused by the field's name
      expect(validateValues(caseFields, [], { stay: [1], visits: [1, 2] }).errors[0]!.message).toBe('“接诊人次”只填一个数值，不是逐例列表');
    });

    it('runs rules over the cases through aggregates, and refuses a rule that uses them as one number', () => {
      const rules = [{ expression: 'COUNT(stay) <= visits AND MEDIAN(stay) < 24', message: '例数或中位数不对' }];
      expect(checkFormRules(caseFields, rules)).toEqual([]);
      expect(validateValues(caseFields, rules, { stay: [1, 2, 30], visits: 3 }).ok).toBe(true);
      expect(validateValues(caseFields, rules, { stay: [1, 2, 30], visits: 2 }).errors).toEqual([{ field: 'stay', label: '滞留时间', message: '例数或中位数不对', kind: 'rule' }]);
      expect(validateValues(caseFields, rules, { stay: [30, 40, 1], visits: 3 }).ok).toBe(false);
      const issues = checkFormRules(caseFields, [{ expression: 'stay <= 24', message: '' }]);
      expect(issues).toEqual([expect.objectContaining({ code: 'type', rule: 0, line: 1, column: 1, length: 4 })]);
      expect(issues[0]!.message).toContain('“stay”是逐例数值');
    });
  });
});
