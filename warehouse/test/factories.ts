import { DISCHARGE_SPEC } from '../src/index.js';

let seq = 0;

/** One complete discharge record (required columns filled); override what a test cares about. */
export function buildDischargeRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  const orgCode = (overrides.org_code as string | undefined) ?? '45020001';
  const recordNo = (overrides.record_no as string | undefined) ?? `R${String(seq).padStart(6, '0')}`;
  const admissionSeq = (overrides.admission_seq as number | undefined) ?? 1;
  return {
    record_key: `${orgCode}|${recordNo}|${admissionSeq}`,
    org_code: orgCode,
    record_no: recordNo,
    admission_seq: admissionSeq,
    patient_key: `pk-${recordNo}`,
    sex: '1',
    birth_date: '1958-06-01',
    age: 65,
    admission_route: '1',
    admit_time: '2024-01-03 09:15:00',
    admit_dept: '03',
    discharge_time: '2024-01-10 10:00:00',
    discharge_dept: '03',
    los_days: 7,
    main_diag_code: 'K35.800',
    main_diag_name: '急性阑尾炎',
    discharge_method: '1',
    readmit_plan_31d: '1',
    total_cost: 12345.67,
    _run_id: 'run-test',
    _source: 'test',
    ...overrides,
  };
}

/** Column keys of the discharge spec (for tests that check the table). */
export const DISCHARGE_KEYS = DISCHARGE_SPEC.columns.map((c) => c.key);
