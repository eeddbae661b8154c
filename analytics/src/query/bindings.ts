/**
 * Indicators computed from discharge records (住院病案首页) rather than reported on forms: each binds
 * the variables of its library formula (`numerator`, `denominator`) to additive columns of the dbt
 * mart `mart_hospital_month` (one row per hospital × discharge month), and says which records lie
 * behind each part so that every number can be drilled down to them.
 */
export interface RecordSet {
  /** The dbt mart holding the records: discharges or single operation slots. */
  table: 'fct_discharge' | 'fct_operation';
  /** A boolean SQL condition over that mart's columns, valid on DuckDB and ClickHouse; null = all rows. */
  where: string | null;
}

export interface DischargeBinding {
  code: string;
  /** Column of `mart_hospital_month` per formula variable. */
  columns: { numerator: string; denominator: string };
  drill: { numerator: RecordSet; denominator: RecordSet };
}

const discharges = (where: string | null): RecordSet => ({ table: 'fct_discharge', where });
const operations = (where: string): RecordSet => ({ table: 'fct_operation', where });

export const DISCHARGE_BINDINGS: readonly DischargeBinding[] = [
  {
    code: 'HQ-01',
    columns: { numerator: 'bed_days', denominator: 'discharges' },
    drill: { numerator: discharges(null), denominator: discharges(null) },
  },
  {
    code: 'HQ-02',
    columns: { numerator: 'deaths', denominator: 'discharges' },
    drill: { numerator: discharges('is_death'), denominator: discharges(null) },
  },
  {
    code: 'HQ-03',
    columns: { numerator: 'readmissions_0_31_unplanned', denominator: 'readmission_eligible_discharges' },
    drill: { numerator: discharges('is_unplanned_readmission_31d'), denominator: discharges('is_readmission_eligible') },
  },
  {
    code: 'HQ-04',
    columns: { numerator: 'low_risk_icd_deaths', denominator: 'low_risk_icd_discharges' },
    drill: { numerator: discharges('is_low_risk_icd and is_death'), denominator: discharges('is_low_risk_icd') },
  },
  {
    code: 'HQ-05',
    columns: { numerator: 'surgical_patient_deaths', denominator: 'surgical_patients' },
    drill: { numerator: discharges('is_surgical and is_death'), denominator: discharges('is_surgical') },
  },
  {
    code: 'PERF-03',
    columns: { numerator: 'operations', denominator: 'discharges' },
    drill: { numerator: operations('is_surgery'), denominator: discharges(null) },
  },
  {
    code: 'PERF-04',
    columns: { numerator: 'operations_minimally_invasive', denominator: 'operations' },
    drill: { numerator: operations('is_surgery and is_minimally_invasive'), denominator: operations('is_surgery') },
  },
  {
    code: 'PERF-05',
    columns: { numerator: 'operations_level_4', denominator: 'operations' },
    drill: { numerator: operations('is_surgery and op_level = 4'), denominator: operations('is_surgery') },
  },
  {
    code: 'PERF-06',
    columns: { numerator: 'surgical_complication_patients', denominator: 'surgical_patients' },
    drill: { numerator: discharges('is_surgical and has_surgical_complication'), denominator: discharges('is_surgical') },
  },
  {
    code: 'PERF-07',
    columns: { numerator: 'class_i_incision_infections', denominator: 'class_i_incision_operations' },
    drill: { numerator: operations('is_class_i_incision and is_class_i_infection'), denominator: operations('is_class_i_incision') },
  },
  {
    code: 'PERF-08',
    columns: { numerator: 'low_risk_group_deaths', denominator: 'low_risk_group_discharges' },
    drill: { numerator: discharges('is_low_risk_group and is_death'), denominator: discharges('is_low_risk_group') },
  },
];

const BY_CODE = new Map(DISCHARGE_BINDINGS.map((b) => [b.code, b]));

/** The discharge-record binding of an indicator, or undefined when its values are reported on forms. */
export function dischargeBinding(code: string): DischargeBinding | undefined {
  return BY_CODE.get(code);
}
