import type { SeedContext } from '../../src/db/database.js';
import { dueDate, parsePeriod, shanghaiDate } from '../../src/services/reporting-periods.js';

/** The demo form's code; its fields feed the library indicators MRQ-01 and MRQ-04 (病案管理). */
export const DEMO_FORM_CODE = 'BA-MONTHLY';
/** 柳州市病案管理质量控制中心: supervises every hospital, the demo liaisons' included. */
// the demo center director's center (director01), so the demo's reviews are a center's, not only the city's
const CENTER = 'LZ-QC03';
const MONTHS = 6;

const FIELDS = [
  { code: 'complete_records', label: '首页必填项目完整填报的病案份数', unit: '份', indicator_code: 'MRQ-01', indicator_variable: 'numerator' },
  { code: 'checked_records', label: '同期检查出院病案总数', unit: '份', indicator_code: 'MRQ-01', indicator_variable: 'denominator' },
  { code: 'correct_diag_codes', label: '主要诊断编码正确的病案数', unit: '份', indicator_code: 'MRQ-04', indicator_variable: 'numerator' },
  { code: 'checked_diag_records', label: '同期检查出院病案总数（编码）', unit: '份', indicator_code: 'MRQ-04', indicator_variable: 'denominator' },
];
const RULES = [
  { expression: 'complete_records <= checked_records', message: '完整填报的病案份数不能大于检查出院病案总数' },
  { expression: 'correct_diag_codes <= checked_diag_records', message: '主要诊断编码正确的病案数不能大于检查出院病案总数' },
];

/** A small deterministic generator: the same demo on every machine. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * 数据上报 demo (demo on, empty database): a published monthly form of the 病案管理质控中心 bound to
 * MRQ-01 and MRQ-04, with tasks for its hospitals over the last six months — mostly approved (the
 * sweep writes them to the warehouse at boot), some submitted, one returned to 柳州市工人医院, some
 * overdue, and this month's still open.
 */
export async function seed({ knex, fresh, demo }: SeedContext): Promise<void> {
  if (!fresh || !demo) return;
  if (await knex('report_forms').where('code', DEMO_FORM_CODE).first('id')) return;
  const center = (await knex('organizations').where('code', CENTER).first('id')) as { id: number } | undefined;
  if (!center) return;
  const hospitals = (await knex('center_hospitals as ch')
    .join('organizations as o', 'o.id', 'ch.hospital_id')
    .where('ch.center_id', center.id)
    .orderBy('o.code')
    .select('o.id', 'o.code')) as { id: number; code: string }[];
  const userId = async (username: string) => ((await knex('users').where('username', username).first('id', 'display_name')) as { id: number; display_name: string } | undefined) ?? null;
  const reviewer = await userId('director01');
  const liaisons = new Map<string, { id: number; display_name: string } | null>([
    ['LZ-H01', await userId('liaison01')],
    ['LZ-H02', await userId('liaison02')],
  ]);

  const [form] = (await knex('report_forms')
    .insert({
      code: DEMO_FORM_CODE,
      name: '病案首页质量月报',
      description: '各医院每月抽查出院病案首页的填报完整性和主要诊断编码正确性，次月 10 日前上报。',
      center_id: center.id,
      period_grain: 'month',
      deadline_days: 10,
      remind_days: 3,
      status: 'published',
      rules: JSON.stringify(RULES),
      created_by: null,
    })
    .returning('id')) as { id: number }[];
  const formId = Number(form!.id);
  await knex('report_form_fields').insert(FIELDS.map((f, i) => ({ ...f, form_id: formId, type: 'integer', required: true, min: 0, sort: i })));
  await knex('report_form_hospitals').insert(hospitals.map((h) => ({ form_id: formId, hospital_id: h.id })));

  const today = shanghaiDate();
  const [y, m] = today.split('-').map(Number) as [number, number];
  const rnd = random(20261127);
  // months ago: 6 … 1 (complete months), then the current month (not yet due)
  for (let ago = MONTHS; ago >= 0; ago--) {
    const d = new Date(Date.UTC(y, m - 1 - ago, 1));
    const period = parsePeriod('month', d.toISOString().slice(0, 7))!;
    const due = dueDate(period, 10);
    for (const [i, h] of hospitals.entries()) {
      // older months mostly approved; the last complete month mixed; a few hospitals always late
      const late = i % 9 === 4;
      let status: 'pending' | 'submitted' | 'returned' | 'approved';
      if (ago === 0) status = 'pending';
      else if (ago >= 3) status = late ? 'pending' : 'approved';
      else if (ago === 2) status = h.code === 'LZ-H01' ? 'returned' : late ? 'pending' : i % 3 === 0 ? 'submitted' : 'approved';
      else status = h.code === 'LZ-H01' ? 'pending' : late || i % 4 === 1 ? 'pending' : i % 2 === 0 ? 'submitted' : 'approved';
      const [task] = (await knex('report_tasks')
        .insert({ form_id: formId, hospital_id: h.id, period_start: period.start, period_end: period.end, period_label: period.label, due_date: due, status })
        .returning('id')) as { id: number }[];
      if (status === 'pending') continue;
      const checked = 80 + Math.floor(rnd() * 320);
      const values = {
        complete_records: Math.round(checked * (0.86 + rnd() * 0.13)),
        checked_records: checked,
        correct_diag_codes: Math.round(checked * (0.78 + rnd() * 0.2)),
        checked_diag_records: checked,
      };
      const submitted = new Date(`${due}T09:30:00+08:00`);
      submitted.setUTCDate(submitted.getUTCDate() - 1 - Math.floor(rnd() * 5));
      const reviewed = new Date(submitted.getTime() + 86_400_000);
      const filler = liaisons.get(h.code) ?? null;
      const base = { task_id: task!.id, submitted_by: filler?.id ?? null, submitted_by_name: filler?.display_name ?? null, submitted_at: submitted };
      let currentId: number;
      if (status === 'returned') {
        // the first version had the complete count above the checked count; the center sent it back
        await knex('report_submissions').insert({
          ...base,
          version: 1,
          values: JSON.stringify({ ...values, complete_records: checked + 12 }),
          status: 'returned',
          reviewed_by: reviewer?.id ?? null,
          reviewed_by_name: reviewer?.display_name ?? null,
          reviewed_at: reviewed,
          review_comment: '完整填报份数大于检查总数，请核对抽查台账后重新上报。',
        });
        const [row] = (await knex('report_submissions').insert({ ...base, version: 2, values: JSON.stringify(values), status: 'draft', submitted_at: null }).returning('id')) as { id: number }[];
        currentId = Number(row!.id);
      } else {
        const [row] = (await knex('report_submissions')
          .insert({
            ...base,
            version: 1,
            values: JSON.stringify(values),
            status,
            ...(status === 'approved' ? { reviewed_by: reviewer?.id ?? null, reviewed_by_name: reviewer?.display_name ?? null, reviewed_at: reviewed } : {}),
          })
          .returning('id')) as { id: number }[];
        currentId = Number(row!.id);
      }
      await knex('report_tasks')
        .where('id', task!.id)
        .update({ current_submission_id: currentId, submitted_at: submitted, ...(status === 'approved' ? { approved_at: reviewed } : {}) });
    }
  }
}
