import { createHmac } from 'node:crypto';
import { DISCHARGE_COLUMNS } from '@qc/warehouse';
import { buildDischargeInput } from '../../test/factories.js';
import { headerToKey, normalizeDischarge, REQUIRED_FILE_KEYS, type NormalizeContext } from './discharge-record.js';

const ctx: NormalizeContext = {
  patientKeySecret: 'test-secret',
  runId: 'run-1',
  source: 'file:test.csv',
  loadedAt: new Date('2024-04-01T00:00:00Z'),
};

function ok(input: Record<string, unknown>, c: NormalizeContext = ctx): Record<string, unknown> {
  const r = normalizeDischarge(input, 2, c);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.rejects)}`);
  return r.record;
}

function rejects(input: Record<string, unknown>, c: NormalizeContext = ctx) {
  const r = normalizeDischarge(input, 17, c);
  if (r.ok) throw new Error('expected rejects');
  return r.rejects;
}

describe('headerToKey', () => {
  it('maps Chinese headers, trimmed and BOM-free, to keys', () => {
    expect(headerToKey('医疗机构代码')).toBe('org_code');
    expect(headerToKey('\uFEFF医疗机构代码')).toBe('org_code');
    expect(headerToKey('  出院时间 ')).toBe('discharge_time');
    expect(headerToKey('手术及操作编码10')).toBe('op_code_10');
    expect(headerToKey('年龄不足1周岁的年龄(天)')).toBe('infant_age_days');
  });
  it('treats full-width parentheses like half-width ones', () => {
    expect(headerToKey('实际住院（天）')).toBe('los_days');
    expect(headerToKey('住院总费用（元）')).toBe('total_cost');
  });
  it('maps the personal headers and English keys', () => {
    expect(headerToKey('姓名')).toBe('patient_name');
    expect(headerToKey('身份证号')).toBe('id_card_no');
    expect(headerToKey('org_code')).toBe('org_code');
    expect(headerToKey('OP_CODE_3')).toBe('op_code_3');
  });
  it('returns undefined for unknown headers and computed columns', () => {
    expect(headerToKey('备注')).toBeUndefined();
    expect(headerToKey('record_key')).toBeUndefined();
    expect(headerToKey('_run_id')).toBeUndefined();
  });
  it('lists the required keys of a file', () => {
    expect(REQUIRED_FILE_KEYS).toContain('org_code');
    expect(REQUIRED_FILE_KEYS).toContain('total_cost');
    expect(REQUIRED_FILE_KEYS).not.toContain('record_key');
    expect(REQUIRED_FILE_KEYS).not.toContain('patient_name');
  });
});

describe('normalizeDischarge: a valid record', () => {
  it('types every column per the spec and adds keys and load metadata', () => {
    const r = ok(buildDischargeInput());
    expect(Object.keys(r).sort()).toEqual(DISCHARGE_COLUMNS.map((c) => c.key).sort());
    expect(r.record_key).toBe('450201001|BA0001|1');
    expect(r.admission_seq).toBe(1);
    expect(r.age).toBe(44);
    expect(r.los_days).toBe(7);
    expect(r.total_cost).toBe(35210.5);
    expect(r.birth_date).toEqual(new Date('1980-01-01T00:00:00Z'));
    expect(r.admit_time).toEqual(new Date('2024-03-01T08:30:00Z'));
    expect(r.discharge_time).toEqual(new Date('2024-03-08T10:00:00Z'));
    expect(r.op_date_1).toEqual(new Date('2024-03-02T14:00:00Z'));
    expect(r.op_level_1).toBe(4);
    expect(r.op_code_2).toBeNull();
    expect(r.transfer_depts).toBeNull();
    expect(r.other_diag_codes).toBe('I10.x00;E11.900');
    expect(r._run_id).toBe('run-1');
    expect(r._source).toBe('file:test.csv');
    expect(r._row_number).toBe(2);
    expect(r._loaded_at).toEqual(ctx.loadedAt);
  });

  it('drops 姓名 and 身份证号 and keys the patient by an HMAC of the ID card number', () => {
    const r = ok(buildDischargeInput());
    expect(r).not.toHaveProperty('patient_name');
    expect(r).not.toHaveProperty('id_card_no');
    expect(JSON.stringify(r)).not.toContain('张三');
    expect(JSON.stringify(r)).not.toContain('45020119800101123');
    const expected = createHmac('sha256', 'test-secret').update('450201001|45020119800101123X').digest('hex');
    expect(r.patient_key).toBe(expected);
    // a lower-case x in the ID card number is the same patient
    expect(ok(buildDischargeInput({ id_card_no: '45020119800101123X' })).patient_key).toBe(expected);
  });

  it('falls back to the 病案号 for the patient key when there is no ID card number', () => {
    const r = ok(buildDischargeInput({ id_card_no: '' }));
    expect(r.patient_key).toBe(createHmac('sha256', 'test-secret').update('450201001|BA0001').digest('hex'));
    const other = ok(buildDischargeInput({ id_card_no: undefined }), { ...ctx, patientKeySecret: 'other' });
    expect(other.patient_key).not.toBe(r.patient_key);
  });

  it('accepts numbers and Dates as read from spreadsheets and databases', () => {
    const r = ok(
      buildDischargeInput({
        org_code: 450201001,
        admission_seq: 2,
        sex: 2,
        age: 44,
        los_days: 7.0,
        total_cost: 12000,
        birth_date: new Date('1980-01-01T00:00:00Z'),
        admit_time: new Date('2024-03-01T08:30:00Z'),
        discharge_time: new Date('2024-03-08T10:00:00Z'),
        op_level_1: '4.0',
      }),
    );
    expect(r.org_code).toBe('450201001');
    expect(r.sex).toBe('2');
    expect(r.admission_seq).toBe(2);
    expect(r.op_level_1).toBe(4);
    expect(r.admit_time).toEqual(new Date('2024-03-01T08:30:00Z'));
  });

  it('reads Dates by their local fields when asked (drivers that return local time)', () => {
    const local = new Date(2024, 2, 1, 8, 30);
    const r = ok(buildDischargeInput({ admit_time: local }), { ...ctx, dateValues: 'local' });
    expect(r.admit_time).toEqual(new Date('2024-03-01T08:30:00Z'));
  });

  it('accepts a same-day stay, an infant of age 0 and a date-only operation date', () => {
    const r = ok(
      buildDischargeInput({
        birth_date: '2024-02-20',
        age: '0',
        infant_age_days: '10',
        admit_time: '2024-03-01 08:00',
        discharge_time: '2024-03-01 08:00',
        los_days: '1',
        op_date_1: '2024-03-01',
      }),
    );
    expect(r.age).toBe(0);
    expect(r.op_date_1).toEqual(new Date('2024-03-01T00:00:00Z'));
  });

  it('normalizes incision grades written with ASCII numerals or a full-width slash', () => {
    expect(ok(buildDischargeInput({ op_incision_1: 'II／乙' })).op_incision_1).toBe('Ⅱ/乙');
    expect(ok(buildDischargeInput({ op_incision_1: 'Ⅰ/甲' })).op_incision_1).toBe('Ⅰ/甲');
  });

  it('accepts the org code when it matches the uploading hospital', () => {
    expect(ok(buildDischargeInput(), { ...ctx, orgCode: '450201001' }).org_code).toBe('450201001');
  });

  it('ignores unknown keys', () => {
    const r = ok(buildDischargeInput({ 备注: 'x', extra: 1 }));
    expect(r).not.toHaveProperty('extra');
  });
});

describe('normalizeDischarge: rejects', () => {
  it('names the row and the field, in Chinese, when 出院时间 is before 入院时间', () => {
    const rs = rejects(buildDischargeInput({ admit_time: '2024-03-08 10:00', discharge_time: '2024-03-01 10:00' }));
    expect(rs).toEqual([{ row: 17, field: '出院时间', message: '出院时间 早于入院时间' }]);
  });

  it.each(['org_code', 'record_no', 'admission_seq', 'sex', 'birth_date', 'age', 'admission_route', 'admit_time', 'admit_dept', 'discharge_time', 'discharge_dept', 'los_days', 'main_diag_code', 'main_diag_name', 'discharge_method', 'readmit_plan_31d', 'total_cost'])(
    'requires %s',
    (key) => {
      const rs = rejects(buildDischargeInput({ [key]: '  ' }));
      expect(rs.length).toBeGreaterThanOrEqual(1);
      expect(rs[0]!.message).toMatch(/为必填项/);
    },
  );

  it('reports every problem of a row, not only the first', () => {
    const rs = rejects(buildDischargeInput({ sex: '3', los_days: '0', total_cost: '-1' }));
    expect(rs.map((r) => r.field)).toEqual(['性别', '实际住院(天)', '住院总费用(元)']);
    expect(rs.every((r) => r.row === 17)).toBe(true);
  });

  it.each([
    ['sex', '3', '性别'],
    ['admission_route', '4', '入院途径'],
    ['main_diag_admit_condition', '5', '主要诊断入院病情'],
    ['discharge_method', '6', '离院方式'],
    ['readmit_plan_31d', '0', '是否有出院31天内再住院计划'],
    ['payment_method', '10', '医疗付费方式'],
  ])('checks the code list of %s', (key, value, header) => {
    const rs = rejects(buildDischargeInput({ [key]: value }));
    expect(rs).toHaveLength(1);
    expect(rs[0]!.field).toBe(header);
    expect(rs[0]!.message).toContain('不在值域内');
  });

  it.each([
    ['birth_date', '1980/01/01'],
    ['birth_date', '1980-02-30'],
    ['admit_time', '2024-03-01'],
    ['admit_time', '2024-03-01 25:00'],
    ['discharge_time', 'yesterday'],
    ['op_date_1', '2024-13-01'],
    ['icu_in_time', '2024-03-01 8点'],
  ])('rejects the malformed date/time %s = %s', (key, value) => {
    const rs = rejects(buildDischargeInput({ [key]: value }));
    expect(rs.length).toBeGreaterThanOrEqual(1);
    expect(rs[0]!.message).toMatch(/格式|有效/);
  });

  it.each([
    ['admission_seq', '0', '应不小于 1'],
    ['admission_seq', '1.5', '应为整数'],
    ['age', 'abc', '应为整数'],
    ['age', '-1', '不能为负数'],
    ['age', '200', '超出合理范围'],
    ['los_days', '0', '应不小于 1'],
    ['total_cost', '-0.01', '不能为负数'],
    ['total_cost', '1,200', '应为数字'],
    ['self_pay_cost', '-5', '不能为负数'],
    ['coma_hours_before', '-2', '不能为负数'],
    ['newborn_birth_weight_g', '-3000', '不能为负数'],
  ])('checks the number %s = %s', (key, value, message) => {
    const rs = rejects(buildDischargeInput({ [key]: value }));
    expect(rs.some((r) => r.message.includes(message))).toBe(true);
  });

  it('requires an operation date when there is an operation code', () => {
    const rs = rejects(buildDischargeInput({ op_date_1: '' }));
    expect(rs).toEqual([{ row: 17, field: '手术及操作日期1', message: '手术及操作日期1 为必填项（已填手术及操作编码1）' }]);
  });

  it('rejects operation fields in a slot without a code', () => {
    const rs = rejects(buildDischargeInput({ op_level_3: '2', op_name_3: '阑尾切除术' }));
    expect(rs).toHaveLength(1);
    expect(rs[0]!.field).toBe('手术及操作编码3');
    expect(rs[0]!.message).toContain('手术级别3');
  });

  it('checks operation level, code and incision grade', () => {
    expect(rejects(buildDischargeInput({ op_level_1: '5' }))[0]!.field).toBe('手术级别1');
    expect(rejects(buildDischargeInput({ op_code_1: 'ABC' }))[0]!.message).toContain('ICD-9-CM-3');
    expect(rejects(buildDischargeInput({ op_incision_1: 'Ⅳ/甲' }))[0]!.field).toBe('切口愈合等级1');
  });

  it('checks ICD-10 codes of diagnoses', () => {
    expect(rejects(buildDischargeInput({ main_diag_code: '心梗' }))[0]!.field).toBe('主要诊断编码');
    const other = rejects(buildDischargeInput({ other_diag_codes: 'I10.x00;xx;E11.9' }));
    expect(other[0]!.message).toContain('xx');
    const many = Array.from({ length: 41 }, (_, i) => `E${String(10 + (i % 80)).padStart(2, '0')}.9`).join(';');
    expect(rejects(buildDischargeInput({ other_diag_codes: many }))[0]!.message).toContain('最多 40 个');
    expect(rejects(buildDischargeInput({ external_cause_code: 'A01.0' }))[0]!.field).toBe('损伤中毒外部原因编码');
    expect(rejects(buildDischargeInput({ pathology_diag_code: '8140' }))[0]!.field).toBe('病理诊断编码');
  });

  it('accepts valid optional codes', () => {
    const r = ok(buildDischargeInput({ external_cause_code: 'W19.x00', pathology_diag_code: 'M8140/3', other_diag_codes: 'I10.x00；E11.900;' }));
    expect(r.other_diag_codes).toBe('I10.x00;E11.900');
  });

  it('refuses a row of another hospital when the uploading hospital is given', () => {
    const rs = rejects(buildDischargeInput({ org_code: '450201999' }), { ...ctx, orgCode: '450201001' });
    expect(rs).toHaveLength(1);
    expect(rs[0]!.field).toBe('医疗机构代码');
    expect(rs[0]!.message).toContain('与上传机构（450201001）不一致');
  });

  it('refuses a row of a hospital the uploading center does not supervise', () => {
    const center = { code: 'LZ-QC03', hospitals: new Set(['450201001']) };
    expect(ok(buildDischargeInput({ org_code: '450201001' }), { ...ctx, center }).org_code).toBe('450201001');
    const rs = rejects(buildDischargeInput({ org_code: '450201999' }), { ...ctx, center });
    expect(rs).toHaveLength(1);
    expect(rs[0]!.field).toBe('医疗机构代码');
    expect(rs[0]!.message).toContain('“450201999”不是上传机构（LZ-QC03）监管的医院');
  });

  it('checks the order of birth, ICU and cost values', () => {
    expect(rejects(buildDischargeInput({ birth_date: '2024-03-05' }))[0]!.message).toBe('出生日期 晚于入院时间');
    expect(
      rejects(buildDischargeInput({ icu_in_time: '2024-03-03 10:00', icu_out_time: '2024-03-02 10:00' }))[0]!.message,
    ).toBe('重症监护室转出时间 早于重症监护室进入时间');
    expect(rejects(buildDischargeInput({ icu_out_time: '2024-03-02 10:00' }))[0]!.field).toBe('重症监护室进入时间');
    expect(rejects(buildDischargeInput({ self_pay_cost: '40000' }))[0]!.message).toContain('大于住院总费用');
  });
});
