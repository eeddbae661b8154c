/**
 * The clinical tables of the generator: operations (ICD-9-CM-3 国家临床版 codes at category/subcategory
 * precision, 手术级别 per the national grading; 微创 ones named as such — 腹腔镜, 胸腔镜, 关节镜, 宫腔镜,
 * 内镜, 经皮, 经尿道 — as dbt's ref_minimally_invasive_op recognizes them), ~75 common principal diagnoses (ICD-10) with their
 * department, age/sex mix, length-of-stay, mortality, ICU and operation probabilities, and how each
 * kind of hospital weights the departments. Numbers are plausible orders of magnitude for a Chinese
 * city, not measurements.
 */
import type { HospitalKind } from './registry.js';

export type IncisionClass = '' | '0' | 'Ⅰ' | 'Ⅱ' | 'Ⅲ';

export interface OpDef {
  code: string;
  name: string;
  /** 手术级别 1–4; 0 = a procedure (操作), which carries no level. */
  level: 0 | 1 | 2 | 3 | 4;
  incision: IncisionClass;
  anesthesia: string | null;
  /** Typical cost of the operation itself (materials included), yuan. */
  cost: number;
  /** Codes coded alongside in the same session (e.g. PTCA and angiography with a stent). */
  with?: string[];
}

const GA = '全身麻醉';
const SPINAL = '椎管内麻醉';
const LOCAL = '局部麻醉';
const BLOCK = '神经阻滞麻醉';
const IV = '静脉麻醉';
const TOPICAL = '表面麻醉';

type OpRow = [code: string, name: string, level: OpDef['level'], incision: IncisionClass, anesthesia: string | null, cost: number, withCodes?: string[]];

const OP_ROWS: OpRow[] = [
  // procedures (no level)
  ['33.22', '纤维支气管镜检查', 0, '', null, 800],
  ['96.04', '气管内插管', 0, '', null, 300],
  ['96.71', '连续性有创机械通气小于96小时', 0, '', null, 3000],
  ['93.90', '无创机械通气', 0, '', null, 1500],
  ['99.10', '注射或输注溶栓药物', 0, '', null, 8000],
  ['00.66', '经皮冠状动脉腔内血管成形术[PTCA]', 0, '', null, 0],
  ['45.13', '胃镜检查', 0, '', null, 600],
  ['99.04', '浓缩红细胞输注', 0, '', null, 800],
  ['99.25', '注射或输注癌瘤化学治疗药物', 0, '', null, 6000],
  ['39.95', '血液透析', 0, '', null, 500],
  ['98.51', '体外冲击波碎石术', 0, '', null, 3000],
  ['99.92', '针刺治疗', 0, '', null, 200],
  ['93.39', '物理治疗', 0, '', null, 300],
  ['73.6', '会阴切开术', 0, '', LOCAL, 300],
  ['73.59', '手法助产', 0, '', null, 500],
  ['99.83', '新生儿光疗', 0, '', null, 400],
  ['13.71', '人工晶状体一期置入术', 0, '', null, 3000],
  ['94.27', '电休克治疗', 0, '', IV, 500],
  ['38.93', '中心静脉导管置入术', 0, '', null, 800],
  ['99.60', '心肺复苏', 0, '', null, 500],
  // level 1
  ['86.59', '头皮裂伤缝合术', 1, 'Ⅱ', LOCAL, 500],
  ['69.51', '负压吸引术终止妊娠', 1, '0', IV, 1200],
  // level 2
  ['47.01', '腹腔镜下阑尾切除术', 2, 'Ⅱ', GA, 8000],
  ['47.09', '阑尾切除术', 2, 'Ⅱ', SPINAL, 6000],
  ['53.00', '单侧腹股沟疝修补术', 2, 'Ⅰ', SPINAL, 6000],
  ['28.2', '扁桃体切除术', 2, 'Ⅱ', GA, 5000],
  // level 3
  ['88.56', '冠状动脉造影术', 3, '0', LOCAL, 5000],
  ['44.43', '内镜下胃出血止血术', 3, '0', IV, 6000],
  ['54.59', '腹腔粘连松解术', 3, 'Ⅱ', GA, 12000],
  ['51.23', '腹腔镜下胆囊切除术', 3, 'Ⅱ', GA, 12000],
  ['51.22', '胆囊切除术', 3, 'Ⅱ', GA, 10000],
  ['17.13', '腹腔镜单侧腹股沟疝修补术伴移植物', 3, 'Ⅰ', GA, 12000],
  ['85.43', '单侧乳房改良根治术', 3, 'Ⅰ', GA, 15000],
  ['06.2', '单侧甲状腺叶切除术', 3, 'Ⅰ', GA, 10000],
  ['39.27', '动静脉造瘘术', 3, 'Ⅰ', BLOCK, 8000],
  ['55.04', '经皮肾镜碎石取石术', 3, 'Ⅱ', GA, 18000],
  ['56.0', '经尿道输尿管镜取石术', 3, '0', SPINAL, 12000],
  ['60.29', '经尿道前列腺电切术', 3, '0', SPINAL, 14000],
  ['79.35', '股骨骨折切开复位内固定术', 3, 'Ⅰ', SPINAL, 22000],
  ['79.36', '胫腓骨骨折切开复位内固定术', 3, 'Ⅰ', SPINAL, 20000],
  ['79.32', '桡尺骨骨折切开复位内固定术', 3, 'Ⅰ', BLOCK, 14000],
  ['80.51', '腰椎间盘切除术', 3, 'Ⅰ', GA, 20000],
  ['74.1', '子宫下段剖宫产术', 3, 'Ⅱ', SPINAL, 6000],
  ['66.62', '输卵管切除伴输卵管妊娠物去除术', 3, 'Ⅱ', GA, 8000],
  ['68.29', '子宫病损切除术', 3, 'Ⅱ', GA, 12000],
  ['65.25', '腹腔镜卵巢病损切除术', 3, 'Ⅱ', GA, 11000],
  ['13.41', '白内障超声乳化抽吸术', 3, 'Ⅰ', TOPICAL, 6000, ['13.71']],
  ['12.64', '小梁切除术', 3, 'Ⅰ', LOCAL, 7000],
  ['22.63', '鼻内镜下筛窦切除术', 3, 'Ⅱ', GA, 9000],
  // level 4
  ['36.07', '药物洗脱冠状动脉支架置入术', 4, '0', LOCAL, 38000, ['00.66', '88.56']],
  ['37.34', '心脏射频消融术', 4, '0', LOCAL, 45000],
  ['39.74', '经皮颅内动脉取栓术', 4, '0', GA, 60000],
  ['01.39', '脑内血肿清除术', 4, 'Ⅰ', GA, 30000],
  ['01.31', '硬脑膜下血肿清除术', 4, 'Ⅰ', GA, 28000],
  ['43.7', '胃部分切除术伴胃空肠吻合术', 4, 'Ⅱ', GA, 40000],
  ['43.99', '全胃切除术', 4, 'Ⅱ', GA, 45000],
  ['17.33', '腹腔镜下右半结肠切除术', 4, 'Ⅱ', GA, 45000],
  ['45.73', '右半结肠切除术', 4, 'Ⅱ', GA, 38000],
  ['48.63', '直肠前切除术', 4, 'Ⅱ', GA, 42000],
  ['50.22', '肝部分切除术', 4, 'Ⅱ', GA, 50000],
  ['32.41', '胸腔镜下肺叶切除术', 4, 'Ⅱ', GA, 55000],
  ['42.41', '食管部分切除术', 4, 'Ⅱ', GA, 60000],
  ['81.52', '人工股骨头置换术', 4, 'Ⅰ', SPINAL, 35000],
  ['81.51', '全髋关节置换术', 4, 'Ⅰ', SPINAL, 48000],
  ['81.54', '全膝关节置换术', 4, 'Ⅰ', GA, 52000],
  ['81.08', '腰椎后路椎间融合术', 4, 'Ⅰ', GA, 60000],
  ['68.41', '腹腔镜全子宫切除术', 4, 'Ⅱ', GA, 20000],
  ['68.61', '腹腔镜广泛性子宫切除术', 4, 'Ⅱ', GA, 35000],
  ['14.74', '玻璃体切除术', 4, 'Ⅰ', LOCAL, 15000],
  // endoscopic operations through a natural orifice or a small portal
  ['80.6', '关节镜下膝关节半月板切除术', 3, 'Ⅰ', SPINAL, 16000],
  ['68.21', '宫腔镜下宫腔粘连分离术', 2, '0', IV, 5000],
];

export const OPS: ReadonlyMap<string, OpDef> = new Map(
  OP_ROWS.map(([code, name, level, incision, anesthesia, cost, withCodes]) => [
    code,
    withCodes ? { code, name, level, incision, anesthesia, cost, with: withCodes } : { code, name, level, incision, anesthesia, cost },
  ]),
);

export function op(code: string): OpDef {
  const o = OPS.get(code);
  if (!o) throw new Error(`synthetic tables: unknown operation ${code}`);
  return o;
}

/** Age model: triangular [min, mode, max] in years, or a newborn's age in days. */
export type AgeModel = { years: [number, number, number] } | { newbornDays: [number, number, number] };

/** 新生儿出生体重 model (grams): mean and sd of the baby's birth weight, clipped. */
export type BirthWeight = 'term' | 'preterm' | 'veryPreterm' | 'preeclampsia';

export interface DiagDef {
  code: string;
  name: string;
  dept: string;
  /** Relative frequency in a 综合医院. */
  w: number;
  age: AgeModel;
  /** Share of men (0 for obstetrics). */
  male: number;
  /** Length of stay: median days and log-scale sigma. */
  los: [number, number];
  death: number;
  icu?: number;
  /** Share admitted through 急诊. */
  er?: number;
  /** Main operation: code → probability (the rest of the patients have none). */
  ops?: [string, number][];
  /** Department that operates, when another one treats the unoperated (肺癌: 肿瘤科 vs 胸外科). */
  opDept?: string;
  /** Procedures, each with its own probability. */
  procs?: [string, number][];
  comorb?: [string, number][];
  /** Exactly one of these is coded as another diagnosis (化疗: the tumour being treated). */
  oneOf?: string[];
  /** External-cause codes (injuries) with weights. */
  ext?: [string, number][];
  /** Pathology morphology code, when operated. */
  morph?: string;
  /** Probability a discharge plans a readmission within 31 days. */
  plan?: number;
  /** Relative risk of an unplanned readmission (default 1). */
  readmit?: number;
  /** Daily cost base, yuan. */
  cost: number;
  season?: 'winter' | 'summer';
  /** Multiplier by hospital kind that replaces the department's. */
  kinds?: Partial<Record<HospitalKind, number>>;
  birthWeight?: BirthWeight;
  /** Head injury: 颅脑损伤患者昏迷时间 is filled. */
  coma?: boolean;
  /** Share of operations with a contaminated (Ⅲ) wound, e.g. perforated appendicitis. */
  dirty?: number;
}

const adult = (min: number, mode: number, max: number): AgeModel => ({ years: [min, mode, max] });
const newborn = (min: number, mode: number, max: number): AgeModel => ({ newbornDays: [min, mode, max] });
const CANCER_CHEMO = ['C34.9', 'C16.9', 'C18.9', 'C20', 'C50.9', 'C22.0', 'C15.9', 'C53.9'];

export const DIAGNOSES: readonly DiagDef[] = [
  // 呼吸内科
  { code: 'J18.9', name: '肺炎', dept: '呼吸内科', w: 40, age: adult(15, 74, 99), male: 0.56, los: [8, 0.42], death: 0.01, icu: 0.03, er: 0.35, procs: [['33.22', 0.06]], comorb: [['J44.9', 0.15], ['J96.0', 0.03]], readmit: 1.3, cost: 900, season: 'winter' },
  { code: 'J44.1', name: '慢性阻塞性肺病伴有急性加重', dept: '呼吸内科', w: 25, age: adult(45, 73, 96), male: 0.72, los: [10, 0.38], death: 0.01, icu: 0.05, er: 0.35, procs: [['93.90', 0.15]], comorb: [['J96.1', 0.15], ['I27.9', 0.1], ['J18.9', 0.2]], readmit: 2.5, cost: 950, season: 'winter' },
  { code: 'J20.9', name: '急性支气管炎', dept: '呼吸内科', w: 10, age: adult(15, 55, 92), male: 0.5, los: [6, 0.35], death: 0.001, er: 0.2, cost: 700, season: 'winter' },
  { code: 'J45.9', name: '支气管哮喘', dept: '呼吸内科', w: 5, age: adult(10, 45, 88), male: 0.45, los: [7, 0.35], death: 0.001, er: 0.4, readmit: 1.5, cost: 800 },
  { code: 'J96.0', name: '急性呼吸衰竭', dept: '呼吸内科', w: 4, age: adult(40, 76, 99), male: 0.6, los: [12, 0.5], death: 0.12, icu: 0.45, er: 0.8, procs: [['96.04', 0.45], ['96.71', 0.35], ['93.90', 0.3]], comorb: [['J44.9', 0.4], ['J18.9', 0.5]], readmit: 2, cost: 2200, season: 'winter' },
  // 心血管内科
  { code: 'I21.0', name: '急性前壁ST段抬高型心肌梗死', dept: '心血管内科', w: 5, age: adult(35, 64, 95), male: 0.75, los: [8, 0.38], death: 0.05, icu: 0.6, er: 0.9, ops: [['36.07', 0.72], ['88.56', 0.1]], procs: [['99.10', 0.06]], comorb: [['E78.5', 0.3], ['I50.9', 0.15]], readmit: 1.5, cost: 2000 },
  { code: 'I21.4', name: '急性非ST段抬高型心肌梗死', dept: '心血管内科', w: 4, age: adult(40, 70, 96), male: 0.68, los: [8, 0.38], death: 0.03, icu: 0.4, er: 0.75, ops: [['36.07', 0.5], ['88.56', 0.25]], comorb: [['E78.5', 0.3], ['I50.9', 0.2]], readmit: 1.5, cost: 1800 },
  { code: 'I20.0', name: '不稳定型心绞痛', dept: '心血管内科', w: 25, age: adult(40, 66, 92), male: 0.6, los: [6, 0.35], death: 0.002, icu: 0.05, er: 0.3, ops: [['36.07', 0.25], ['88.56', 0.35]], comorb: [['E78.5', 0.35]], cost: 1500 },
  { code: 'I50.9', name: '心力衰竭', dept: '心血管内科', w: 18, age: adult(45, 79, 100), male: 0.52, los: [9, 0.4], death: 0.025, icu: 0.1, er: 0.55, procs: [['93.90', 0.08]], comorb: [['I48.9', 0.3], ['I25.1', 0.35], ['N18.3', 0.1]], readmit: 3, cost: 1000, season: 'winter' },
  { code: 'I48.9', name: '心房颤动', dept: '心血管内科', w: 8, age: adult(45, 70, 96), male: 0.55, los: [6, 0.35], death: 0.005, ops: [['37.34', 0.18]], cost: 1100 },
  { code: 'I10', name: '原发性高血压', dept: '心血管内科', w: 10, age: adult(30, 62, 95), male: 0.5, los: [6, 0.3], death: 0.001, cost: 650 },
  { code: 'I25.1', name: '动脉粥样硬化性心脏病', dept: '心血管内科', w: 15, age: adult(40, 67, 96), male: 0.6, los: [6, 0.35], death: 0.003, ops: [['88.56', 0.5], ['36.07', 0.12]], comorb: [['E78.5', 0.3]], cost: 1100 },
  // 神经内科 / 神经外科
  { code: 'I63.9', name: '脑梗死', dept: '神经内科', w: 45, age: adult(40, 70, 99), male: 0.6, los: [11, 0.4], death: 0.012, icu: 0.05, er: 0.45, ops: [['39.74', 0.025]], procs: [['99.10', 0.06], ['93.39', 0.3]], comorb: [['E78.5', 0.3], ['I48.9', 0.1], ['J18.9', 0.08]], readmit: 1.4, cost: 900 },
  { code: 'I61.9', name: '脑出血', dept: '神经内科', w: 8, age: adult(35, 63, 96), male: 0.62, los: [16, 0.5], death: 0.09, icu: 0.45, er: 0.95, ops: [['01.39', 0.2]], opDept: '神经外科', procs: [['96.04', 0.2]], comorb: [['I10', 0.8], ['J18.9', 0.2]], readmit: 1.2, cost: 1600 },
  { code: 'G45.9', name: '短暂性脑缺血发作', dept: '神经内科', w: 6, age: adult(40, 66, 92), male: 0.55, los: [6, 0.3], death: 0.001, er: 0.4, cost: 750 },
  { code: 'G40.9', name: '癫痫', dept: '神经内科', w: 5, age: adult(5, 35, 85), male: 0.58, los: [7, 0.4], death: 0.002, er: 0.5, cost: 800, kinds: { psych: 15 } },
  { code: 'R42', name: '头晕和眩晕', dept: '神经内科', w: 8, age: adult(30, 62, 92), male: 0.38, los: [6, 0.3], death: 0, cost: 650 },
  { code: 'S06.5', name: '创伤性硬膜下出血', dept: '神经外科', w: 5, age: adult(15, 55, 94), male: 0.72, los: [14, 0.55], death: 0.08, icu: 0.45, er: 0.95, ops: [['01.31', 0.45]], ext: [['V89.2', 45], ['W19', 35], ['W01', 10], ['X59', 10]], coma: true, cost: 1800 },
  { code: 'S06.0', name: '脑震荡', dept: '神经外科', w: 6, age: adult(5, 40, 88), male: 0.62, los: [5, 0.4], death: 0.0005, er: 0.9, ops: [['86.59', 0.25]], ext: [['V89.2', 45], ['W19', 30], ['W01', 15], ['X59', 10]], coma: true, cost: 700 },
  // 消化内科
  { code: 'K29.7', name: '胃炎', dept: '消化内科', w: 15, age: adult(18, 50, 88), male: 0.45, los: [5, 0.35], death: 0.0005, procs: [['45.13', 0.7]], cost: 700 },
  { code: 'K92.2', name: '胃肠道出血', dept: '消化内科', w: 8, age: adult(20, 62, 96), male: 0.62, los: [7, 0.4], death: 0.015, icu: 0.05, er: 0.7, ops: [['44.43', 0.3]], procs: [['45.13', 0.6], ['99.04', 0.3]], comorb: [['D62', 0.5], ['K74.6', 0.15]], readmit: 1.3, cost: 1100 },
  { code: 'K85.9', name: '急性胰腺炎', dept: '消化内科', w: 6, age: adult(20, 48, 90), male: 0.6, los: [10, 0.45], death: 0.012, icu: 0.12, er: 0.75, comorb: [['E78.5', 0.2], ['K80.2', 0.3]], cost: 1200 },
  { code: 'K74.6', name: '肝硬化', dept: '消化内科', w: 6, age: adult(30, 58, 90), male: 0.72, los: [11, 0.45], death: 0.025, er: 0.3, comorb: [['B18.1', 0.5], ['R18', 0.4]], readmit: 2, cost: 1000 },
  { code: 'K56.7', name: '肠梗阻', dept: '普通外科', w: 6, age: adult(15, 60, 95), male: 0.55, los: [8, 0.45], death: 0.01, er: 0.8, ops: [['54.59', 0.25]], cost: 1000 },
  // 普通外科
  { code: 'K80.1', name: '胆囊结石伴慢性胆囊炎', dept: '普通外科', w: 24, age: adult(20, 52, 90), male: 0.42, los: [6, 0.35], death: 0.001, er: 0.25, ops: [['51.23', 0.78], ['51.22', 0.06]], cost: 1200 },
  { code: 'K35.8', name: '急性阑尾炎', dept: '普通外科', w: 15, age: adult(6, 30, 85), male: 0.52, los: [5, 0.3], death: 0.0004, er: 0.85, ops: [['47.01', 0.72], ['47.09', 0.22]], dirty: 0.15, cost: 1400 },
  { code: 'K40.9', name: '单侧腹股沟疝', dept: '普通外科', w: 12, age: adult(1, 60, 92), male: 0.9, los: [4, 0.35], death: 0.0008, ops: [['53.00', 0.45], ['17.13', 0.45]], cost: 1300 },
  { code: 'C16.9', name: '胃恶性肿瘤', dept: '普通外科', w: 6, age: adult(35, 62, 90), male: 0.7, los: [14, 0.45], death: 0.02, ops: [['43.7', 0.3], ['43.99', 0.08]], procs: [['45.13', 0.4]], morph: 'M8140/3', plan: 0.25, readmit: 1.5, cost: 1500, kinds: { oncology: 6 } },
  { code: 'C18.9', name: '结肠恶性肿瘤', dept: '普通外科', w: 6, age: adult(35, 63, 92), male: 0.55, los: [14, 0.45], death: 0.015, ops: [['17.33', 0.2], ['45.73', 0.15]], morph: 'M8140/3', plan: 0.25, readmit: 1.5, cost: 1500, kinds: { oncology: 6 } },
  { code: 'C20', name: '直肠恶性肿瘤', dept: '普通外科', w: 4, age: adult(35, 62, 92), male: 0.6, los: [14, 0.45], death: 0.012, ops: [['48.63', 0.3]], morph: 'M8140/3', plan: 0.25, readmit: 1.5, cost: 1500, kinds: { oncology: 5 } },
  { code: 'C22.0', name: '肝细胞癌', dept: '普通外科', w: 5, age: adult(35, 58, 90), male: 0.8, los: [11, 0.5], death: 0.04, ops: [['50.22', 0.15]], procs: [['99.25', 0.3]], comorb: [['B18.1', 0.6], ['K74.6', 0.4]], morph: 'M8170/3', plan: 0.25, readmit: 1.8, cost: 1500, kinds: { oncology: 5 } },
  { code: 'C50.9', name: '乳房恶性肿瘤', dept: '普通外科', w: 6, age: adult(28, 50, 88), male: 0.01, los: [10, 0.45], death: 0.002, ops: [['85.43', 0.4]], morph: 'M8500/3', plan: 0.25, cost: 1300, kinds: { mch: 0.6, oncology: 6 } },
  { code: 'D34', name: '甲状腺良性肿瘤', dept: '普通外科', w: 8, age: adult(18, 45, 80), male: 0.22, los: [5, 0.3], death: 0, ops: [['06.2', 0.9]], morph: 'M8330/0', cost: 1200 },
  // 肿瘤科 / 胸外科
  { code: 'C34.9', name: '支气管或肺恶性肿瘤', dept: '肿瘤科', w: 15, age: adult(35, 64, 94), male: 0.65, los: [10, 0.5], death: 0.02, ops: [['32.41', 0.14]], opDept: '胸外科', procs: [['99.25', 0.35], ['33.22', 0.15]], comorb: [['J18.9', 0.1]], morph: 'M8140/3', plan: 0.25, readmit: 1.8, cost: 1300 },
  { code: 'Z51.1', name: '为肿瘤化学治疗疗程', dept: '肿瘤科', w: 10, age: adult(25, 58, 86), male: 0.55, los: [4, 0.35], death: 0.0005, procs: [['99.25', 0.97]], oneOf: CANCER_CHEMO, plan: 0.4, cost: 1500 },
  { code: 'C15.9', name: '食管恶性肿瘤', dept: '肿瘤科', w: 3, age: adult(40, 65, 92), male: 0.78, los: [13, 0.45], death: 0.03, ops: [['42.41', 0.15]], opDept: '胸外科', morph: 'M8070/3', plan: 0.25, readmit: 1.8, cost: 1400 },
  // 内分泌科 / 肾内科 / 泌尿外科
  { code: 'E11.9', name: '2型糖尿病', dept: '内分泌科', w: 20, age: adult(25, 60, 94), male: 0.52, los: [8, 0.35], death: 0.001, comorb: [['I10', 0.5], ['E78.5', 0.4]], readmit: 1.1, cost: 700 },
  { code: 'N18.5', name: '慢性肾脏病5期', dept: '肾内科', w: 8, age: adult(20, 58, 92), male: 0.58, los: [10, 0.45], death: 0.012, ops: [['39.27', 0.25]], procs: [['39.95', 0.55], ['38.93', 0.2]], comorb: [['I10', 0.6], ['D63.8', 0.5], ['E11.9', 0.25]], plan: 0.12, readmit: 2, cost: 1100 },
  { code: 'N39.0', name: '泌尿道感染', dept: '肾内科', w: 8, age: adult(18, 60, 96), male: 0.3, los: [6, 0.35], death: 0.002, cost: 700 },
  { code: 'N20.0', name: '肾结石', dept: '泌尿外科', w: 6, age: adult(20, 48, 85), male: 0.62, los: [6, 0.4], death: 0, ops: [['55.04', 0.45]], procs: [['98.51', 0.2]], cost: 1200 },
  { code: 'N20.1', name: '输尿管结石', dept: '泌尿外科', w: 5, age: adult(20, 45, 82), male: 0.65, los: [4, 0.35], death: 0, er: 0.3, ops: [['56.0', 0.65]], procs: [['98.51', 0.15]], cost: 1200 },
  { code: 'N40', name: '前列腺增生', dept: '泌尿外科', w: 8, age: adult(50, 70, 94), male: 1, los: [7, 0.35], death: 0.001, ops: [['60.29', 0.55]], cost: 1100 },
  // 骨科 / 康复医学科
  { code: 'S72.0', name: '股骨颈骨折', dept: '骨科', w: 8, age: adult(50, 80, 101), male: 0.35, los: [12, 0.4], death: 0.012, icu: 0.05, er: 0.7, ops: [['81.52', 0.35], ['81.51', 0.2], ['79.35', 0.25]], ext: [['W19', 70], ['W01', 30]], comorb: [['M81.9', 0.3]], cost: 1300 },
  { code: 'S82.2', name: '胫骨骨干骨折', dept: '骨科', w: 6, age: adult(10, 40, 82), male: 0.68, los: [10, 0.45], death: 0.0005, er: 0.8, ops: [['79.36', 0.8]], ext: [['V89.2', 50], ['W19', 20], ['W23', 10], ['X59', 20]], cost: 1200 },
  { code: 'S52.5', name: '桡骨下端骨折', dept: '骨科', w: 5, age: adult(8, 55, 92), male: 0.38, los: [6, 0.4], death: 0, er: 0.6, ops: [['79.32', 0.65]], ext: [['W19', 60], ['W01', 40]], cost: 1000 },
  { code: 'M17.9', name: '膝关节病', dept: '骨科', w: 6, age: adult(45, 66, 90), male: 0.3, los: [9, 0.4], death: 0.001, ops: [['81.54', 0.35]], procs: [['93.39', 0.3]], cost: 1000, kinds: { tcm: 2.5, integrated: 1.8 } },
  { code: 'M51.2', name: '腰椎间盘突出症', dept: '骨科', w: 10, age: adult(25, 50, 86), male: 0.55, los: [9, 0.4], death: 0, ops: [['80.51', 0.3], ['81.08', 0.06]], procs: [['99.92', 0.2], ['93.39', 0.3]], cost: 900, kinds: { tcm: 3.5, integrated: 2 } },
  { code: 'S83.2', name: '膝关节半月板撕裂', dept: '骨科', w: 3, age: adult(15, 38, 75), male: 0.65, los: [5, 0.35], death: 0, ops: [['80.6', 0.8]], ext: [['W01', 40], ['X59', 60]], cost: 1000 },
  { code: 'M54.5', name: '下背痛', dept: '康复医学科', w: 4, age: adult(25, 55, 90), male: 0.45, los: [10, 0.35], death: 0, procs: [['99.92', 0.6], ['93.39', 0.6]], cost: 450 },
  // 产科 / 妇科
  { code: 'O80.0', name: '自然头位分娩', dept: '产科', w: 30, age: adult(17, 28, 45), male: 0, los: [3, 0.25], death: 0.00002, procs: [['73.59', 0.5], ['73.6', 0.25]], comorb: [['Z37.0', 1], ['O70.0', 0.15], ['O24.4', 0.08]], birthWeight: 'term', cost: 1000, readmit: 0.2 },
  { code: 'O82.0', name: '经选择性剖宫产术的分娩', dept: '产科', w: 8, age: adult(20, 31, 46), male: 0, los: [5, 0.25], death: 0.00005, ops: [['74.1', 0.98]], comorb: [['Z37.0', 1], ['O24.4', 0.1]], birthWeight: 'term', cost: 1600, readmit: 0.3 },
  { code: 'O34.2', name: '瘢痕子宫妊娠', dept: '产科', w: 10, age: adult(23, 32, 46), male: 0, los: [5, 0.25], death: 0.00005, ops: [['74.1', 0.85]], comorb: [['Z37.0', 0.95]], birthWeight: 'term', cost: 1500, readmit: 0.3 },
  { code: 'O42.9', name: '胎膜早破', dept: '产科', w: 6, age: adult(17, 28, 44), male: 0, los: [3, 0.3], death: 0, procs: [['73.59', 0.5]], comorb: [['Z37.0', 0.9]], birthWeight: 'term', cost: 1000, readmit: 0.2 },
  { code: 'O14.1', name: '重度子痫前期', dept: '产科', w: 2, age: adult(18, 30, 46), male: 0, los: [7, 0.35], death: 0.002, icu: 0.12, er: 0.6, ops: [['74.1', 0.7]], comorb: [['Z37.0', 0.9]], birthWeight: 'preeclampsia', cost: 1500, readmit: 0.5 },
  // postpartum readmissions only (weight 0: never a first stay)
  { code: 'O86.0', name: '产科手术伤口感染', dept: '产科', w: 0, age: adult(17, 29, 46), male: 0, los: [6, 0.35], death: 0, cost: 800 },
  { code: 'O72.1', name: '产后出血', dept: '产科', w: 0, age: adult(17, 29, 46), male: 0, los: [4, 0.35], death: 0.001, procs: [['99.04', 0.3]], cost: 1200 },
  { code: 'O00.1', name: '输卵管妊娠', dept: '妇科', w: 3, age: adult(18, 29, 46), male: 0, los: [5, 0.3], death: 0.0001, er: 0.6, ops: [['66.62', 0.85]], cost: 1300, readmit: 0.3 },
  { code: 'O02.1', name: '稽留流产', dept: '妇科', w: 4, age: adult(18, 29, 46), male: 0, los: [2, 0.4], death: 0, ops: [['69.51', 0.85]], cost: 700, readmit: 0.3 },
  { code: 'D25.9', name: '子宫平滑肌瘤', dept: '妇科', w: 10, age: adult(26, 45, 62), male: 0, los: [7, 0.3], death: 0, ops: [['68.41', 0.35], ['68.29', 0.45]], morph: 'M8890/0', cost: 1300 },
  { code: 'N85.6', name: '宫腔粘连', dept: '妇科', w: 2, age: adult(20, 32, 48), male: 0, los: [3, 0.3], death: 0, ops: [['68.21', 0.9]], cost: 900 },
  { code: 'N83.2', name: '卵巢囊肿', dept: '妇科', w: 7, age: adult(16, 35, 65), male: 0, los: [5, 0.3], death: 0, ops: [['65.25', 0.85]], cost: 1200 },
  { code: 'C53.9', name: '子宫颈恶性肿瘤', dept: '妇科', w: 3, age: adult(28, 52, 85), male: 0, los: [12, 0.5], death: 0.01, ops: [['68.61', 0.3]], procs: [['99.25', 0.3]], morph: 'M8070/3', plan: 0.25, readmit: 1.5, cost: 1300, kinds: { oncology: 5, mch: 0.5 } },
  // 儿科 / 耳鼻咽喉科 / 新生儿科
  { code: 'J18.0', name: '支气管肺炎', dept: '儿科', w: 25, age: adult(0, 1.5, 13), male: 0.56, los: [6, 0.35], death: 0.0005, er: 0.3, cost: 700, season: 'winter' },
  { code: 'A09.9', name: '胃肠炎和结肠炎', dept: '儿科', w: 10, age: adult(0.1, 1.5, 13), male: 0.55, los: [4, 0.35], death: 0.0001, er: 0.35, cost: 600 },
  { code: 'J21.9', name: '急性毛细支气管炎', dept: '儿科', w: 6, age: adult(0.05, 0.4, 2), male: 0.6, los: [6, 0.3], death: 0.0003, cost: 700, season: 'winter' },
  { code: 'B08.4', name: '手足口病', dept: '儿科', w: 4, age: adult(0.5, 2, 6), male: 0.6, los: [5, 0.3], death: 0.0002, cost: 600, season: 'summer' },
  { code: 'J06.9', name: '急性上呼吸道感染', dept: '儿科', w: 6, age: adult(0.1, 2, 13), male: 0.54, los: [4, 0.3], death: 0, er: 0.3, cost: 550, season: 'winter' },
  { code: 'J35.0', name: '慢性扁桃体炎', dept: '耳鼻咽喉科', w: 4, age: adult(3, 8, 45), male: 0.5, los: [4, 0.3], death: 0, ops: [['28.2', 0.9]], cost: 1000 },
  { code: 'J32.9', name: '慢性鼻窦炎', dept: '耳鼻咽喉科', w: 4, age: adult(15, 42, 78), male: 0.55, los: [6, 0.3], death: 0, ops: [['22.63', 0.85]], cost: 1000 },
  { code: 'P59.9', name: '新生儿黄疸', dept: '新生儿科', w: 8, age: newborn(1, 4, 20), male: 0.55, los: [5, 0.3], death: 0, procs: [['99.83', 0.9]], birthWeight: 'term', cost: 600 },
  { code: 'P07.3', name: '早产儿', dept: '新生儿科', w: 4, age: newborn(0, 0, 3), male: 0.53, los: [14, 0.5], death: 0.015, icu: 0.45, procs: [['93.90', 0.35]], birthWeight: 'preterm', cost: 1400 },
  { code: 'P22.0', name: '新生儿呼吸窘迫综合征', dept: '新生儿科', w: 2, age: newborn(0, 0, 1), male: 0.6, los: [16, 0.5], death: 0.05, icu: 0.85, procs: [['96.04', 0.3], ['96.71', 0.4], ['93.90', 0.5]], birthWeight: 'veryPreterm', cost: 2200 },
  // 眼科
  { code: 'H25.9', name: '老年性白内障', dept: '眼科', w: 8, age: adult(50, 70, 94), male: 0.45, los: [3, 0.35], death: 0, ops: [['13.41', 0.92]], cost: 1800, readmit: 0.6 },
  { code: 'H33.0', name: '视网膜脱离伴视网膜裂孔', dept: '眼科', w: 1.5, age: adult(20, 55, 86), male: 0.6, los: [6, 0.35], death: 0, ops: [['14.74', 0.85]], cost: 1500 },
  { code: 'H40.9', name: '青光眼', dept: '眼科', w: 1.5, age: adult(30, 62, 92), male: 0.45, los: [6, 0.35], death: 0, ops: [['12.64', 0.6]], cost: 1200 },
  // 精神科
  { code: 'F20.9', name: '精神分裂症', dept: '精神科', w: 1, age: adult(15, 38, 78), male: 0.55, los: [40, 0.5], death: 0.0005, procs: [['94.27', 0.2]], readmit: 1.2, cost: 350 },
  { code: 'F32.9', name: '抑郁发作', dept: '精神科', w: 1, age: adult(12, 40, 86), male: 0.35, los: [25, 0.45], death: 0.0002, procs: [['94.27', 0.1]], cost: 400 },
];

/** Other diagnoses of adults in general, by age: code, probability at its peak, the age the risk starts, sex (1 men, 2 women). */
export const GENERIC_COMORBIDITIES: readonly [string, number, number, 0 | 1 | 2][] = [
  ['I10', 0.3, 40, 0],
  ['E11.9', 0.12, 40, 0],
  ['E78.5', 0.1, 35, 0],
  ['I25.1', 0.08, 55, 0],
  ['K76.0', 0.05, 30, 0],
  ['J44.9', 0.05, 55, 1],
  ['I48.9', 0.04, 65, 0],
  ['D64.9', 0.04, 18, 0],
  ['E87.6', 0.04, 18, 0],
  ['M81.9', 0.08, 55, 2],
  ['B18.1', 0.05, 18, 0],
  ['N18.3', 0.03, 60, 0],
];

/** The department names a 中医医院 uses for the same specialties. */
export const TCM_DEPT_NAMES: Readonly<Record<string, string>> = {
  呼吸内科: '肺病科',
  心血管内科: '心病科',
  神经内科: '脑病科',
  消化内科: '脾胃病科',
  骨科: '骨伤科',
  肾内科: '肾病科',
  内分泌科: '内分泌科',
  康复医学科: '针灸推拿科',
};

/** Department weight by hospital kind; `*` is every department not listed. */
export const KIND_DEPT_WEIGHT: Record<HospitalKind, Record<string, number>> = {
  general: { '*': 1, 精神科: 0.15, 康复医学科: 0.6 },
  tcm: { '*': 0.7, 神经内科: 1.2, 骨科: 1.6, 康复医学科: 5, 呼吸内科: 1, 心血管内科: 1, 内分泌科: 1, 胸外科: 0.1, 神经外科: 0.3, 新生儿科: 0.2, 产科: 0.4, 精神科: 0, 眼科: 0.3, 肿瘤科: 0.5 },
  integrated: { '*': 0.85, 康复医学科: 3, 骨科: 1.3, 精神科: 0.05, 胸外科: 0.3 },
  mch: { '*': 0, 产科: 8, 妇科: 3.5, 儿科: 5, 新生儿科: 5 },
  eye: { '*': 0.08, 眼科: 25, 耳鼻咽喉科: 3 },
  oncology: { '*': 0.05, 肿瘤科: 12, 胸外科: 4 },
  psych: { '*': 0.02, 精神科: 60, 神经内科: 2, 神经外科: 1, 康复医学科: 2 },
};

/** County hospitals treat fewer cancers and head injuries, more common infections. */
export const COUNTY_DEPT_FACTOR: Readonly<Record<string, number>> = {
  肿瘤科: 0.4,
  神经外科: 0.6,
  胸外科: 0.3,
  新生儿科: 0.6,
  呼吸内科: 1.3,
  儿科: 1.3,
};

/** Surnames with weights skewed toward Guangxi (Zhuang 韦/覃/莫/蓝/蒙, Miao and Dong 潘/石/龙/杨). */
export const SURNAMES: readonly [string, number][] = [
  ['黄', 9], ['韦', 7], ['李', 6], ['陈', 5], ['梁', 5], ['覃', 4], ['刘', 4], ['张', 4], ['王', 4], ['莫', 3],
  ['杨', 3], ['吴', 3], ['罗', 3], ['蒙', 2], ['廖', 2], ['潘', 2], ['蓝', 2], ['卢', 2], ['谢', 2], ['周', 2],
  ['何', 2], ['邓', 2], ['唐', 2], ['龙', 1.5], ['石', 1.5], ['林', 1.5], ['欧', 1], ['赵', 1], ['胡', 1], ['曾', 1],
  ['蒋', 1], ['钟', 1], ['谭', 1], ['朱', 1], ['冯', 1], ['陆', 1], ['苏', 1], ['雷', 1], ['徐', 1], ['孙', 1],
  ['马', 1], ['高', 1], ['郑', 1], ['宋', 0.5], ['曹', 0.5], ['欧阳', 0.3], ['农', 0.5], ['银', 0.3], ['贲', 0.2],
];

export const GIVEN_MALE = '伟强军勇杰涛斌明华建国平志海林峰辉宁荣文东鹏宇浩俊超磊刚新德福贵昌忠成坤健亮波云龙飞兴启';
export const GIVEN_FEMALE = '芳娟丽敏静燕霞红梅玲兰英秀琴萍艳婷莉雪慧洁颖倩欣怡佳琳凤桂金春月玉珍莹彩';
export const GIVEN_MODERN = '子梓涵轩睿宇欣一诺晨浩铭思雨萱怡可嘉博俊泽梦瑶奕辰语沐安希';

/**
 * 手术并发症 coded among the other diagnoses (ICD-10 T80–T88 and the 操作后 categories, as dbt's
 * ref_surgical_complication_icd lists them): codes with weights, the first element of each entry the
 * ICD-9-CM-3 prefixes of the operations it follows ('' = any operation).
 */
export const SURGICAL_COMPLICATIONS: readonly [opPrefixes: string[], code: string, weight: number][] = [
  [[''], 'T81.0', 40], // 操作后出血和血肿
  [[''], 'T81.8', 12], // 操作的其他并发症
  [[''], 'T81.3', 8], // 手术伤口破裂
  [[''], 'T81.2', 6], // 操作中意外穿刺和撕裂
  [['42.', '43.', '44.', '45.', '47.', '48.', '50.', '51.', '53.', '54.', '17.'], 'K91.8', 15], // 消化系统操作后其他疾患
  [['32.'], 'J95.8', 15], // 操作后呼吸性疾患
  [['36.', '37.', '39.7'], 'T82.8', 25], // 心脏和血管假体装置的其他并发症
  [['81.5'], 'T84.5', 8], // 关节假体引起的感染
  [['79.', '81.0'], 'T84.1', 6], // 骨内固定装置的机械性并发症
];
