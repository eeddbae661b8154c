import { changeTone, dischargeMethodLabel, formatChange, formatRate, formatValue, partLabels, periodText } from './analytics-labels';

describe('analytics labels', () => {
  it('colours a change by the indicator’s direction', () => {
    // a falling mortality is good news, a falling surgery share is not
    expect(changeTone(-0.1, 'lower_better')).toBe('good');
    expect(changeTone(0.1, 'lower_better')).toBe('bad');
    expect(changeTone(0.1, 'higher_better')).toBe('good');
    expect(changeTone(-0.1, 'higher_better')).toBe('bad');
    expect(changeTone(0.3, 'target_range')).toBe('neutral');
    expect(changeTone(null, 'higher_better')).toBe('neutral');
    expect(changeTone(0, 'lower_better')).toBe('neutral');
  });

  it('formats values with their unit, changes and rates', () => {
    expect(formatValue(1.2345, '%')).toBe('1.23%');
    expect(formatValue(8.5, '天')).toBe('8.5 天');
    expect(formatValue(1.5, '比值')).toBe('1.5');
    expect(formatValue(null, '%')).toBe('—');
    expect(formatChange(0.125)).toBe('+12.5%');
    expect(formatChange(-0.05)).toBe('-5.0%');
    expect(formatChange(null)).toBe('—');
    expect(formatRate(0.875)).toBe('87.5%');
    expect(formatRate(null)).toBe('—');
  });

  it('names periods and 离院方式 in Chinese', () => {
    expect(periodText('2026-03')).toBe('2026年3月');
    expect(periodText('2026Q1')).toBe('2026年第1季度');
    expect(periodText('2026')).toBe('2026年');
    expect(dischargeMethodLabel(5)).toBe('5 死亡');
    expect(dischargeMethodLabel('1')).toBe('1 医嘱离院');
    expect(dischargeMethodLabel('7')).toBe('7');
    expect(dischargeMethodLabel(null)).toBe('');
  });

  it('calls the denominator of a median or percentile indicator 例数', () => {
    expect(partLabels('median')).toEqual({ numerator: '分子', denominator: '例数' });
    expect(partLabels('percentile').denominator).toBe('例数');
    expect(partLabels('rate').denominator).toBe('分母');
    expect(partLabels(undefined).denominator).toBe('分母');
  });
});
