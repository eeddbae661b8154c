import { IndicatorBinding, IndicatorDirection, IndicatorOrigin } from './indicator-models';

/** Chinese names of the indicator attributes, shared by tables, exports and forms. */
export const DIRECTION_LABELS: Record<IndicatorDirection, string> = {
  higher_better: '越高越好',
  lower_better: '越低越好',
  target_range: '区间/无单向',
};

export const ORIGIN_LABELS: Record<IndicatorOrigin, string> = {
  national: '国家',
  custom: '自定义',
};

export const ORIGIN_COLORS: Record<IndicatorOrigin, string> = {
  national: 'blue',
  custom: 'purple',
};

export const BINDING_LABELS: Record<IndicatorBinding, string> = {
  discharge: '病案首页',
  reported: '上报',
};

export const BINDING_COLORS: Record<IndicatorBinding, string> = {
  discharge: 'green',
  reported: 'orange',
};

export const KIND_LABELS: Record<string, string> = {
  rate: '率',
  ratio: '比值',
  median: '中位数',
  mean: '均值',
  index: '指数',
  percentile: '百分位数',
  count: '计数',
};

export const VERSION_ORIGIN_LABELS: Record<string, string> = {
  library: '国家库导入',
  local: '本地修订',
};

/** Units the form offers; any other may be typed. */
export const COMMON_UNITS = ['%', '‰', '‱', '1/10万', '比值', '天', '分钟', '小时', '例', '人次'];

/** Field names of the library, as people read them in the 待核实 marks. */
export const FIELD_LABELS: Record<string, string> = {
  name: '名称',
  definition: '定义',
  numerator: '分子',
  denominator: '分母',
  unit: '单位',
  direction: '方向',
  formula: '公式',
  source: '来源',
  official_code: '国家编码',
  officialCode: '国家编码',
  target: '目标值',
  notes: '备注',
};

/** The user who made a version, whatever shape the server sends. */
export function creatorName(createdBy: unknown): string {
  if (!createdBy) return '系统';
  if (typeof createdBy === 'string') return createdBy;
  const c = createdBy as { name?: string | null; displayName?: string; username?: string };
  return c.name ?? c.displayName ?? c.username ?? '—';
}
