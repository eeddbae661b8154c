import type { SeedContext } from '../../src/db/database.js';

/** Deterministic pseudo-random numbers (mulberry32): the demo looks the same on every machine. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(Math.min(d, 28))}`;

/** Inspections per center and year: with 36 centers about eight per hospital, enough for a pass rate. */
const INSPECTED_PER_CENTER = 7;

interface Activity {
  kind: string;
  center_id: number;
  hospital_id: number | null;
  title: string;
  due_date: string;
  status: 'planned' | 'done' | 'cancelled';
  completed_at: string | null;
  passed: boolean | null;
  score: number | null;
}

/**
 * Two years (last year and this one) of QC activities of every center: baseline surveys, trainings,
 * reports, inspections of supervised hospitals and tracking visits. Hospitals visited more often this
 * year improve their inspection pass rate more on average — with hospital-to-hospital noise, so the
 * correlation analysis finds a real but imperfect relation. Past items are mostly done, a few overdue
 * or cancelled; future ones are planned.
 */
export async function seed({ knex, fresh, demo }: SeedContext): Promise<void> {
  if (!fresh || !demo) return;
  const rnd = random(20261127);
  const local = new Date(Date.now() + 8 * 3600_000);
  const today = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const year = local.getUTCFullYear();
  const centers: { id: number; code: string; name: string }[] = await knex('organizations').select('id', 'code', 'name').where('kind', 'qc_center').orderBy('code');
  const hospitals: { id: number; code: string; name: string }[] = await knex('organizations').select('id', 'code', 'name').where('kind', 'hospital').orderBy('code');
  const supervised: { center_id: number; hospital_id: number }[] = await knex('center_hospitals').select('center_id', 'hospital_id');
  if (!centers.length || !hospitals.length) return;
  const hospitalName = new Map(hospitals.map((h) => [Number(h.id), h.name]));

  const rows: Activity[] = [];
  const add = (a: Omit<Activity, 'status' | 'completed_at'> & { doneChance?: number }) => {
    const past = a.due_date < today;
    const r = rnd();
    const doneChance = a.doneChance ?? 0.88;
    const status: Activity['status'] = past ? (r < doneChance ? 'done' : r < doneChance + 0.03 ? 'cancelled' : 'planned') : r < 0.08 ? 'done' : 'planned';
    const finished = new Date(Date.parse(`${a.due_date}T10:00:00+08:00`) - Math.floor(rnd() * 10) * 86_400_000);
    rows.push({
      kind: a.kind,
      center_id: a.center_id,
      hospital_id: a.hospital_id,
      title: a.title,
      due_date: a.due_date,
      status,
      completed_at: status === 'done' ? finished.toISOString() : null,
      passed: status === 'done' ? a.passed : null,
      score: status === 'done' ? a.score : null,
    });
  };

  // Each hospital: a baseline pass probability, and this year's number of tracking visits (0–6).
  const baseline = new Map(hospitals.map((h) => [Number(h.id), 0.45 + 0.35 * rnd()]));
  const visits = new Map(hospitals.map((h) => [Number(h.id), Math.floor(rnd() * 7)]));
  const noise = new Map(hospitals.map((h) => [Number(h.id), (rnd() - 0.5) * 0.16]));
  const passChance = (hospitalId: number, y: number) => {
    const p0 = baseline.get(hospitalId)!;
    if (y < year) return p0;
    // about 5 points per visit, minus a general drift, plus the hospital's own luck
    return Math.min(0.97, Math.max(0.05, p0 - 0.08 + 0.05 * visits.get(hospitalId)! + noise.get(hospitalId)!));
  };

  for (const y of [year - 1, year]) {
    centers.forEach((c, ci) => {
      const cid = Number(c.id);
      add({ kind: 'baseline_survey', center_id: cid, hospital_id: null, title: `${y}年度${c.name}基线调查`, due_date: day(y, 3, 10 + (ci % 18)), passed: null, score: null });
      for (const [i, m] of [3, 6, 10].entries()) {
        add({ kind: 'training', center_id: cid, hospital_id: null, title: `${y}年第${i + 1}期质控培训`, due_date: day(y, m, 5 + ((ci * 3 + i) % 20)), passed: null, score: null, doneChance: 0.9 });
      }
      add({ kind: 'report', center_id: cid, hospital_id: null, title: `${y}年上半年质控工作报告`, due_date: day(y, 7, 15), passed: null, score: null });
      add({ kind: 'report', center_id: cid, hospital_id: null, title: `${y}年度质控工作报告`, due_date: day(y, 12, 20), passed: null, score: null });
      const own = supervised.filter((s) => Number(s.center_id) === cid).map((s) => Number(s.hospital_id));
      for (let k = 0; k < Math.min(INSPECTED_PER_CENTER, own.length); k++) {
        const hid = own[(ci * 5 + k * 3 + y) % own.length]!;
        const passed = rnd() < passChance(hid, y);
        const score = Math.round((passed ? 80 + rnd() * 20 : 55 + rnd() * 25) * 10) / 10;
        add({
          kind: 'inspection',
          center_id: cid,
          hospital_id: hid,
          title: `${c.name.replace('柳州市', '')}督导检查：${hospitalName.get(hid)}`,
          due_date: day(y, 2 + Math.floor(rnd() * 10), 1 + Math.floor(rnd() * 27)),
          passed,
          score,
          doneChance: 0.93,
        });
      }
    });
    // Tracking visits by the medical management center, which supervises every hospital.
    const manager = centers[0]!;
    for (const h of hospitals) {
      const n = y < year ? Math.floor(rnd() * 3) : visits.get(Number(h.id))!;
      for (let k = 0; k < n; k++) {
        add({
          kind: 'tracking_visit',
          center_id: Number(manager.id),
          hospital_id: Number(h.id),
          title: `整改追踪随访：${h.name}（第${k + 1}次）`,
          // spread over January–October so that this year's visits precede most inspections' results
          due_date: day(y, 1 + Math.floor((k * 10) / Math.max(n, 1)), 3 + Math.floor(rnd() * 24)),
          passed: null,
          score: null,
          doneChance: 0.97,
        });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 500) await knex('qc_activities').insert(rows.slice(i, i + 500));
}
