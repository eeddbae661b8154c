import { FormulaIssue } from './indicator-models';
import { formulaVariables, highlightFormula, issueStart, issueText } from './formula-highlight';

function issue(overrides: Partial<FormulaIssue>): FormulaIssue {
  return { code: 'unknown_name', message: '未知的名称', offset: 0, line: 1, column: 1, length: 1, ...overrides };
}

describe('highlightFormula', () => {
  it('marks exactly the span the issue names and keeps the rest as plain text', () => {
    const source = 'deth / denominator * 100';
    const segments = highlightFormula(source, [issue({ offset: 0, length: 4, message: '未知的名称“deth”' })]);
    expect(segments).toEqual([
      { text: 'deth', issue: 0 },
      { text: ' / denominator * 100', issue: null },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(source);
  });

  it('handles two issues in one formula, in source order, whatever order they arrive in', () => {
    const source = 'a / 0 + b';
    const segments = highlightFormula(source, [
      issue({ offset: 8, length: 1, column: 9 }),
      issue({ code: 'division_by_zero', offset: 4, length: 1, column: 5 }),
    ]);
    expect(segments.filter((s) => s.issue !== null).map((s) => [s.text, s.issue])).toEqual([
      ['0', 1],
      ['b', 0],
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(source);
  });

  it('draws a zero-length issue at the end as a marker (公式不完整)', () => {
    const segments = highlightFormula('a +', [issue({ code: 'syntax', offset: 3, length: 0, column: 4 })]);
    expect(segments.at(-1)).toEqual({ text: '', issue: 0, marker: true });
    expect(segments.map((s) => s.text).join('')).toBe('a +');
  });

  it('does not repeat text when issues overlap', () => {
    const source = 'SUM(x, y)';
    const segments = highlightFormula(source, [
      issue({ code: 'arity', offset: 0, length: 9 }),
      issue({ offset: 4, length: 1, column: 5 }),
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(source);
  });

  it('finds the start from line and column when there is no offset', () => {
    expect(issueStart('a +\nb / c', { offset: -1, line: 2, column: 3 })).toBe(6);
  });
});

describe('issueText', () => {
  it('puts the position before the message unless the server already did', () => {
    expect(issueText(issue({ line: 1, column: 9, message: '未知的名称“deth”' }))).toBe('第1行第9列：未知的名称“deth”');
    expect(issueText(issue({ message: '第1行第9列：未知的名称“deth”' }))).toBe('第1行第9列：未知的名称“deth”');
    expect(issueText(issue({ message: '规则2：第1行第3列：未知的名称“x”' }))).toBe('规则2：第1行第3列：未知的名称“x”');
  });
});

describe('formulaVariables', () => {
  it('lists bare names once, without functions, keywords or bracketed codes', () => {
    expect(formulaVariables('IF(denominator > 0, numerator / denominator * 100, 0) + [HQ-02] + numerator')).toEqual([
      'denominator',
      'numerator',
    ]);
    expect(formulaVariables('MEDIAN(durations)')).toEqual(['durations']);
    expect(formulaVariables('死亡人数 / 出院人数 * 1000')).toEqual(['死亡人数', '出院人数']);
  });
});
