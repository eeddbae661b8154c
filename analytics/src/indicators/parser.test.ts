import { describe, expect, test } from 'vitest';
import type { Expr } from './ast.js';
import { parseFormula } from './parser.js';

/** The AST written back with every operation in parentheses, to read precedence at a glance. */
function show(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return String(expr.value);
    case 'name':
      return expr.quoted ? `[${expr.name}]` : expr.name;
    case 'unary':
      return expr.op === 'NOT' ? `(NOT ${show(expr.operand)})` : `(-${show(expr.operand)})`;
    case 'binary':
      return `(${show(expr.left)} ${expr.op} ${show(expr.right)})`;
    case 'call':
      return `${expr.name}(${expr.args.map(show).join(', ')})`;
  }
}

const parsed = (source: string) => {
  const result = parseFormula(source);
  expect(result.issues).toEqual([]);
  return show(result.ast!);
};

const issue = (source: string) => {
  const result = parseFormula(source);
  expect(result.ast).toBeNull();
  expect(result.issues).toHaveLength(1);
  return result.issues[0]!;
};

describe('precedence and associativity', () => {
  test.each([
    ['numerator / denominator * 100', '((numerator / denominator) * 100)'],
    ['a + b * c', '(a + (b * c))'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b / c', '((a / b) / c)'],
    ['(a + b) * c', '((a + b) * c)'],
    ['-a * b', '((-a) * b)'],
    ['a - -b', '(a - (-b))'],
    ['+a', 'a'],
    ['a + b > c * 2', '((a + b) > (c * 2))'],
    ['a > 1 AND b < 2 OR c = 3', '(((a > 1) AND (b < 2)) OR (c = 3))'],
    ['a > 1 OR b < 2 AND c = 3', '((a > 1) OR ((b < 2) AND (c = 3)))'],
    ['NOT a > 1 AND b', '((NOT (a > 1)) AND b)'],
    ['not not x = 1', '(NOT (NOT (x = 1)))'],
    ['a <> b', '(a != b)'],
    ['a != b', '(a != b)'],
    ['a >= 1 and b <= 2', '((a >= 1) AND (b <= 2))'],
  ])('%s', (source, tree) => {
    expect(parsed(source)).toBe(tree);
  });
});

describe('literals, names and calls', () => {
  test('numbers: integers, decimals, exponents', () => {
    expect(parsed('12 + 0.5 + .25 + 1e3 + 2.5E-2')).toBe('((((12 + 0.5) + 0.25) + 1000) + 0.025)');
  });

  test('Chinese names, bracketed codes, strings as arguments', () => {
    expect(parsed('死亡人数 / 出院人数 * 100')).toBe('((死亡人数 / 出院人数) * 100)');
    expect(parsed('[HQ-02] - [MRQ-01:numerator]')).toBe('([HQ-02] - [MRQ-01:numerator])');
    expect(parsed('[ 出院 人数 ]')).toBe('[出院 人数]');
    expect(parsed('SUM("HQ-02") + COALESCE("a b", 0)')).toBe('(SUM([HQ-02]) + COALESCE([a b], 0))');
  });

  test('functions are case-insensitive, names keep their case', () => {
    expect(parsed('median(Durations) + Percentile(durations, 90)')).toBe('(MEDIAN(Durations) + PERCENTILE(durations, 90))');
    expect(parsed('IF(a > b, round(a, 2), -1)')).toBe('IF((a > b), ROUND(a, 2), (-1))');
    expect(parsed('COALESCE()')).toBe('COALESCE()');
  });

  test('every node carries its span', () => {
    const { ast } = parseFormula(' SUM( x ) / [HQ-02]');
    expect(ast).toMatchObject({
      kind: 'binary',
      span: { start: 1, end: 19 },
      left: { kind: 'call', span: { start: 1, end: 9 }, nameSpan: { start: 1, end: 4 }, args: [{ kind: 'name', name: 'x', span: { start: 6, end: 7 } }] },
      right: { kind: 'name', name: 'HQ-02', span: { start: 12, end: 19 } },
    });
    // parentheses belong to the expression they enclose
    expect(parseFormula('(a + b)').ast!.span).toEqual({ start: 0, end: 7 });
  });

  test('whitespace and newlines anywhere between tokens, including the ideographic space', () => {
    expect(parsed('a\n  +\r\n\tb　* c')).toBe('(a + (b * c))');
  });
});

describe('syntax errors carry their position', () => {
  test('empty formula', () => {
    expect(issue('   ')).toEqual({ code: 'syntax', message: '第1行第1列：公式为空，请输入公式', offset: 0, line: 1, column: 1, length: 0 });
  });

  test('unclosed parenthesis points at the opening one', () => {
    expect(issue('a * (b + c')).toMatchObject({ offset: 4, line: 1, column: 5, length: 1, message: '第1行第5列：括号“(”没有闭合，请补上“)”' });
    expect(issue('SUM(a')).toMatchObject({ offset: 3, message: '第1行第4列：函数“SUM”的括号“(”没有闭合，请补上“)”' });
  });

  test('unclosed bracket or string', () => {
    expect(issue('a + [HQ-02')).toMatchObject({ offset: 4, column: 5, message: '第1行第5列：方括号“[”没有闭合，请补上“]”' });
    expect(issue('[]')).toMatchObject({ offset: 0, length: 2, message: '第1行第1列：方括号中缺少名称或编码' });
    expect(issue('SUM("HQ-02)')).toMatchObject({ offset: 4, message: '第1行第5列：双引号“"”没有闭合，请补上“"”' });
  });

  test('unexpected tokens', () => {
    expect(issue('a + * b')).toMatchObject({ offset: 4, message: '第1行第5列：“*”前面缺少数值或名称' });
    expect(issue('a +')).toMatchObject({ offset: 3, length: 0, message: '第1行第4列：公式不完整：末尾缺少数值或名称' });
    expect(issue('SUM(a b)')).toMatchObject({ offset: 6, message: '第1行第7列：“b”前面缺少运算符或“,”' });
    expect(issue('(a b)')).toMatchObject({ offset: 3, message: '第1行第4列：“b”前面缺少运算符' });
    expect(issue('(a ,b)')).toMatchObject({ offset: 3, message: '第1行第4列：此处应为“)”，却是“,”' });
    expect(issue('a AND OR b')).toMatchObject({ offset: 6, message: '第1行第7列：“OR”前面缺少数值或名称' });
  });

  test('trailing input', () => {
    expect(issue('a + b)')).toMatchObject({ offset: 5, message: '第1行第6列：多余的右括号“)”' });
    expect(issue('a + b c')).toMatchObject({ offset: 6, message: '第1行第7列：“c”前面缺少运算符' });
    expect(issue('a, b')).toMatchObject({ offset: 1, message: '第1行第2列：多余的内容“,”' });
  });

  test('positions count lines and columns (1-based) across newlines', () => {
    expect(issue('numerator /\n  denominator *')).toMatchObject({ offset: 27, line: 2, column: 16 });
    expect(issue('a +\r\n  # b')).toMatchObject({ offset: 7, line: 2, column: 3, message: '第2行第3列：无法识别的字符“#”' });
  });

  test('typing habits get a hint: full-width punctuation, ==, &&, !, chained comparisons, glued numbers', () => {
    expect(issue('SUM（a）').message).toBe('第1行第4列：无法识别的字符“（”：请改用半角的“(”');
    expect(issue('a × b').message).toBe('第1行第3列：无法识别的字符“×”：请改用半角的“*”');
    expect(issue('a == b').message).toBe('第1行第3列：“==”无法识别：相等请写作“=”');
    expect(issue('a > 1 && b > 2').message).toBe('第1行第7列：“&&”无法识别：请改用 AND');
    expect(issue('!a').message).toBe('第1行第1列：“!”无法识别：取反请用 NOT，不等于请用“!=”或“<>”');
    expect(issue('0 < a < 10').message).toBe('第1行第7列：比较不能连写：请用 AND 连接，如 a < b AND b < c');
    expect(issue('2a + 1')).toMatchObject({ offset: 0, length: 2, message: '第1行第1列：无法识别“2a”：数字后面缺少运算符' });
  });

  test('a string is a name only as a whole argument', () => {
    expect(issue('"HQ-02" + 1').message).toBe('第1行第1列：字符串“HQ-02”只能直接用作函数的参数，如 SUM("HQ-02")；其他位置请写成 [HQ-02]');
    expect(issue('SUM("a" + 1)').offset).toBe(4);
  });

  test('a number too large for a double', () => {
    expect(issue('1e999').message).toBe('第1行第1列：数字“1e999”超出范围');
  });
});

describe('limits', () => {
  test('deep nesting and very long formulas are refused, not a stack overflow', () => {
    expect(issue(`${'('.repeat(150)}a${')'.repeat(150)}`)).toMatchObject({ code: 'syntax', offset: 100, message: '第1行第101列：公式嵌套过深（超过100层），请拆成几个指标' });
    expect(issue(`${'-'.repeat(150)}a`).offset).toBe(100);
    expect(issue(`a${' + a'.repeat(1000)}`)).toMatchObject({ offset: 4000, message: '第1行第4001列：公式过长（超过4000个字符），请拆成几个指标' });
  });

  test('the longest formula allowed still parses', () => {
    const source = `a${' + a'.repeat(799)}`;
    expect(source.length).toBeLessThanOrEqual(4000);
    expect(parseFormula(source).issues).toEqual([]);
  });
});
