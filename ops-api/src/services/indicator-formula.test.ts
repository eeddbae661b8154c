import { describe, expect, it } from 'vitest';
import { checkWithTargets, type FormulaTarget } from './indicator-formula.js';

const target = (code: string, formula: string, unit = '%', variables = ['numerator', 'denominator']): [string, FormulaTarget] => [
  code,
  { code, unit, formula, variables },
];

const library = new Map<string, FormulaTarget>([
  target('HQ-02', 'numerator / denominator * 100'),
  target('HQ-01', 'numerator / denominator', '天'),
  target('A-01', '[B-01] + 1'),
  target('B-01', 'numerator / denominator * 100'),
]);

describe('indicator formulas against the library', () => {
  it('accepts the library’s own formulas with their variables, including aggregates over durations', () => {
    expect(checkWithTargets({ formula: 'numerator / denominator * 1000', variables: ['numerator', 'denominator'], unit: '‰' }, library).ok).toBe(true);
    expect(checkWithTargets({ formula: 'percentile(durations, 90)', variables: ['durations'], unit: '分钟' }, library).ok).toBe(true);
  });

  it('resolves [CODE] to another indicator and [CODE:variable] to one of its variables', () => {
    const check = checkWithTargets({ formula: '[HQ-02] - [HQ-02:numerator] / [HQ-02:denominator] * 100', variables: [], unit: '%' }, library);
    expect(check.issues).toEqual([]);
    expect(check.references).toEqual({ indicators: ['HQ-02'], elements: ['HQ-02:numerator', 'HQ-02:denominator'] });
    const unknownPart = checkWithTargets({ formula: '[HQ-02:deaths]', variables: [] }, library);
    expect(unknownPart.issues[0]).toMatchObject({ code: 'unknown_name', column: 1 });
  });

  it('refuses a revision that would close a cycle through the library, before it is saved', () => {
    // B-01 revised to refer to A-01, which already refers to B-01
    const check = checkWithTargets({ formula: '[A-01] * 2', variables: [], unit: '%', code: 'B-01' }, library);
    expect(check.ok).toBe(false);
    expect(check.issues[0]).toMatchObject({ code: 'cycle', column: 1 });
    expect(check.issues[0]!.message).toContain('B-01');
    // a new indicator naming itself
    expect(checkWithTargets({ formula: '[C-01] + 1', variables: [], code: 'C-01' }, library).issues.map((i) => i.code)).toEqual(['cycle']);
  });

  it('refuses a condition as an indicator’s value and a unit other than the declared one', () => {
    const condition = checkWithTargets({ formula: 'numerator > denominator', variables: ['numerator', 'denominator'] }, library);
    expect(condition.issues).toEqual([expect.objectContaining({ code: 'type', line: 1, column: 1 })]);
    const unit = checkWithTargets({ formula: '[HQ-01]', variables: [], unit: '%' }, library);
    expect(unit.issues).toEqual([expect.objectContaining({ code: 'unit_mismatch' })]);
    expect(unit.issues[0]!.message).toContain('天');
    expect(checkWithTargets({ formula: '[HQ-01]', variables: [], unit: '' }, library).ok).toBe(true);
  });
});
