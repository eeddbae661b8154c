import type { SeedContext } from '../../src/db/database.js';
import { dueDate, parsePeriod, shanghaiDate } from '../../src/services/reporting-periods.js';
import { random } from './07_reporting_demo.js';

/** The demo form with a 逐例数值 field: each patient's stay in the resuscitation room, for EM-03. */
export const CASES_DEMO_FORM_CODE = 'EM-STAY';
/** 柳州市急诊医学质量控制中心. */
const CENTER = 'LZ-QC10';
const MONTHS = 6;

/**
 * 逐例数值 demo (demo on, empty database): the 急诊 center's monthly form whose cases feed EM-03
 * 抢救室滞留时间中位数, approved for the last six months at every hospital it supervises (the sweep
 * writes the cases at boot), this month's still open — so the explorer shows a median per hospital
 * and one over the pooled cases of the center and the city.
 */
export async function seed({ knex, fresh, demo }: SeedContext): Promise<void> {
  if (!fresh || !demo) return;
  if (await knex('report_forms').where('code', CASES_DEMO_FORM_CODE).first('id')) return;
  const center = (await knex('organizations').where('code', CENTER).first('id', 'name')) as { id: number; name: string } | undefined;
  if (!center) return;
  const hospitals = (await knex('center_hospitals as ch')
    .join('organizations as o', 'o.id', 'ch.hospital_id')
    .where('ch.center_id', center.id)
    .orderBy('o.code')
    .select('o.id', 'o.code', 'o.tier')) as { id: number; code: string; tier: string | null }[];

  const [form] = (await knex('report_forms')
    .insert({
      code: CASES_DEMO_FORM_CODE,
      name: '急诊抢救室滞留时间月报',
      description: '逐例填报当月离开抢救室患者（不含死亡）的滞留时间（小时），用于计算抢救室滞留时间中位数（EM-03）。',
      center_id: center.id,
      period_grain: 'month',
      deadline_days: 10,
      remind_days: 3,
      status: 'published',
      rules: JSON.stringify([{ expression: 'COUNT(stay) <= rescues', message: '逐例填报的例数不能多于抢救室接诊人次' }]),
      created_by: null,
    })
    .returning('id')) as { id: number }[];
  const formId = Number(form!.id);
  await knex('report_form_fields').insert([
    { form_id: formId, code: 'stay', label: '抢救室滞留时间', unit: '小时', type: 'cases', required: true, min: 0, max: 240, indicator_code: 'EM-03', indicator_variable: 'durations', sort: 0 },
    { form_id: formId, code: 'rescues', label: '抢救室接诊人次', unit: '人次', type: 'integer', required: true, min: 0, sort: 1 },
  ]);
  await knex('report_form_hospitals').insert(hospitals.map((h) => ({ form_id: formId, hospital_id: h.id })));

  const [y, m] = shanghaiDate().split('-').map(Number) as [number, number];
  const rnd = random(20261128);
  // a normal deviate (Box–Muller): stays are log-normal, a few long ones pull the mean above the median
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  for (let ago = MONTHS; ago >= 0; ago--) {
    const d = new Date(Date.UTC(y, m - 1 - ago, 1));
    const period = parsePeriod('month', d.toISOString().slice(0, 7))!;
    const due = dueDate(period, 10);
    for (const [i, h] of hospitals.entries()) {
      const open = ago === 0;
      const [task] = (await knex('report_tasks')
        .insert({ form_id: formId, hospital_id: h.id, period_start: period.start, period_end: period.end, period_label: period.label, due_date: due, status: open ? 'pending' : 'approved' })
        .returning('id')) as { id: number }[];
      if (open) continue;
      // larger hospitals keep patients longer; each hospital improves a little month by month
      const typical = (h.tier?.startsWith('三') ? 6 : 3.5) * (1 + (i % 5) * 0.12) * (1 - (MONTHS - ago) * 0.03);
      const n = 15 + Math.floor(rnd() * 30);
      const stay = Array.from({ length: n }, () => Math.min(240, Math.round(typical * Math.exp(0.7 * normal()) * 10) / 10));
      const submitted = new Date(`${due}T10:00:00+08:00`);
      submitted.setUTCDate(submitted.getUTCDate() - 2 - Math.floor(rnd() * 5));
      const reviewed = new Date(submitted.getTime() + 86_400_000);
      const [row] = (await knex('report_submissions')
        .insert({
          task_id: task!.id,
          version: 1,
          values: JSON.stringify({ stay, rescues: n + Math.floor(rnd() * 20) }),
          status: 'approved',
          submitted_at: submitted,
          reviewed_by_name: center.name,
          reviewed_at: reviewed,
        })
        .returning('id')) as { id: number }[];
      await knex('report_tasks').where('id', task!.id).update({ current_submission_id: Number(row!.id), submitted_at: submitted, approved_at: reviewed });
    }
  }
}
