import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder } from '@angular/forms';
import {
  buildDesignerForm,
  designerFailure,
  designerPayload,
  designerProblems,
  fieldCodes,
  fieldRow,
  fillDesigner,
} from './form-designer';
import { ReportForm } from './reporting-models';

function setup() {
  const fb = TestBed.inject(NonNullableFormBuilder);
  const form = buildDesignerForm(fb);
  return { fb, form };
}

const SAVED: ReportForm = {
  id: 7,
  code: 'ICU-M',
  name: 'ICU 月报',
  description: null,
  center: { id: 3, name: '柳州市重症医学质控中心' },
  periodGrain: 'quarter',
  deadlineDays: 15,
  remindDays: 5,
  status: 'draft',
  fields: [
    { code: 'deaths', label: '死亡人数', unit: '人', type: 'integer', required: true, min: 0, max: null, indicatorCode: 'ICU-09', indicatorVariable: 'numerator', sort: 2 },
    { code: 'patients', label: '收治人数', unit: '人', type: 'integer', required: true, min: 0, max: null, indicatorCode: 'ICU-09', indicatorVariable: 'denominator', sort: 1 },
  ],
  rules: [{ expression: 'deaths <= patients', message: '“死亡人数”不能大于“收治人数”' }],
  hospitals: [{ id: 10, code: 'LZ-H01', name: '柳州市工人医院' }],
};

describe('form designer', () => {
  it('round-trips a saved form into the payload, fields in display order', () => {
    const { fb, form } = setup();
    fillDesigner(fb, form, SAVED);
    const payload = designerPayload(form);
    expect(payload).toMatchObject({ code: 'ICU-M', periodGrain: 'quarter', deadlineDays: 15, remindDays: 5, hospitalIds: [10] });
    expect(payload.fields.map((f) => [f.code, f.sort, f.indicatorVariable])).toEqual([
      ['patients', 1, 'denominator'],
      ['deaths', 2, 'numerator'],
    ]);
    expect(payload.rules).toEqual(SAVED.rules);
    expect(fieldCodes(form)).toEqual(['patients', 'deaths']);
  });

  it('drops the variable of a field that is not bound to an indicator', () => {
    const { fb, form } = setup();
    form.controls.fields.push(fieldRow(fb, { code: 'beds', label: '床位数', indicatorCode: null, indicatorVariable: 'numerator' }));
    expect(designerPayload(form).fields[0]).toMatchObject({ indicatorCode: null, indicatorVariable: null, unit: null });
  });

  it('names the field for duplicate codes, min above max and a binding without its variable', () => {
    const { fb, form } = setup();
    form.controls.fields.push(fieldRow(fb, { code: 'a', label: '出院人数' }));
    form.controls.fields.push(fieldRow(fb, { code: 'a', label: '死亡人数' }));
    form.controls.fields.push(fieldRow(fb, { code: 'b', label: '床位数', min: 10, max: 1 }));
    form.controls.fields.push(fieldRow(fb, { code: 'c', label: '手术例数', indicatorCode: 'PERF-03' }));
    const problems = designerProblems(form);
    expect(problems.get(1)).toBe('“死亡人数”的编码 a 与第1个字段重复');
    expect(problems.get(2)).toBe('“床位数”的最小值不能大于最大值');
    expect(problems.get(3)).toContain('请选择对应的变量');
    expect(problems.has(0)).toBe(false);
  });

  it('sorts a refused save onto the rule (with positions), the field row and the settings', () => {
    const refused = new HttpErrorResponse({
      status: 400,
      error: {
        code: 'VALIDATION_FAILED',
        message: '表单有误',
        details: [
          { field: 'rules.0.expression', message: '第1行第1列：未知的名称“deth”', offset: 0, line: 1, column: 1, length: 4, code: 'unknown_name' },
          { field: 'rules[1].message', message: '请填写提示' },
          { field: 'fields.2.code', message: '编码重复' },
          { field: 'payload.code', message: '表单编码已存在' },
        ],
      },
    });
    const failure = designerFailure(refused);
    expect(failure.rules.get(0)!.issues[0]).toMatchObject({ line: 1, column: 1, length: 4 });
    expect(failure.rules.get(1)!.messages).toEqual(['请填写提示']);
    expect(failure.fields.get(2)).toEqual(['编码重复']);
    expect(failure.controls.get('code')).toBe('表单编码已存在');
    expect(failure.general).toEqual([]);
  });

  it('keeps the server message when nothing in the answer points anywhere', () => {
    const failure = designerFailure(new HttpErrorResponse({ status: 409, error: { code: 'CONFLICT', message: '已发布的表单不能修改' } }));
    expect(failure.general).toEqual(['已发布的表单不能修改']);
  });

  it('accepts positioned issues in details.issues with a rule index', () => {
    const failure = designerFailure(
      new HttpErrorResponse({
        status: 400,
        error: { code: 'FORMULA_INVALID', message: '规则有误', details: { issues: [{ rule: 2, message: '公式不完整', offset: 5, line: 1, column: 6, length: 0, code: 'syntax' }] } },
      }),
    );
    expect(failure.rules.get(2)!.issues).toHaveLength(1);
    expect(failure.general).toEqual([]);
  });

  it('carries a 逐例数值 field bound to an indicator’s list variable, and names the case fields for rules', () => {
    const { fb, form } = setup();
    form.controls.fields.push(fieldRow(fb, { code: 'visits', label: '急诊人次' }));
    form.controls.fields.push(
      fieldRow(fb, { code: 'durations', label: '抢救室滞留时间', unit: '小时', type: 'cases', max: 72, indicatorCode: 'EM-03', indicatorVariable: 'durations' }),
    );
    expect(designerPayload(form).fields[1]).toMatchObject({
      code: 'durations',
      type: 'cases',
      min: 0,
      max: 72,
      indicatorCode: 'EM-03',
      indicatorVariable: 'durations',
    });
    expect(fieldCodes(form, 'cases')).toEqual(['durations']);
    expect(fieldCodes(form)).toEqual(['visits', 'durations']);
  });
});
