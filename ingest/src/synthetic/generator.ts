/**
 * Seeded generator of synthetic 住院病案首页 records for the registry's hospitals.
 *
 * Discharges are spread evenly over the date range and come out roughly in discharge order. A stay may
 * schedule the same patient's next stay (same 病案号, 住院次数 + 1): planned ones (chemotherapy cycles)
 * flagged 是否有出院31天内再住院计划 = 2 on the earlier stay, unplanned ones within 31 days at about
 * `readmissionRate`, and some later than 31 days. Scheduled stays wait in a heap keyed by discharge time,
 * so memory stays bounded however many records are asked for.
 */
import { ageYears, civil, formatDay, formatMinute, formatMinuteSeconds, MINUTES_PER_DAY, monthOf, parseDayArg } from './calendar.js';
import { SYNTHETIC_KEYS } from './columns.js';
import { areaCodeFor, makeIdNumber, makeName, pickDistrict } from './identity.js';
import { Rng, Weighted } from './prng.js';
import { hospitalKind, hospitalVolume, isCounty, LIUZHOU_HOSPITALS, tierClass, type HospitalKind, type SyntheticHospital, type TierClass } from './registry.js';
import {
  COUNTY_DEPT_FACTOR,
  DIAGNOSES,
  GENERIC_COMORBIDITIES,
  KIND_DEPT_WEIGHT,
  op,
  SURGICAL_COMPLICATIONS,
  TCM_DEPT_NAMES,
  type BirthWeight,
  type DiagDef,
  type OpDef,
} from './tables.js';

/** One generated record, keyed by the format's keys (shared/formats/discharge-record.md). */
export type DischargeRow = Record<string, string | number | null>;

export interface GenerateDischargesOptions {
  /** Same seed and options → the same records. Default 1. */
  seed?: number;
  /** Exactly this many records are produced. */
  records: number;
  /** First discharge month or day: 'YYYY-MM' or 'YYYY-MM-DD'. */
  from: string;
  /** Last discharge month or day (inclusive): 'YYYY-MM' or 'YYYY-MM-DD'. */
  to: string;
  /** Default: the Liuzhou registry's 31 hospitals. */
  hospitals?: readonly SyntheticHospital[];
  /** Share of surviving discharges followed by an unplanned readmission within 31 days. Default 0.05. */
  readmissionRate?: number;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_READMISSION_RATE = 0.05;

/**
 * Synthetic discharge records, deterministic for a seed. Options are checked at once; each iteration
 * of the returned iterable starts over and yields the same records.
 */
export function generateDischarges(opts: GenerateDischargesOptions): Iterable<DischargeRow> {
  const cfg = resolveOptions(opts);
  return {
    [Symbol.iterator]: () => new DischargeGenerator(cfg).run(),
  };
}

interface ResolvedOptions {
  seed: number;
  records: number;
  fromDay: number;
  toDay: number;
  hospitals: readonly SyntheticHospital[];
  readmissionRate: number;
}

function resolveOptions(opts: GenerateDischargesOptions): ResolvedOptions {
  const records = opts.records;
  if (!Number.isSafeInteger(records) || records < 0) throw new Error(`records must be a non-negative integer, got ${String(records)}`);
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isFinite(seed)) throw new Error(`seed must be a number, got ${String(seed)}`);
  const fromDay = parseDayArg(opts.from, false, 'from');
  const toDay = parseDayArg(opts.to, true, 'to');
  if (toDay < fromDay) throw new Error(`to (${opts.to}) is before from (${opts.from})`);
  const hospitals = opts.hospitals ?? LIUZHOU_HOSPITALS;
  if (hospitals.length === 0) throw new Error('hospitals must not be empty');
  const codes = new Set<string>();
  for (const h of hospitals) {
    if (!h.code) throw new Error('every hospital needs a code');
    if (codes.has(h.code)) throw new Error(`hospital code ${h.code} is listed twice`);
    codes.add(h.code);
  }
  const readmissionRate = opts.readmissionRate ?? DEFAULT_READMISSION_RATE;
  if (!(readmissionRate >= 0 && readmissionRate <= 0.5)) throw new Error(`readmissionRate must be within 0–0.5, got ${String(readmissionRate)}`);
  return { seed, records, fromDay, toDay, hospitals, readmissionRate };
}

// ---- per-hospital context ------------------------------------------------------------------------

interface HospitalContext {
  h: SyntheticHospital;
  kind: HospitalKind;
  tier: TierClass;
  county: boolean;
  /** Case mix by calendar month (index 0 = January), for the seasons of respiratory disease and 手足口病. */
  mixByMonth: Weighted<DiagDef>[];
  nextRecordNo: number;
  recordNoWidth: number;
}

function deptWeight(kind: HospitalKind, dept: string): number {
  const table = KIND_DEPT_WEIGHT[kind];
  return table[dept] ?? table['*'] ?? 0;
}

function seasonFactor(d: DiagDef, month: number): number {
  if (d.season === 'winter') return 1 + 0.35 * Math.cos((2 * Math.PI * (month - 1)) / 12);
  if (d.season === 'summer') return 1 + 0.6 * Math.cos((2 * Math.PI * (month - 5.5)) / 12);
  return 1;
}

function diagWeight(d: DiagDef, kind: HospitalKind, county: boolean, month: number): number {
  let w = d.w * (d.kinds?.[kind] ?? deptWeight(kind, d.dept));
  if (county) {
    w *= COUNTY_DEPT_FACTOR[d.dept] ?? 1;
    if (d.code.startsWith('C')) w *= 0.5;
  }
  return w * seasonFactor(d, month);
}

// ---- the generator -------------------------------------------------------------------------------

interface Patient {
  hosp: HospitalContext;
  recordNo: string;
  male: boolean;
  birthDay: number;
  name: string;
  idCard: string | null;
  payment: string;
  /** The tumour a chemotherapy stay treats, once known. */
  tumour: string | null;
  birthWeightG: number | null;
}

interface Scheduled {
  key: number;
  order: number;
  row: DischargeRow;
}

/** Binary min-heap of scheduled stays by discharge minute (ties: scheduling order). */
class StayHeap {
  private readonly items: Scheduled[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Scheduled | undefined {
    return this.items[0];
  }
  private less(a: Scheduled, b: Scheduled): boolean {
    return a.key < b.key || (a.key === b.key && a.order < b.order);
  }
  push(s: Scheduled): void {
    const a = this.items;
    a.push(s);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i] as Scheduled, a[p] as Scheduled)) break;
      [a[i], a[p]] = [a[p] as Scheduled, a[i] as Scheduled];
      i = p;
    }
  }
  pop(): Scheduled | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l] as Scheduled, a[m] as Scheduled)) m = l;
        if (r < a.length && this.less(a[r] as Scheduled, a[m] as Scheduled)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as Scheduled, a[i] as Scheduled];
        i = m;
      }
    }
    return top;
  }
}

const EMPTY_ROW: DischargeRow = Object.fromEntries(SYNTHETIC_KEYS.map((k) => [k, null]));
const OP_FIELDS = Array.from({ length: 10 }, (_, i) => ({
  code: `op_code_${i + 1}`,
  name: `op_name_${i + 1}`,
  date: `op_date_${i + 1}`,
  level: `op_level_${i + 1}`,
  incision: `op_incision_${i + 1}`,
  anesthesia: `op_anesthesia_${i + 1}`,
}));
const MAX_SLOTS = 3;
const MAX_GAP_DAYS = 240;
const DIAG_BY_CODE = new Map(DIAGNOSES.map((d) => [d.code, d]));
const CHEMO = DIAG_BY_CODE.get('Z51.1') as DiagDef;
const REOPERATION: OpDef = { code: '54.12', name: '再次剖腹探查术', level: 3, incision: 'Ⅱ', anesthesia: '全身麻醉', cost: 15000 };
const ICU_PROCS: [string, number][] = [
  ['38.93', 0.5],
  ['96.04', 0.3],
  ['96.71', 0.3],
];
/** Unplanned readmissions that are not the same illness: by age band. */
const ADULT_READMIT_DIAGS = ['J18.9', 'I50.9', 'K92.2', 'N39.0', 'I63.9', 'E11.9'];
const CHILD_READMIT_DIAGS = ['J18.0', 'A09.9', 'J06.9'];

const PAYMENTS_CITY = new Weighted<string>([['1', 38], ['2', 36], ['3', 4], ['4', 2], ['5', 2], ['6', 1], ['7', 10], ['8', 2], ['9', 5]]);
const PAYMENTS_COUNTY = new Weighted<string>([['1', 18], ['2', 50], ['3', 14], ['4', 5], ['5', 1], ['6', 0.5], ['7', 8], ['8', 1], ['9', 2.5]]);
const PAYMENTS_CHILD = new Weighted<string>([['2', 65], ['7', 30], ['5', 3], ['9', 2]]);
const SELF_PAY_SHARE: Record<string, [number, number]> = {
  '1': [0.18, 0.35],
  '2': [0.3, 0.5],
  '3': [0.3, 0.5],
  '4': [0.05, 0.15],
  '5': [0.2, 0.6],
  '6': [0, 0.05],
  '7': [1, 1],
  '8': [0.2, 0.4],
  '9': [0.3, 0.8],
};
const COST_TIER: Record<TierClass, number> = { tertiaryA: 1.2, tertiary: 1, secondary: 0.7 };
const TRANSFER_IN: Record<TierClass, number> = { tertiaryA: 0.04, tertiary: 0.03, secondary: 0.01 };
const BIRTH_WEIGHT: Record<BirthWeight, [mean: number, sd: number, min: number, max: number]> = {
  term: [3250, 420, 1800, 4800],
  preterm: [2000, 300, 1200, 2499],
  veryPreterm: [1650, 350, 800, 2499],
  preeclampsia: [2600, 500, 1000, 4200],
};

const round2 = (x: number): number => Math.round(x * 100) / 100;
const round1 = (x: number): number => Math.round(x * 10) / 10;

class DischargeGenerator {
  private readonly rng: Rng;
  private readonly hospitals: Weighted<HospitalContext>;
  private readonly heap = new StayHeap();
  private scheduled = 0;
  private readonly startMin: number;
  private readonly endMin: number;
  /** Mean relative readmission risk of the case mix, so `readmissionRate` is the overall rate. */
  private readonly meanReadmitRisk: number;

  constructor(private readonly cfg: ResolvedOptions) {
    this.rng = new Rng(cfg.seed);
    const contexts = cfg.hospitals.map((h) => this.hospitalContext(h));
    this.hospitals = new Weighted(contexts.map((c) => [c, hospitalVolume(c.h)] as const));
    this.startMin = cfg.fromDay * MINUTES_PER_DAY;
    this.endMin = (cfg.toDay + 1) * MINUTES_PER_DAY - 1;
    let risk = 0;
    let total = 0;
    for (const c of contexts) {
      const mix = c.mixByMonth[0] as Weighted<DiagDef>;
      const vol = hospitalVolume(c.h);
      mix.items.forEach((d) => {
        const w = diagWeight(d, c.kind, c.county, 1) * vol;
        risk += w * (d.readmit ?? 1);
        total += w;
      });
    }
    this.meanReadmitRisk = total > 0 ? risk / total : 1;
  }

  private hospitalContext(h: SyntheticHospital): HospitalContext {
    const kind = hospitalKind(h.type);
    const county = isCounty(h);
    const mixByMonth: Weighted<DiagDef>[] = [];
    for (let m = 1; m <= 12; m++) mixByMonth.push(new Weighted(DIAGNOSES.map((d) => [d, diagWeight(d, kind, county, m)] as const)));
    return {
      h,
      kind,
      tier: tierClass(h.tier),
      county,
      mixByMonth,
      nextRecordNo: this.rng.int(100_000, 900_000),
      recordNoWidth: this.rng.chance(0.5) ? 8 : 10,
    };
  }

  *run(): Generator<DischargeRow> {
    const n = this.cfg.records;
    const span = this.endMin - this.startMin + 1;
    for (let i = 0; i < n; i++) {
      const cursor = this.startMin + Math.floor(((i + 0.5) / n) * span);
      const top = this.heap.peek();
      if (top && top.key <= cursor) {
        yield (this.heap.pop() as Scheduled).row;
        continue;
      }
      yield this.firstStay(Math.floor(cursor / MINUTES_PER_DAY));
    }
  }

  /** A patient's first stay in the file, discharged on `dischargeDay`. */
  private firstStay(dischargeDay: number): DischargeRow {
    const rng = this.rng;
    const hosp = this.hospitals.draw(rng);
    const diag = (hosp.mixByMonth[monthOf(dischargeDay) - 1] as Weighted<DiagDef>).draw(rng);
    const male = rng.chance(diag.male);
    // Age first (mortality depends on it), then the stay, then the birth date that gives that age.
    let ageDaysAtAdmit: number;
    if ('newbornDays' in diag.age) {
      const [a, b, c] = diag.age.newbornDays;
      ageDaysAtAdmit = Math.round(a === c ? a : rng.triangular(a, b, c));
    } else {
      const [a, b, c] = diag.age.years;
      ageDaysAtAdmit = Math.floor(rng.triangular(a, b, c) * 365.2425);
    }
    const stay = this.planStay(hosp, diag, Math.floor(ageDaysAtAdmit / 365.2425));
    const admitDay = dischargeDay - stay.gapDays;
    const birthDay = admitDay - ageDaysAtAdmit;
    const newbornAtAdmit = ageDaysAtAdmit <= 28;
    const birthYear = civil(birthDay).y;
    const r = rng.next();
    const prior = ageDaysAtAdmit < 365 ? 0 : diag === CHEMO ? rng.int(1, 6) : r < 0.68 ? 0 : r < 0.85 ? 1 : r < 0.93 ? 2 : rng.int(3, 12);
    const district = pickDistrict(rng, hosp.h.district);
    const noId = newbornAtAdmit ? 0.7 : ageDaysAtAdmit < 365 ? 0.3 : ageDaysAtAdmit < 6 * 365 ? 0.05 : 0.01;
    const patient: Patient = {
      hosp,
      recordNo: String(hosp.nextRecordNo++).padStart(hosp.recordNoWidth, '0'),
      male,
      birthDay,
      name: makeName(rng, male, birthYear, newbornAtAdmit && rng.chance(0.5)),
      idCard: rng.chance(noId) ? null : makeIdNumber(rng, areaCodeFor(district, birthDay), birthDay, male),
      payment: ageDaysAtAdmit < 18 * 365 ? PAYMENTS_CHILD.draw(rng) : (hosp.county ? PAYMENTS_COUNTY : PAYMENTS_CITY).draw(rng),
      tumour: diag.code.startsWith('C') ? diag.code : null,
      birthWeightG: null,
    };
    return this.buildStay(patient, 1 + prior, diag, stay, admitDay, null).row;
  }

  /** Outcome and length of a stay, decided before its dates. */
  private planStay(hosp: HospitalContext, diag: DiagDef, age: number): StayPlan {
    const rng = this.rng;
    const ageMult = age < 45 ? 0.5 : age < 65 ? 0.9 : age < 80 ? 1.3 : 1.7;
    const deathP = diag.death * ageMult * (hosp.county ? 0.8 : 1);
    const death = rng.chance(deathP);
    // main operation; a 二级 hospital refers most 四级 cases on
    let main: OpDef | null = null;
    let referred = false;
    if (diag.ops) {
      let x = rng.next();
      for (const [code, p] of diag.ops) {
        if (x < p) {
          main = op(code);
          break;
        }
        x -= p;
      }
      if (main && main.level === 4 && hosp.kind !== 'oncology') {
        const keep = hosp.tier === 'tertiaryA' ? 1 : hosp.tier === 'tertiary' ? 0.85 : 0.4;
        if (!rng.chance(keep)) {
          main = null;
          referred = true;
        }
      }
    }
    let los = rng.logNormal(diag.los[0], diag.los[1]) * (hosp.tier === 'secondary' ? 1.05 : 1);
    if (main && main.level >= 3) los += 1;
    if (death) los *= rng.uniform(0.15, 1);
    const gapDays = Math.min(MAX_GAP_DAYS, Math.max(0, Math.round(los - 0.3)));
    return { death, main, referred, gapDays };
  }

  /**
   * Builds one stay of `patient` admitted on `admitDay` (after `notBeforeMin` when a readmission follows
   * a discharge the same day) and schedules the patient's next stay, if any.
   */
  private buildStay(patient: Patient, seq: number, diag: DiagDef, plan: StayPlan, admitDay: number, notBeforeMin: number | null): BuiltStay {
    const rng = this.rng;
    const hosp = patient.hosp;
    const row: DischargeRow = { ...EMPTY_ROW };
    const { death, main } = plan;
    let dischargeDay = admitDay + plan.gapDays;

    // route and times
    const ageDaysAtAdmit = admitDay - patient.birthDay;
    const newbornAtAdmit = ageDaysAtAdmit <= 28;
    let route: string;
    if (newbornAtAdmit && ageDaysAtAdmit <= 1 && rng.chance(0.6)) route = '9'; // born here, from 产科
    else if (rng.chance(TRANSFER_IN[hosp.tier])) route = '3';
    else if (rng.chance(diag.er ?? 0.1)) route = '1';
    else route = rng.chance(0.004) ? '9' : '2';
    const emergency = route === '1';
    let admitTod: number;
    let dischargeTod: number;
    if (plan.gapDays === 0) {
      admitTod = rng.int(7 * 60, 11 * 60);
      dischargeTod = rng.int(Math.max(admitTod + 120, 14 * 60), 21 * 60);
    } else {
      admitTod = emergency ? (rng.chance(0.7) ? rng.int(8 * 60, 23 * 60 + 59) : rng.int(0, 8 * 60 - 1)) : rng.int(8 * 60, 17 * 60 + 30);
      dischargeTod = death ? rng.int(0, 1439) : rng.chance(0.9) ? rng.int(8 * 60 + 30, 17 * 60) : rng.int(17 * 60, 21 * 60);
    }
    let admitMin = admitDay * MINUTES_PER_DAY + admitTod;
    if (notBeforeMin !== null && admitMin <= notBeforeMin) {
      admitMin = notBeforeMin + rng.int(30, 240);
      admitDay = Math.floor(admitMin / MINUTES_PER_DAY);
      dischargeDay = admitDay + plan.gapDays;
      if (plan.gapDays === 0) dischargeTod = Math.min(1439, Math.max(dischargeTod, (admitMin % MINUTES_PER_DAY) + 60));
    }
    let dischargeMin = dischargeDay * MINUTES_PER_DAY + dischargeTod;
    if (dischargeMin <= admitMin) {
      dischargeMin = admitMin + 60;
      dischargeDay = Math.floor(dischargeMin / MINUTES_PER_DAY);
    }
    const age = ageYears(patient.birthDay, admitDay);

    // departments
    let dept = main && diag.opDept ? diag.opDept : diag.dept;
    if (hosp.kind === 'tcm') dept = TCM_DEPT_NAMES[dept] ?? dept;
    let admitDept = dept;
    const transfers: string[] = [];
    if (main && diag.opDept && rng.chance(0.25)) {
      admitDept = hosp.kind === 'tcm' ? (TCM_DEPT_NAMES[diag.dept] ?? diag.dept) : diag.dept;
      transfers.push(dept);
    } else if (emergency && rng.chance(0.05)) {
      admitDept = '急诊科';
      transfers.push(dept);
    }
    let dischargeDept = dept;

    // operations
    const slots: Slot[] = [];
    let opMin = 0;
    const otherDiags: string[] = [];
    if (main) {
      const stayLen = dischargeMin - admitMin;
      const opDay = emergency ? (rng.chance(0.7) ? 0 : 1) : rng.int(1, 3);
      opMin = emergency && opDay === 0 ? admitMin + rng.int(60, 360) : (admitDay + opDay) * MINUTES_PER_DAY + rng.int(8 * 60, 18 * 60);
      if (opMin < admitMin + 30 || opMin > dischargeMin - 30) opMin = admitMin + Math.floor(stayLen * rng.uniform(0.2, 0.6));
      const incision = this.incision(main, diag);
      if (incision?.endsWith('丙')) otherDiags.push('T81.4');
      slots.push({ op: main, min: opMin, level: main.level || null, incision, anesthesia: this.anesthesia(main) });
      // coded alongside the main operation, same session: a procedure slot, not another 手术台次
      for (const c of main.with ?? []) slots.push({ op: op(c), min: opMin, level: null, incision: null, anesthesia: null });
      // 非计划重返手术室: a second laparotomy a day or two later
      if (main.incision === 'Ⅱ' && main.level >= 3 && rng.chance(0.008) && dischargeMin - opMin > 2 * MINUTES_PER_DAY) {
        const again = opMin + rng.int(MINUTES_PER_DAY, 2 * MINUTES_PER_DAY);
        slots.splice(1, 0, { op: REOPERATION, min: again, level: REOPERATION.level, incision: `Ⅱ/${rng.chance(0.8) ? '甲' : '乙'}`, anesthesia: '全身麻醉' });
        otherDiags.push('T81.0');
      }
    }
    // other 手术并发症 (bleeding, dehiscence, device problems…): about 1% of operated patients, more
    // after major operations, in the old and in those who died
    if (main && main.level > 0) {
      const p = 0.004 * (main.level === 4 ? 2.5 : main.level === 3 ? 1.3 : 0.6) * (death ? 4 : 1) * (age >= 75 ? 1.5 : 1);
      if (rng.chance(p)) otherDiags.push(this.complication(main));
    }
    for (const [code, p] of diag.procs ?? []) {
      if (rng.chance(p)) slots.push({ op: op(code), min: this.within(admitMin, dischargeMin), level: op(code).level || null, incision: null, anesthesia: op(code).anesthesia });
    }

    // ICU
    let icuIn: number | null = null;
    let icuOut: number | null = null;
    let icuDays = 0;
    let icuP = (diag.icu ?? 0.003) * (death ? 4 : 1) * (age >= 80 ? 1.3 : 1);
    if (main && main.level === 4 && main.incision !== '0') icuP += 0.15;
    if (rng.chance(Math.min(0.95, icuP))) {
      const from = main ? opMin + rng.int(60, 240) : admitMin + rng.int(10, Math.max(11, Math.min(2 * MINUTES_PER_DAY, Math.floor((dischargeMin - admitMin) * 0.3))));
      icuIn = Math.min(from, dischargeMin - 1);
      const diedThere = death && rng.chance(0.6);
      const wanted = icuIn + Math.max(60, Math.round(rng.logNormal(2.5, 0.6) * MINUTES_PER_DAY));
      icuOut = diedThere || wanted >= dischargeMin - 60 ? dischargeMin : wanted;
      if (icuIn < admitMin) icuIn = admitMin;
      icuDays = (icuOut - icuIn) / MINUTES_PER_DAY;
      if (!newbornAtAdmit && rng.chance(0.5)) {
        transfers.push('重症医学科');
        if (diedThere && rng.chance(0.6)) dischargeDept = '重症医学科';
        else if (!transfers.includes(dept)) transfers.push(dept);
      }
      for (const [code, p] of ICU_PROCS) {
        if (rng.chance(p) && !slots.some((s) => s.op.code === code)) slots.push({ op: op(code), min: this.within(icuIn, icuOut), level: null, incision: null, anesthesia: null });
      }
    }
    if (death && rng.chance(0.6)) slots.push({ op: op('99.60'), min: Math.max(admitMin, dischargeMin - rng.int(10, 90)), level: null, incision: null, anesthesia: null });

    // identity and demographics
    row.org_code = hosp.h.code;
    row.record_no = patient.recordNo;
    row.admission_seq = seq;
    row.patient_name = patient.name;
    row.id_card_no = patient.idCard;
    row.sex = patient.male ? '1' : '2';
    row.birth_date = formatDay(patient.birthDay);
    row.age = age;
    if (age === 0) row.infant_age_days = ageDaysAtAdmit;
    const mother = diag.birthWeight !== undefined && !newbornAtAdmit && age >= 12;
    if (newbornAtAdmit) {
      patient.birthWeightG ??= this.birthWeight(diag.birthWeight ?? 'term');
      row.newborn_birth_weight_g = patient.birthWeightG;
    }

    // admission and discharge
    row.admission_route = route;
    row.admit_time = formatMinuteSeconds(admitMin, rng.int(0, 59));
    row.admit_dept = admitDept;
    row.transfer_depts = transfers.length > 0 ? transfers.join(';') : null;
    row.discharge_time = formatMinuteSeconds(dischargeMin, rng.int(0, 59));
    row.discharge_dept = dischargeDept;
    row.los_days = Math.max(1, dischargeDay - admitDay);

    // diagnoses
    row.main_diag_code = diag.code;
    row.main_diag_name = diag.name;
    const cond = rng.next();
    row.main_diag_admit_condition = death ? (cond < 0.85 ? '1' : cond < 0.95 ? '2' : '3') : cond < 0.9 ? '1' : cond < 0.96 ? '2' : cond < 0.99 ? '3' : '4';
    if (diag.oneOf) {
      // 化疗: the patient's own tumour; no 宫颈癌 or 乳腺癌 for men
      patient.tumour ??= rng.pick(diag.oneOf.filter((c) => !patient.male || (c !== 'C53.9' && c !== 'C50.9')));
      otherDiags.unshift(patient.tumour);
    }
    for (const [code, p] of diag.comorb ?? []) if (rng.chance(p)) otherDiags.push(code);
    if (age >= 18 && !mother) {
      for (const [code, p, from, sex] of GENERIC_COMORBIDITIES) {
        if (age < from || (sex === 1 && !patient.male) || (sex === 2 && patient.male)) continue;
        if (rng.chance(p * Math.min(1, (age - from + 10) / 30))) otherDiags.push(code);
      }
    }
    const others = [...new Set(otherDiags)].filter((c) => c !== diag.code);
    row.other_diag_codes = others.length > 0 ? others.join(';') : null;
    if (mother && others.includes('Z37.0')) row.newborn_birth_weight_g = this.birthWeight(diag.birthWeight as BirthWeight);
    if (diag.morph && main && main.level >= 3) row.pathology_diag_code = diag.morph;
    if (diag.ext) row.external_cause_code = new Weighted(diag.ext).draw(rng);
    if (diag.coma) {
      const severe = diag.code === 'S06.5';
      row.coma_hours_before = round1(rng.exponential(severe ? 3 : 0.3));
      row.coma_hours_after = severe ? round1(Math.min(rng.exponential(20), (dischargeMin - admitMin) / 60)) : 0;
    }

    // operation slots, the main operation first
    slots.slice(0, MAX_SLOTS).forEach((s, i) => {
      const f = OP_FIELDS[i] as (typeof OP_FIELDS)[number];
      row[f.code] = s.op.code;
      row[f.name] = s.op.name;
      row[f.date] = formatMinute(Math.min(Math.max(s.min, admitMin), dischargeMin));
      row[f.level] = s.level;
      row[f.incision] = s.incision;
      row[f.anesthesia] = s.anesthesia;
    });

    // outcome
    let method = '1';
    if (death) method = '5';
    else {
      const x = rng.next();
      const pTransfer = 0.008 + diag.death * (hosp.county ? 1.5 : 0.6) + (plan.referred ? 0.3 : 0);
      const pAgainstAdvice = 0.015 + diag.death * 0.8 + (age >= 80 ? 0.01 : 0);
      const pCommunity = age >= 65 ? 0.006 : 0.002;
      if (x < pTransfer) method = '2';
      else if (x < pTransfer + pAgainstAdvice) method = '4';
      else if (x < pTransfer + pAgainstAdvice + pCommunity) method = '3';
      else if (x < pTransfer + pAgainstAdvice + pCommunity + 0.002) method = '9';
    }
    row.discharge_method = method;
    const planned = !death && rng.chance(diag.plan ?? 0.01);
    row.readmit_plan_31d = planned ? '2' : '1';
    if (icuIn !== null && icuOut !== null) {
      row.icu_in_time = formatMinuteSeconds(icuIn, 0);
      row.icu_out_time = formatMinuteSeconds(icuOut, 0);
    }

    // costs
    row.payment_method = patient.payment;
    const tierCost = COST_TIER[hosp.tier] * (hosp.kind === 'tcm' ? 0.9 : 1);
    let cost = diag.cost * Math.pow(Math.max(1, row.los_days), 0.9) * tierCost * rng.logNormal(1, 0.25);
    for (const s of slots.slice(0, MAX_SLOTS)) cost += s.op.cost * tierCost * rng.logNormal(1, 0.15);
    cost += icuDays * 4500 * tierCost;
    if (death) cost += 3000 * tierCost;
    const total = round2(Math.max(300, cost));
    row.total_cost = total;
    const [lo, hi] = SELF_PAY_SHARE[patient.payment] ?? [0.3, 0.5];
    row.self_pay_cost = Math.min(total, round2(total * rng.uniform(lo, hi)));

    if (method !== '5') this.scheduleNext(patient, seq, diag, planned, dischargeMin, age);
    return { row, dischargeMin };
  }

  /** Decides whether the patient comes back and, if within the range, builds that stay now. */
  private scheduleNext(patient: Patient, seq: number, diag: DiagDef, planned: boolean, dischargeMin: number, age: number): void {
    const rng = this.rng;
    if (seq >= 40) return;
    let gap: number;
    let next: DiagDef;
    if (planned) {
      if (!rng.chance(0.85)) return;
      gap = rng.int(7, 28);
      next = diag === CHEMO || diag.code.startsWith('C') ? CHEMO : diag;
    } else {
      const ageRisk = age >= 75 ? 1.25 : age < 15 ? 0.8 : 1;
      const p31 = (this.cfg.readmissionRate * (diag.readmit ?? 1) * ageRisk) / this.meanReadmitRisk;
      const x = rng.next();
      if (x < p31) gap = Math.min(31, Math.floor(rng.exponential(9)));
      else if (x < p31 + this.cfg.readmissionRate * 0.6) gap = rng.int(32, 90);
      else return;
      const pool = age < 14 ? CHILD_READMIT_DIAGS : ADULT_READMIT_DIAGS;
      // specialty hospitals see their own illness again; general ones also its sequelae
      const general = patient.hosp.kind === 'general' || patient.hosp.kind === 'tcm' || patient.hosp.kind === 'integrated';
      next = !general || diag.birthWeight || diag === CHEMO || rng.chance(0.6) ? diag : (DIAG_BY_CODE.get(rng.pick(pool)) as DiagDef);
      if ((next.male === 0 && patient.male) || (next.male === 1 && !patient.male)) next = diag;
    }
    const dischargeDay = Math.floor(dischargeMin / MINUTES_PER_DAY);
    const admitDay = dischargeDay + gap;
    if (admitDay * MINUTES_PER_DAY > this.endMin) return;
    // a readmitted newborn is no longer one; a mother comes back with a postpartum complication
    if ('newbornDays' in next.age && admitDay - patient.birthDay > 28) next = DIAG_BY_CODE.get('J18.0') as DiagDef;
    if (next.birthWeight && !('newbornDays' in next.age)) next = DIAG_BY_CODE.get(rng.chance(0.5) ? 'O86.0' : 'O72.1') as DiagDef;
    const plan = this.planStay(patient.hosp, next, ageYears(patient.birthDay, admitDay));
    const built = this.buildStay(patient, seq + 1, next, plan, admitDay, gap === 0 ? dischargeMin : null);
    if (built.dischargeMin > this.endMin) return;
    this.heap.push({ key: built.dischargeMin, order: this.scheduled++, row: built.row });
  }

  private within(fromMin: number, toMin: number): number {
    return toMin <= fromMin ? fromMin : this.rng.int(fromMin, toMin);
  }

  private incision(main: OpDef, diag: DiagDef): string | null {
    if (main.level === 0 || main.incision === '') return null;
    if (main.incision === '0') return '0';
    let cls = main.incision;
    if (cls === 'Ⅱ' && diag.dirty && this.rng.chance(diag.dirty)) cls = 'Ⅲ';
    const x = this.rng.next();
    // 丙 (切口化脓) after about 0.5% of clean (Ⅰ) incisions, more after contaminated ones
    const [a, b] = cls === 'Ⅰ' ? [0.983, 0.995] : cls === 'Ⅱ' ? [0.97, 0.993] : [0.9, 0.97];
    return `${cls}/${x < a ? '甲' : x < b ? '乙' : '丙'}`;
  }

  /** A complication code that fits the operation (SURGICAL_COMPLICATIONS). */
  private complication(main: OpDef): string {
    const fitting = SURGICAL_COMPLICATIONS.filter(([prefixes]) => prefixes.some((p) => main.code.startsWith(p)));
    return new Weighted(fitting.map(([, code, w]) => [code, w] as const)).draw(this.rng);
  }

  private anesthesia(main: OpDef): string | null {
    if (main.anesthesia === '椎管内麻醉' && this.rng.chance(0.15)) return '全身麻醉';
    return main.anesthesia;
  }

  private birthWeight(kind: BirthWeight): number {
    const [mean, sd, min, max] = BIRTH_WEIGHT[kind];
    const g = Math.min(max, Math.max(min, mean + sd * this.rng.normal()));
    return Math.round(g / 10) * 10;
  }
}

interface StayPlan {
  death: boolean;
  main: OpDef | null;
  /** A 四级 operation the hospital did not do: the patient is usually transferred. */
  referred: boolean;
  gapDays: number;
}

interface BuiltStay {
  row: DischargeRow;
  dischargeMin: number;
}

interface Slot {
  op: OpDef;
  min: number;
  /** 手术级别 of this slot: null for a procedure and for codes coded alongside the main operation. */
  level: number | null;
  incision: string | null;
  anesthesia: string | null;
}

