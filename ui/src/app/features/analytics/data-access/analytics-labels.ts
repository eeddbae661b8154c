import { CompletionKind, Direction, Grain, SpcSignal } from './analytics-models';

/** Chinese names of the grains. */
export const GRAIN_LABELS: Record<Grain, string> = { month: '按月', quarter: '按季度', year: '按年' };

/** Chinese names of the directions. */
export const DIRECTION_LABELS: Record<Direction, string> = {
  higher_better: '越高越好',
  lower_better: '越低越好',
  target_range: '适宜区间',
};

/** What each run rule means, for tooltips and the table. */
export const SIGNAL_LABELS: Record<string, string> = {
  beyond_3sigma: '超出3σ控制限',
  two_of_three_beyond_2sigma: '连续3点中2点超出2σ',
  four_of_five_beyond_1sigma: '连续5点中4点超出1σ',
  run_8_same_side: '连续8点位于中心线同侧',
  run_8: '连续8点位于中心线同侧',
  trend_6: '连续6点持续上升或下降',
};

/** A run rule in Chinese; an unknown code is shown as it is rather than hidden. */
export function signalLabel(signal: SpcSignal): string {
  return SIGNAL_LABELS[signal] ?? signal;
}

/** Whether an indicator of this kind is a median or percentile over cases (no numerator; the denominator is n). */
export function isCaseIndicator(kind: string | null | undefined): boolean {
  return kind === 'median' || kind === 'percentile';
}

/** Column names of a cell's two parts: 分子 and 分母, or 分子 and 例数 for a median or percentile. */
export function partLabels(kind: string | null | undefined): { numerator: string; denominator: string } {
  return { numerator: '分子', denominator: isCaseIndicator(kind) ? '例数' : '分母' };
}

/** Chinese names of the control chart kinds. */
export const SPC_CHART_LABELS: Record<'p' | 'u' | 'xmr', string> = {
  p: 'p 控制图（比例）',
  u: 'u 控制图（率）',
  xmr: 'XmR 控制图（单值-移动极差）',
};

/** Chinese names of the kinds of work whose completion is measured (the server's kindName wins when given). */
export const COMPLETION_KIND_LABELS: Record<CompletionKind, string> = {
  baseline_survey: '基线调查',
  inspection: '督导检查',
  training: '培训',
  report: '质控报告',
};

/** 离院方式 codes of the 病案首页 format. */
export const DISCHARGE_METHOD_LABELS: Record<string, string> = {
  '1': '医嘱离院',
  '2': '医嘱转院',
  '3': '医嘱转社区卫生服务机构/乡镇卫生院',
  '4': '非医嘱离院',
  '5': '死亡',
  '9': '其他',
};

/** `5 死亡` for a code; unknown codes stay as they are. */
export function dischargeMethodLabel(code: string | number | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  const label = DISCHARGE_METHOD_LABELS[String(code)];
  return label ? `${code} ${label}` : String(code);
}

/** A period label in Chinese: `2026-03` → 2026年3月, `2026Q1` → 2026年第1季度, `2026` → 2026年. */
export function periodText(period: string): string {
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  m = /^(\d{4})Q([1-4])$/.exec(period);
  if (m) return `${m[1]}年第${m[2]}季度`;
  return /^\d{4}$/.test(period) ? `${period}年` : period;
}

/** A number for people: up to `digits` decimals, thousands separated; `—` for null. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('zh-CN', { maximumFractionDigits: digits });
}

/** An indicator value with its unit (比值 and counts without a unit stay bare). */
export function formatValue(value: number | null | undefined, unit: string | null | undefined): string {
  const text = formatNumber(value);
  if (text === '—' || !unit || unit === '比值') return text;
  return `${text}${/^[%‰‱]$/.test(unit) ? '' : ' '}${unit}`;
}

/** A relative change (0.12) as `+12.0%`; `—` when there is no base. */
export function formatChange(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return '—';
  const pct = change * 100;
  return `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

/** A completion rate (0…1) as a percentage; `—` when nothing was due. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

/** How a change reads given the indicator's direction. */
export type ChangeTone = 'good' | 'bad' | 'neutral';

/**
 * Whether a change is good news: a rise of a higher-is-better indicator is, of a lower-is-better one
 * is not; a target-range indicator (workload, structure) and no change at all are neutral.
 */
export function changeTone(change: number | null | undefined, direction: Direction | null | undefined): ChangeTone {
  if (change === null || change === undefined || !Number.isFinite(change) || change === 0) return 'neutral';
  if (direction === 'higher_better') return change > 0 ? 'good' : 'bad';
  if (direction === 'lower_better') return change < 0 ? 'good' : 'bad';
  return 'neutral';
}

/** Colours of the tones, the same on cards, tables and charts. */
export const TONE_COLORS: Record<ChangeTone, string> = { good: '#389e0d', bad: '#cf1322', neutral: '#8c8c8c' };
