/**
 * The hospitals the generator draws from by default: a snapshot of code, name, tier, type and district
 * from ops-api/db/seeds/reference/liuzhou-registry.json (ingest may not import ops-api; a unit test keeps
 * the two in step), and how a hospital's tier and type turn into a volume and a case mix.
 */

/** A hospital as the generator needs it; `district` only picks the area code of ID card numbers. */
export interface SyntheticHospital {
  code: string;
  tier?: string | null;
  type: string;
  name?: string;
  district?: string | null;
}

export const LIUZHOU_HOSPITALS: readonly SyntheticHospital[] = [
  { code: 'LZ-H01', name: '柳州市工人医院', tier: '三级甲等', type: '综合医院', district: '柳南区' },
  { code: 'LZ-H02', name: '柳州市人民医院', tier: '三级甲等', type: '综合医院', district: '城中区' },
  { code: 'LZ-H03', name: '柳州市柳铁中心医院', tier: '三级甲等', type: '综合医院', district: '柳南区' },
  { code: 'LZ-H04', name: '广西科技大学第一附属医院', tier: '三级甲等', type: '综合医院', district: '柳北区' },
  { code: 'LZ-H05', name: '柳州市中医医院', tier: '三级甲等', type: '中医医院', district: '城中区' },
  { code: 'LZ-H06', name: '柳州市妇幼保健院', tier: '三级甲等', type: '妇幼保健院', district: '城中区' },
  { code: 'LZ-H07', name: '柳州市红十字会医院', tier: '三级', type: '专科医院(眼科)', district: null },
  { code: 'LZ-H08', name: '柳州市潭中人民医院', tier: null, type: '综合医院', district: '柳南区' },
  { code: 'LZ-H09', name: '广西壮族自治区龙潭医院', tier: null, type: '综合医院', district: '鱼峰区' },
  { code: 'LZ-H10', name: '广西壮族自治区脑科医院', tier: null, type: '专科医院(精神/脑科)', district: null },
  { code: 'LZ-H11', name: '广西柳州钢铁集团有限公司医院', tier: null, type: '综合医院', district: '柳北区' },
  { code: 'LZ-H12', name: '柳州市柳江区人民医院', tier: null, type: '综合医院', district: '柳江区' },
  { code: 'LZ-H13', name: '柳州市柳江区中医医院', tier: null, type: '中医医院', district: '柳江区' },
  { code: 'LZ-H14', name: '鹿寨县人民医院', tier: null, type: '综合医院', district: '鹿寨县' },
  { code: 'LZ-H15', name: '柳城县人民医院', tier: null, type: '综合医院', district: '柳城县' },
  { code: 'LZ-H16', name: '融水苗族自治县人民医院', tier: null, type: '综合医院', district: '融水苗族自治县' },
  { code: 'LZ-H17', name: '三江侗族自治县人民医院', tier: null, type: '综合医院', district: '三江侗族自治县' },
  { code: 'LZ-H18', name: '融安县人民医院', tier: null, type: '综合医院', district: '融安县' },
  { code: 'LZ-H19', name: '三江侗族自治县中医医院', tier: '二级甲等', type: '中医医院', district: '三江侗族自治县' },
  { code: 'LZ-H20', name: '柳城县中医医院', tier: null, type: '中医医院', district: '柳城县' },
  { code: 'LZ-H21', name: '融安县中医医院', tier: null, type: '中医医院', district: '融安县' },
  { code: 'LZ-H22', name: '鹿寨县妇幼保健院', tier: null, type: '妇幼保健院', district: '鹿寨县' },
  { code: 'LZ-H23', name: '三江侗族自治县妇幼保健院', tier: null, type: '妇幼保健院', district: '三江侗族自治县' },
  { code: 'LZ-H24', name: '柳州市中西医结合医院', tier: null, type: '中西医结合医院', district: null },
  { code: 'LZ-H25', name: '柳州市肿瘤医院', tier: null, type: '专科医院(肿瘤)', district: null },
  { code: 'LZ-H26', name: '柳城县妇幼保健院', tier: null, type: '妇幼保健院', district: '柳城县' },
  { code: 'LZ-H27', name: '融安县妇幼保健院', tier: null, type: '妇幼保健院', district: '融安县' },
  { code: 'LZ-H28', name: '融水苗族自治县妇幼保健院', tier: null, type: '妇幼保健院', district: '融水苗族自治县' },
  { code: 'LZ-H29', name: '柳州市柳江区妇幼保健院', tier: null, type: '妇幼保健院', district: '柳江区' },
  { code: 'LZ-H30', name: '鹿寨县中医医院', tier: null, type: '中医医院', district: '鹿寨县' },
  { code: 'LZ-H31', name: '融水苗族自治县中医医院', tier: null, type: '中医医院', district: '融水苗族自治县' },
];

/** Case-mix family of a hospital, from its type. */
export type HospitalKind = 'general' | 'tcm' | 'integrated' | 'mch' | 'eye' | 'oncology' | 'psych';

/** Tier as the generator uses it: 三级甲等, other 三级, or 二级 and below (unknown tiers count here). */
export type TierClass = 'tertiaryA' | 'tertiary' | 'secondary';

export function hospitalKind(type: string): HospitalKind {
  if (type.includes('中西医')) return 'integrated';
  if (type.includes('中医') || type.includes('壮医') || type.includes('民族医')) return 'tcm';
  if (type.includes('妇幼') || type.includes('妇产') || type.includes('儿童')) return 'mch';
  if (type.includes('眼')) return 'eye';
  if (type.includes('肿瘤')) return 'oncology';
  if (type.includes('精神') || type.includes('脑科')) return 'psych';
  return 'general';
}

export function tierClass(tier: string | null | undefined): TierClass {
  if (!tier) return 'secondary';
  if (tier.startsWith('三级甲等') || tier === '三甲') return 'tertiaryA';
  if (tier.startsWith('三级')) return 'tertiary';
  return 'secondary';
}

/** A county hospital (县 or the former 柳江县) sends its hardest cases to the city. */
export function isCounty(h: SyntheticHospital): boolean {
  const d = h.district ?? '';
  return d.endsWith('县') || d === '柳江区' || /县/.test(h.name ?? '');
}

// Annual discharges in thousands, roughly: a Liuzhou 三甲 综合 discharges ~100k a year, a county
// 妇幼保健院 a few thousand.
const VOLUME: Record<HospitalKind, Record<TierClass, number>> = {
  general: { tertiaryA: 100, tertiary: 60, secondary: 32 },
  tcm: { tertiaryA: 45, tertiary: 25, secondary: 10 },
  integrated: { tertiaryA: 40, tertiary: 25, secondary: 15 },
  mch: { tertiaryA: 40, tertiary: 20, secondary: 5 },
  eye: { tertiaryA: 20, tertiary: 12, secondary: 6 },
  oncology: { tertiaryA: 40, tertiary: 20, secondary: 15 },
  psych: { tertiaryA: 25, tertiary: 18, secondary: 18 },
};

/** Relative discharge volume of a hospital. */
export function hospitalVolume(h: SyntheticHospital): number {
  const kind = hospitalKind(h.type);
  const tier = tierClass(h.tier);
  const v = VOLUME[kind][tier];
  // A county 二级 general hospital is smaller than a city one.
  return kind === 'general' && tier === 'secondary' && !isCounty(h) ? v * 1.1 : v;
}

/** ID card area codes (GB/T 2260) of Liuzhou's districts and counties. */
export const AREA_CODES: Record<string, string> = {
  城中区: '450202',
  鱼峰区: '450203',
  柳南区: '450204',
  柳北区: '450205',
  柳江区: '450206',
  柳城县: '450222',
  鹿寨县: '450223',
  融安县: '450224',
  融水苗族自治县: '450225',
  三江侗族自治县: '450226',
};
