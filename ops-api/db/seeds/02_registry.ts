import type { SeedContext } from '../../src/db/database.js';
import registry from './reference/liuzhou-registry.json' with { type: 'json' };

interface Registry {
  commission: { code: string; name: string; shortName: string };
  hospitals: {
    code: string;
    name: string;
    tier: string | null;
    type: string | null;
    ownership: string | null;
    district: string | null;
    address: string | null;
    confidence: string;
    note: string | null;
  }[];
  centers: {
    code: string;
    name: string;
    specialty: string;
    level: string;
    category: string;
    hostHospital: string | null;
    termStart: string;
    termEnd: string;
    supervisedHospitals: string[];
    note: string;
  }[];
}

/** The committed registry (built from shared/domain by reference/build-registry.mjs); compiled along into dist. */
export function loadRegistry(): Registry {
  return registry as Registry;
}

/** Liuzhou's organization registry: 市卫健委, the hospitals, the municipal QC centers. Only on an empty database. */
export async function seed({ knex, fresh }: SeedContext): Promise<void> {
  if (!fresh) return;
  const reg = loadRegistry();
  const [commission] = await knex('organizations')
    .insert({ code: reg.commission.code, name: reg.commission.name, short_name: reg.commission.shortName, kind: 'commission', source_confidence: 'high' })
    .returning('id');
  const commissionId = Number(commission.id);
  const hospitalIds = new Map<string, number>();
  for (const h of reg.hospitals) {
    const [row] = await knex('organizations')
      .insert({
        code: h.code,
        name: h.name,
        kind: 'hospital',
        parent_id: commissionId,
        tier: h.tier,
        type: h.type,
        ownership: h.ownership,
        district: h.district,
        address: h.address,
        source_confidence: h.confidence,
        source_note: h.note,
      })
      .returning('id');
    hospitalIds.set(h.code, Number(row.id));
  }
  for (const c of reg.centers) {
    const [row] = await knex('organizations')
      .insert({
        code: c.code,
        name: c.name,
        kind: 'qc_center',
        parent_id: commissionId,
        level: c.level,
        category: c.category,
        specialty: c.specialty,
        host_hospital_id: c.hostHospital ? hospitalIds.get(c.hostHospital) : null,
        term_start: c.termStart,
        term_end: c.termEnd,
        source_confidence: 'proposed',
        source_note: c.note,
      })
      .returning('id');
    const rows = c.supervisedHospitals.map((code) => ({ center_id: Number(row.id), hospital_id: hospitalIds.get(code) }));
    if (rows.length) await knex('center_hospitals').insert(rows);
  }
}
