// Builds liuzhou-registry.json (committed) from the sourced registry in ../shared/domain.
// Run again when the shared registry changes: node ops-api/db/seeds/reference/build-registry.mjs
// Host institutions and supervision sets are proposals (no source assigns them); they are marked so
// and stay editable in the platform.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = JSON.parse(fs.readFileSync(path.resolve(here, '../../../../../shared/domain/liuzhou-registry.json'), 'utf8'));

const HOSTS = {
  'LZ-H01': ['医疗管理', '医学信息', '病案管理', '麻醉', '重症医学', '神经系统疾病', '骨科', '神经外科', '血液净化'],
  'LZ-H02': ['护理', '医院感染管理', '心血管病', '急诊医学', '呼吸内科', '消化内镜', '普通外科', '超声医学', '放射影像', '病理'],
  'LZ-H03': ['肾病', '内分泌代谢病', '临床输血', '康复医学', '耳鼻咽喉科'],
  'LZ-H04': ['药事管理', '临床检验', '口腔医学', '肿瘤', '放射治疗'],
  'LZ-H05': ['中医'],
  'LZ-H06': ['产科', '妇科', '儿科', '新生儿'],
  'LZ-H07': ['眼科'],
  'LZ-H10': ['精神卫生'],
};
const MANAGEMENT = ['医疗管理', '病案管理', '医学信息', '医院感染管理', '护理', '药事管理'];
const MEDTECH = ['临床检验', '超声医学', '放射影像', '病理', '临床输血'];
const ALL_HOSPITALS = [...MANAGEMENT, ...MEDTECH, '急诊医学', '麻醉', '重症医学'];
const MATERNAL = ['产科', '妇科', '儿科', '新生儿'];

const hostOf = (specialty) => Object.entries(HOSTS).find(([, list]) => list.includes(specialty))?.[0] ?? null;
const category = (s) => (MANAGEMENT.includes(s) ? '管理' : MEDTECH.includes(s) ? '医技' : '临床');
// Drop provenance remarks such as '(inferred from name)' or '(memory)' but keep '专科医院(眼科)'.
const clean = (v) => (v ? String(v).replace(/\s*\(([^)]*[A-Za-z;][^)]*)\)/g, '').trim() || null : null);

const hospitals = src.hospitals.map((h) => ({
  code: h.id,
  name: h.name.replace(/\s*\(名称待核实\)$/, ''),
  aliases: h.aliases ?? [],
  tier: h.tier && !h.tier.includes('(') ? h.tier : h.tier ? clean(h.tier) : null,
  type: clean(h.type),
  ownership: clean(h.ownership),
  district: h.district ?? null,
  address: h.campuses?.[0]?.address ?? null,
  confidence: h.confidence,
  note: h.notes ?? h.district_note ?? null,
}));

function supervised(specialty) {
  return hospitals
    .filter((h) => {
      const t = h.type ?? '';
      if (ALL_HOSPITALS.includes(specialty)) return true;
      if (specialty === '中医') return t.includes('中医') || t.includes('中西医');
      if (MATERNAL.includes(specialty)) return t.includes('综合') || t.includes('妇幼');
      if (specialty === '眼科') return t.includes('综合') || t.includes('眼科');
      if (specialty === '精神卫生') return t.includes('综合') || t.includes('精神');
      if (['肿瘤', '放射治疗'].includes(specialty)) return t.includes('综合') || t.includes('肿瘤');
      return t.includes('综合');
    })
    .map((h) => h.code);
}

const centers = src.qc_centres.proposed_centres.map((c, i) => ({
  code: `LZ-QC${String(i + 1).padStart(2, '0')}`,
  name: c.name,
  specialty: c.specialty,
  level: '市级',
  category: category(c.specialty),
  hostHospital: hostOf(c.specialty),
  termStart: '2024-01-01',
  termEnd: '2027-12-31',
  supervisedHospitals: supervised(c.specialty),
  note: [c.scope_note, '名称与挂靠单位为拟定（无公开名单），可在平台中修改'].filter(Boolean).join('；'),
}));

const out = {
  generatedFrom: 'shared/domain/liuzhou-registry.json',
  generated: src.meta.generated,
  commission: { code: 'LZ-WJW', name: src.health_commission.name, shortName: '市卫健委', note: src.health_commission.website },
  hospitals,
  centers,
};
fs.writeFileSync(path.join(here, 'liuzhou-registry.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`${hospitals.length} hospitals, ${centers.length} centers`);
