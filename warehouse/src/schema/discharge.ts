/**
 * The raw discharge-record table (住院病案首页), one row per discharge, as it lands from any source.
 * One spec drives the DDL of every engine, the Arrow schema of loads, and the file connector's
 * header mapping. Keys are those of shared/formats/discharge-record.md; personal identifiers
 * (姓名, 身份证号) are not columns: a keyed hash `patient_key` links a patient's stays instead.
 */
export type ColumnType = 'string' | 'int' | 'double' | 'date' | 'timestamp';

export interface ColumnSpec {
  key: string;
  /** Chinese header in files; absent for columns the platform adds. */
  header?: string;
  type: ColumnType;
  required?: boolean;
}

const OP_SLOTS = 10;
const opColumns: ColumnSpec[] = [];
for (let i = 1; i <= OP_SLOTS; i++) {
  opColumns.push(
    { key: `op_code_${i}`, header: `手术及操作编码${i}`, type: 'string' },
    { key: `op_name_${i}`, header: `手术及操作名称${i}`, type: 'string' },
    { key: `op_date_${i}`, header: `手术及操作日期${i}`, type: 'timestamp' },
    { key: `op_level_${i}`, header: `手术级别${i}`, type: 'int' },
    { key: `op_incision_${i}`, header: `切口愈合等级${i}`, type: 'string' },
    { key: `op_anesthesia_${i}`, header: `麻醉方式${i}`, type: 'string' },
  );
}

/** Columns of `raw.discharge_records`, in table order. */
export const DISCHARGE_COLUMNS: ColumnSpec[] = [
  // identity: (org_code, record_no, admission_seq); record_key joins them with '|'
  { key: 'record_key', type: 'string', required: true },
  { key: 'org_code', header: '医疗机构代码', type: 'string', required: true },
  { key: 'record_no', header: '病案号', type: 'string', required: true },
  { key: 'admission_seq', header: '住院次数', type: 'int', required: true },
  { key: 'patient_key', type: 'string', required: true },
  { key: 'sex', header: '性别', type: 'string', required: true },
  { key: 'birth_date', header: '出生日期', type: 'date', required: true },
  { key: 'age', header: '年龄', type: 'int', required: true },
  { key: 'infant_age_days', header: '年龄不足1周岁的年龄(天)', type: 'int' },
  { key: 'newborn_birth_weight_g', header: '新生儿出生体重(克)', type: 'int' },
  { key: 'admission_route', header: '入院途径', type: 'string', required: true },
  { key: 'admit_time', header: '入院时间', type: 'timestamp', required: true },
  { key: 'admit_dept', header: '入院科别', type: 'string', required: true },
  { key: 'transfer_depts', header: '转科科别', type: 'string' },
  { key: 'discharge_time', header: '出院时间', type: 'timestamp', required: true },
  { key: 'discharge_dept', header: '出院科别', type: 'string', required: true },
  { key: 'los_days', header: '实际住院(天)', type: 'int', required: true },
  { key: 'main_diag_code', header: '主要诊断编码', type: 'string', required: true },
  { key: 'main_diag_name', header: '主要诊断名称', type: 'string', required: true },
  { key: 'main_diag_admit_condition', header: '主要诊断入院病情', type: 'string' },
  { key: 'other_diag_codes', header: '其他诊断编码', type: 'string' },
  { key: 'pathology_diag_code', header: '病理诊断编码', type: 'string' },
  { key: 'external_cause_code', header: '损伤中毒外部原因编码', type: 'string' },
  ...opColumns,
  { key: 'discharge_method', header: '离院方式', type: 'string', required: true },
  { key: 'readmit_plan_31d', header: '是否有出院31天内再住院计划', type: 'string', required: true },
  { key: 'icu_in_time', header: '重症监护室进入时间', type: 'timestamp' },
  { key: 'icu_out_time', header: '重症监护室转出时间', type: 'timestamp' },
  { key: 'coma_hours_before', header: '颅脑损伤患者入院前昏迷时间(小时)', type: 'double' },
  { key: 'coma_hours_after', header: '颅脑损伤患者入院后昏迷时间(小时)', type: 'double' },
  { key: 'payment_method', header: '医疗付费方式', type: 'string' },
  { key: 'total_cost', header: '住院总费用(元)', type: 'double', required: true },
  { key: 'self_pay_cost', header: '自付金额(元)', type: 'double' },
  // load metadata
  { key: '_run_id', type: 'string', required: true },
  { key: '_source', type: 'string', required: true },
  { key: '_row_number', type: 'int' },
  { key: '_loaded_at', type: 'timestamp', required: true },
];

/** Headers of a file that are personal identifiers: read for the patient key, never stored. */
export const PERSONAL_HEADERS = { patient_name: '姓名', id_card_no: '身份证号' } as const;

export const DISCHARGE_TABLE = { schema: 'raw', name: 'discharge_records', key: 'record_key' } as const;
