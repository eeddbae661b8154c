import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeDischarge, type NormalizeContext } from '../core/discharge-record.js';
import { generateDischarges, type DischargeRow } from './generator.js';
import { isValidIdNumber } from './identity.js';
import { LIUZHOU_HOSPITALS } from './registry.js';

const YEAR = { from: '2024-01', to: '2024-12' } as const;

function take(n: number, it: Iterable<DischargeRow>): DischargeRow[] {
  const out: DischargeRow[] = [];
  for (const r of it) {
    out.push(r);
    if (out.length === n) break;
  }
  return out;
}

const hash = (rows: DischargeRow[]): string => createHash('sha256').update(JSON.stringify(rows)).digest('hex');

// ---- a local checker of shared/formats/discharge-record.md ---------------------------------------

const REQUIRED = [
  'org_code', 'record_no', 'admission_seq', 'sex', 'birth_date', 'age', 'admission_route', 'admit_time', 'admit_dept',
  'discharge_time', 'discharge_dept', 'los_days', 'main_diag_code', 'main_diag_name', 'discharge_method', 'readmit_plan_31d', 'total_cost',
];
const CODES: Record<string, string[]> = {
  sex: ['0', '1', '2', '9'],
  admission_route: ['1', '2', '3', '9'],
  main_diag_admit_condition: ['1', '2', '3', '4'],
  discharge_method: ['1', '2', '3', '4', '5', '9'],
  readmit_plan_31d: ['1', '2'],
  payment_method: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
};
const ICD10 = /^[A-Z][0-9]{2}(\.[0-9A-Za-z]{1,4})?$/;
const ICD9 = /^[0-9]{2}(\.[0-9]{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/;
const INCISION = /^(0|[ⅠⅡⅢ]\/[甲乙丙])$/;

const ms = (s: string): number => Date.parse(`${s.replace(' ', 'T')}${s.length === 10 ? 'T00:00' : ''}Z`);
const dayOf = (s: string): number => Math.floor(ms(s.slice(0, 10)) / 86_400_000);
function fullYears(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.slice(0, 10).split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

/** Every problem of a record against the format's rules (empty when it conforms). */
function problems(r: DischargeRow): string[] {
  const p: string[] = [];
  const s = (k: string): string | null => (r[k] === null ? null : String(r[k]));
  for (const k of REQUIRED) if (r[k] === null || r[k] === '') p.push(`${k} missing`);
  for (const [k, codes] of Object.entries(CODES)) if (r[k] !== null && !codes.includes(String(r[k]))) p.push(`${k} ${String(r[k])}`);
  if (!Number.isInteger(r.admission_seq) || (r.admission_seq as number) < 1) p.push('admission_seq');
  if (!DATE.test(s('birth_date') ?? '')) p.push('birth_date format');
  for (const k of ['admit_time', 'discharge_time', 'icu_in_time', 'icu_out_time']) if (r[k] !== null && !DATETIME.test(String(r[k]))) p.push(`${k} format`);
  const admit = ms(s('admit_time') as string);
  const discharge = ms(s('discharge_time') as string);
  if (discharge < admit) p.push('discharge before admit');
  const los = r.los_days as number;
  if (!Number.isInteger(los) || los < 1 || los !== Math.max(1, dayOf(s('discharge_time') as string) - dayOf(s('admit_time') as string))) p.push(`los ${los}`);
  if (r.age !== fullYears(s('birth_date') as string, s('admit_time') as string)) p.push(`age ${String(r.age)}`);
  if (r.age === 0 && r.infant_age_days === null) p.push('infant without 年龄不足1周岁的年龄(天)');
  if (r.infant_age_days !== null && (r.age !== 0 || (r.infant_age_days as number) !== dayOf(s('admit_time') as string) - dayOf(s('birth_date') as string))) p.push('infant_age_days');
  if (r.newborn_birth_weight_g !== null && ((r.newborn_birth_weight_g as number) < 500 || (r.newborn_birth_weight_g as number) > 6000)) p.push('birth weight');
  if (!ICD10.test(s('main_diag_code') as string)) p.push('main_diag_code');
  const others = s('other_diag_codes')?.split(';') ?? [];
  if (others.length > 40 || others.some((c) => !ICD10.test(c)) || new Set(others).size !== others.length) p.push('other_diag_codes');
  if (others.includes(s('main_diag_code') as string)) p.push('main diagnosis repeated among others');
  if (r.external_cause_code !== null && !/^[V-Y][0-9]{2}(\.[0-9])?$/.test(s('external_cause_code') as string)) p.push('external_cause_code');
  if (r.pathology_diag_code !== null && !/^M[0-9]{4}\/[0-9]$/.test(s('pathology_diag_code') as string)) p.push('pathology');
  let emptySeen = false;
  for (let i = 1; i <= 10; i++) {
    const code = s(`op_code_${i}`);
    if (code === null) {
      emptySeen = true;
      for (const f of ['op_name', 'op_date', 'op_level', 'op_incision', 'op_anesthesia']) if (r[`${f}_${i}`] !== null) p.push(`${f}_${i} without code`);
      continue;
    }
    if (emptySeen) p.push(`op slot ${i} after an empty slot`);
    if (!ICD9.test(code)) p.push(`op_code_${i} ${code}`);
    const d = s(`op_date_${i}`);
    if (d === null || !DATETIME.test(d) || ms(d) < admit - 60_000 || ms(d) > discharge) p.push(`op_date_${i}`);
    const level = r[`op_level_${i}`];
    if (level !== null && ![1, 2, 3, 4].includes(level as number)) p.push(`op_level_${i}`);
    const inc = s(`op_incision_${i}`);
    if (inc !== null && (!INCISION.test(inc) || level === null)) p.push(`op_incision_${i} ${inc}`);
  }
  if ((r.icu_in_time === null) !== (r.icu_out_time === null)) p.push('icu pair');
  if (r.icu_in_time !== null) {
    const a = ms(s('icu_in_time') as string);
    const b = ms(s('icu_out_time') as string);
    if (a < admit - 60_000 || b < a || b > discharge + 60_000) p.push('icu outside the stay');
  }
  const total = r.total_cost as number;
  if (!(total >= 0) || (r.self_pay_cost !== null && ((r.self_pay_cost as number) < 0 || (r.self_pay_cost as number) > total))) p.push('costs');
  const id = s('id_card_no');
  if (id !== null) {
    if (!isValidIdNumber(id) || !id.startsWith('4502')) p.push('id number');
    if (id.slice(6, 14) !== (s('birth_date') as string).replace(/-/g, '')) p.push('id birth date');
    if (Number(id[16]) % 2 !== (r.sex === '1' ? 1 : 0)) p.push('id sex digit');
  }
  if (!/^[\u4e00-\u9fa5]{2,12}$/.test(s('patient_name') ?? '')) p.push('name');
  if (r.discharge_method === '5' && r.readmit_plan_31d === '2') p.push('a death plans a readmission');
  return p;
}

// ---- one 50k sample for the checks that need volume ----------------------------------------------

const N = 50_000;
let rows: DischargeRow[] = [];
beforeAll(() => {
  rows = [...generateDischarges({ seed: 20240101, records: N, ...YEAR })];
});

describe('generateDischarges: determinism', () => {
  it('gives the same first 1000 records for the same seed and options', () => {
    const a = take(1000, generateDischarges({ seed: 42, records: 5000, ...YEAR }));
    const b = take(1000, generateDischarges({ seed: 42, records: 5000, ...YEAR }));
    expect(a).toHaveLength(1000);
    expect(hash(a)).toBe(hash(b));
    expect(a).toEqual(b);
  });

  it('gives other records for another seed', () => {
    const a = take(200, generateDischarges({ seed: 1, records: 1000, ...YEAR }));
    const b = take(200, generateDischarges({ seed: 2, records: 1000, ...YEAR }));
    expect(hash(a)).not.toBe(hash(b));
  });

  it('starts over on each iteration of the same iterable', () => {
    const it = generateDischarges({ seed: 5, records: 300, ...YEAR });
    expect(hash([...it])).toBe(hash([...it]));
  });
});

describe('generateDischarges: options', () => {
  it('yields exactly the records asked for, discharged within the range', () => {
    expect(rows).toHaveLength(N);
    const first = ms('2024-01-01');
    const last = ms('2024-12-31 23:59:59');
    for (const r of rows) {
      const t = ms(r.discharge_time as string);
      expect(t >= first && t <= last).toBe(true);
    }
    expect([...generateDischarges({ records: 0, ...YEAR })]).toEqual([]);
  });

  it('spreads discharges over every month of the range', () => {
    const months = new Map<string, number>();
    for (const r of rows) months.set((r.discharge_time as string).slice(0, 7), (months.get((r.discharge_time as string).slice(0, 7)) ?? 0) + 1);
    expect(months.size).toBe(12);
    for (const c of months.values()) expect(c).toBeGreaterThan(N / 12 / 1.3);
  });

  it('uses only the hospitals it is given', () => {
    const hospitals = [
      { code: 'X-1', tier: '三级甲等', type: '综合医院' },
      { code: 'X-2', tier: null, type: '妇幼保健院' },
    ];
    const got = new Set([...generateDischarges({ records: 2000, ...YEAR, hospitals })].map((r) => r.org_code));
    expect(got).toEqual(new Set(['X-1', 'X-2']));
  });

  it('rejects bad options with a message naming them', () => {
    expect(() => generateDischarges({ records: -1, ...YEAR })).toThrow(/records/);
    expect(() => generateDischarges({ records: 10, from: '2024-13', to: '2024-12' })).toThrow(/from/);
    expect(() => generateDischarges({ records: 10, from: '2024-05', to: '2024-01' })).toThrow(/before/);
    expect(() => generateDischarges({ records: 10, ...YEAR, hospitals: [] })).toThrow(/hospitals/);
    expect(() => generateDischarges({ records: 10, ...YEAR, readmissionRate: 2 })).toThrow(/readmissionRate/);
  });

  it('accepts whole days as the range', () => {
    const got = [...generateDischarges({ records: 500, from: '2024-03-10', to: '2024-03-12' })];
    for (const r of got) expect((r.discharge_time as string).slice(0, 10) >= '2024-03-10' && (r.discharge_time as string).slice(0, 10) <= '2024-03-12').toBe(true);
  });
});

describe('generateDischarges: the format', () => {
  it('every record passes the format rules (local checker)', () => {
    const bad: string[] = [];
    for (const r of rows) {
      const p = problems(r);
      if (p.length > 0 && bad.length < 5) bad.push(`${String(r.org_code)}|${String(r.record_no)}|${String(r.admission_seq)}: ${p.join(', ')}`);
    }
    expect(bad).toEqual([]);
  });

  it('every record passes normalizeDischarge with zero rejects', () => {
    const ctx: NormalizeContext = { patientKeySecret: 'k', runId: 'r', source: 'synthetic', loadedAt: new Date('2025-01-01T00:00:00Z') };
    const rejects = rows.flatMap((r, i) => {
      const res = normalizeDischarge(r, i + 2, ctx);
      return res.ok ? [] : res.rejects;
    });
    expect(rejects.slice(0, 5)).toEqual([]);
  });

  it('keys every record uniquely by (医疗机构代码, 病案号, 住院次数)', () => {
    const keys = new Set(rows.map((r) => `${String(r.org_code)}|${String(r.record_no)}|${String(r.admission_seq)}`));
    expect(keys.size).toBe(N);
  });

  it('keeps a patient the same person across stays, each stay after the previous discharge', () => {
    const byPatient = new Map<string, DischargeRow[]>();
    for (const r of rows) {
      const k = `${String(r.org_code)}|${String(r.record_no)}`;
      byPatient.set(k, [...(byPatient.get(k) ?? []), r]);
    }
    let multi = 0;
    for (const stays of byPatient.values()) {
      if (stays.length < 2) continue;
      multi++;
      stays.sort((a, b) => (a.admission_seq as number) - (b.admission_seq as number));
      for (let i = 1; i < stays.length; i++) {
        const [prev, next] = [stays[i - 1] as DischargeRow, stays[i] as DischargeRow];
        expect(next.admission_seq).toBe((prev.admission_seq as number) + 1);
        for (const k of ['patient_name', 'id_card_no', 'sex', 'birth_date']) expect(next[k]).toBe(prev[k]);
        expect(ms(next.admit_time as string)).toBeGreaterThan(ms(prev.discharge_time as string));
        expect(prev.discharge_method).not.toBe('5');
      }
    }
    expect(multi).toBeGreaterThan(N * 0.03);
  });

  it('carries ID numbers with valid GB 11643 check digits for most patients', () => {
    const ids = rows.map((r) => r.id_card_no).filter((v): v is string => typeof v === 'string');
    expect(ids.length).toBeGreaterThan(N * 0.9);
    expect(ids.every(isValidIdNumber)).toBe(true);
  });
});

describe('generateDischarges: plausible distributions over 50k records', () => {
  const isSurgical = (r: DischargeRow): boolean => Array.from({ length: 10 }, (_, i) => r[`op_level_${i + 1}`]).some((l) => l !== null);
  const tertiaryA = new Set(LIUZHOU_HOSPITALS.filter((h) => h.tier === '三级甲等').map((h) => h.code));

  it('in-hospital death rate is 0.3–2%', () => {
    const rate = rows.filter((r) => r.discharge_method === '5').length / N;
    expect(rate).toBeGreaterThan(0.003);
    expect(rate).toBeLessThan(0.02);
  });

  it('20–50% of 三甲 discharges had an operation with a level', () => {
    const t = rows.filter((r) => tertiaryA.has(r.org_code as string));
    const share = t.filter(isSurgical).length / t.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.5);
  });

  it('四级 operations are 5–25% of operations', () => {
    let ops = 0;
    let level4 = 0;
    for (const r of rows) {
      for (let i = 1; i <= 10; i++) {
        const l = r[`op_level_${i}`];
        if (l === null) continue;
        ops++;
        if (l === 4) level4++;
      }
    }
    expect(level4 / ops).toBeGreaterThan(0.05);
    expect(level4 / ops).toBeLessThan(0.25);
  });

  it('mean length of stay is 6–12 days', () => {
    const mean = rows.reduce((a, r) => a + (r.los_days as number), 0) / N;
    expect(mean).toBeGreaterThan(6);
    expect(mean).toBeLessThan(12);
  });

  it('0–31-day unplanned readmissions are 2–10%, and planned ones fewer', () => {
    const byStay = new Map(rows.map((r) => [`${String(r.org_code)}|${String(r.record_no)}|${String(r.admission_seq)}`, r]));
    const cutoff = ms('2024-11-30');
    let denominator = 0;
    let unplanned = 0;
    let planned = 0;
    for (const r of rows) {
      if (r.discharge_method === '5' || ms(r.discharge_time as string) > cutoff) continue;
      denominator++;
      const next = byStay.get(`${String(r.org_code)}|${String(r.record_no)}|${(r.admission_seq as number) + 1}`);
      if (!next || ms(next.admit_time as string) - ms(r.discharge_time as string) > 31 * 86_400_000) continue;
      if (r.readmit_plan_31d === '1') unplanned++;
      else planned++;
    }
    expect(unplanned / denominator).toBeGreaterThan(0.02);
    expect(unplanned / denominator).toBeLessThan(0.1);
    expect(planned).toBeGreaterThan(0);
    expect(planned).toBeLessThan(unplanned);
  });

  it('a 三甲 综合医院 discharges far more than a county 中医 or 妇幼 hospital', () => {
    const count = (code: string): number => rows.filter((r) => r.org_code === code).length;
    expect(count('LZ-H01')).toBeGreaterThan(5 * count('LZ-H20')); // 柳城县中医医院
    expect(count('LZ-H01')).toBeGreaterThan(10 * count('LZ-H22')); // 鹿寨县妇幼保健院
  });

  it('妇幼保健院 patients are women and children', () => {
    const mch = new Set(LIUZHOU_HOSPITALS.filter((h) => h.type === '妇幼保健院').map((h) => h.code));
    const theirs = rows.filter((r) => mch.has(r.org_code as string));
    expect(theirs.length).toBeGreaterThan(500);
    for (const r of theirs) expect(r.sex === '2' || (r.age as number) < 15).toBe(true);
  });

  it('newborns carry their age in days and birth weight; mothers who gave birth carry the baby’s', () => {
    const newborns = rows.filter((r) => r.discharge_dept === '新生儿科');
    expect(newborns.length).toBeGreaterThan(200);
    for (const r of newborns) {
      expect(r.age).toBe(0);
      expect(r.infant_age_days).not.toBeNull();
    }
    expect(newborns.filter((r) => r.newborn_birth_weight_g !== null).length).toBeGreaterThan(newborns.length * 0.9);
    const births = rows.filter((r) => r.main_diag_code === 'O80.0');
    expect(births.every((r) => r.sex === '2' && r.newborn_birth_weight_g !== null)).toBe(true);
  });

  it('costs grow with the length of stay and with surgery', () => {
    const meanCost = (rs: DischargeRow[]): number => rs.reduce((a, r) => a + (r.total_cost as number), 0) / rs.length;
    const shortStays = rows.filter((r) => (r.los_days as number) <= 4 && !isSurgical(r));
    const longStays = rows.filter((r) => (r.los_days as number) >= 12 && !isSurgical(r));
    expect(meanCost(longStays)).toBeGreaterThan(2 * meanCost(shortStays));
    const l4 = rows.filter((r) => r.op_level_1 === 4);
    expect(meanCost(l4)).toBeGreaterThan(2 * meanCost(rows.filter((r) => !isSurgical(r))));
  });

  it('fills ICU stays, transfers, head-injury coma hours and external causes for some', () => {
    expect(rows.filter((r) => r.icu_in_time !== null).length).toBeGreaterThan(N * 0.01);
    expect(rows.filter((r) => r.transfer_depts !== null).length).toBeGreaterThan(N * 0.005);
    expect(rows.filter((r) => r.coma_hours_before !== null).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.external_cause_code !== null).length).toBeGreaterThan(0);
    const methods = new Set(rows.map((r) => r.discharge_method));
    for (const m of ['1', '2', '4', '5']) expect(methods.has(m)).toBe(true);
  });
});

// ---- the reference-list indicators (dbt seeds) find their cases ---------------------------------

/** The first column of a dbt seed, or [match_type, pattern] pairs for the 微创 list. */
function seedRows(name: string): string[][] {
  const file = fileURLToPath(new URL(`../../../dbt/seeds/${name}.csv`, import.meta.url));
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
}

describe('generateDischarges: cases for HQ-04, PERF-04, PERF-06, PERF-07, PERF-08', () => {
  const lowRisk = seedRows('ref_low_risk_icd').map((r) => r[0] as string);
  const complications = seedRows('ref_surgical_complication_icd').map((r) => r[0] as string);
  const mi = seedRows('ref_minimally_invasive_op');
  const isLowRisk = (r: DischargeRow): boolean => lowRisk.some((p) => (r.main_diag_code as string).startsWith(p));
  const others = (r: DischargeRow): string[] => (r.other_diag_codes === null ? [] : (r.other_diag_codes as string).split(';'));
  const hasComplication = (r: DischargeRow): boolean => others(r).some((c) => complications.some((p) => c.startsWith(p)));
  const surgeries = (r: DischargeRow): { code: string; name: string; incision: string | null }[] =>
    Array.from({ length: 10 }, (_, i) => i + 1)
      .filter((i) => r[`op_level_${i}`] !== null)
      .map((i) => ({ code: r[`op_code_${i}`] as string, name: r[`op_name_${i}`] as string, incision: r[`op_incision_${i}`] as string | null }));
  const isMinimallyInvasive = (o: { code: string; name: string }): boolean =>
    mi.some(([t, p]) => (t === 'code_prefix' && o.code.startsWith(p!)) || (t === 'name_keyword' && o.name.includes(p!))) &&
    !mi.some(([t, p]) => t === 'name_exclude' && o.name.includes(p!));
  const dead = (r: DischargeRow): boolean => r.discharge_method === '5';

  it('HQ-04: a fifth to a half of discharges have a low-risk diagnosis, and a few of them die (< 0.2%)', () => {
    const low = rows.filter(isLowRisk);
    expect(low.length / N).toBeGreaterThan(0.2);
    expect(low.length / N).toBeLessThan(0.5);
    const deaths = low.filter(dead).length;
    expect(deaths).toBeGreaterThan(0);
    expect(deaths / low.length).toBeLessThan(0.002);
  });

  it('PERF-04: 15–60% of operations are minimally invasive, by code or by name', () => {
    const ops = rows.flatMap(surgeries);
    const share = ops.filter(isMinimallyInvasive).length / ops.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.6);
    for (const word of ['腹腔镜', '胸腔镜', '关节镜', '宫腔镜', '内镜', '经皮', '经尿道']) expect(ops.some((o) => o.name.includes(word)), word).toBe(true);
  });

  it('PERF-06: 0.3–3% of surgical patients carry a complication code, and only surgical patients do', () => {
    const surgical = rows.filter((r) => surgeries(r).length > 0);
    const share = surgical.filter(hasComplication).length / surgical.length;
    expect(share).toBeGreaterThan(0.003);
    expect(share).toBeLessThan(0.03);
    expect(rows.filter((r) => surgeries(r).length === 0 && hasComplication(r))).toEqual([]);
    // died more often than the others
    const rate = (rs: DischargeRow[]): number => rs.filter(hasComplication).length / rs.length;
    expect(rate(surgical.filter(dead))).toBeGreaterThan(rate(surgical));
  });

  it('PERF-07: class Ⅰ incisions heal 丙 in 0.1–1.5% of operations, each coded T81.4', () => {
    const classI = rows.flatMap((r) => surgeries(r).filter((o) => o.incision?.startsWith('Ⅰ')).map((o) => ({ r, o })));
    expect(classI.length).toBeGreaterThan(N * 0.03);
    const infected = classI.filter(({ o }) => o.incision === 'Ⅰ/丙');
    expect(infected.length / classI.length).toBeGreaterThan(0.001);
    expect(infected.length / classI.length).toBeLessThan(0.015);
    for (const { r } of infected) expect(others(r)).toContain('T81.4');
  });

  it('PERF-08: deaths concentrate in a few high-mortality groups; most groups see almost none', () => {
    const groups = new Map<string, { n: number; d: number }>();
    for (const r of rows) {
      const key = `${(r.main_diag_code as string).slice(0, 3)}|${surgeries(r).length > 0 ? 'S' : 'M'}`;
      const g = groups.get(key) ?? { n: 0, d: 0 };
      g.n++;
      if (dead(r)) g.d++;
      groups.set(key, g);
    }
    const eligible = [...groups.values()].filter((g) => g.n >= 20).sort((a, b) => b.d / b.n - a.d / a.n);
    expect(eligible.length).toBeGreaterThan(60);
    const deaths = eligible.reduce((a, g) => a + g.d, 0);
    // the tenth of groups with the highest death rates hold over 40% of the deaths …
    const top = eligible.slice(0, Math.ceil(eligible.length / 10)).reduce((a, g) => a + g.d, 0);
    expect(top / deaths).toBeGreaterThan(0.4);
    // … and the half with the lowest rates under 5%, many of them none at all
    const bottom = eligible.slice(Math.floor(eligible.length / 2));
    expect(bottom.reduce((a, g) => a + g.d, 0) / deaths).toBeLessThan(0.05);
    expect(bottom.filter((g) => g.d === 0).length).toBeGreaterThan(10);
  });
});
