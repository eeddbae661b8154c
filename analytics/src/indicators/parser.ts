import { issueAt, type ComparisonOp, type Expr, type FormulaIssue, type Span } from './ast.js';

type TokenType = 'number' | 'identifier' | 'keyword' | 'bracket' | 'string' | 'punct' | 'eof';

interface Token {
  type: TokenType;
  /** Number text, identifier, upper-case keyword, bracket/string content, or the punctuation itself. */
  value: string;
  span: Span;
}

/** Thrown inside the parser at the first syntax error; parseFormula turns it into an issue. */
class SyntaxProblem extends Error {
  constructor(
    readonly span: Span,
    readonly text: string,
  ) {
    super(text);
  }
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT']);
const COMPARISONS: Record<string, ComparisonOp> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const PUNCTUATION = ['<=', '>=', '<>', '!=', '+', '-', '*', '/', '(', ')', ',', '=', '<', '>'];
// Chinese input methods type these instead of the ASCII operators; say which one was meant.
const FULL_WIDTH: Record<string, string> = {
  '（': '(', '）': ')', '，': ',', '＋': '+', '－': '-', '—': '-', '×': '*', '＊': '*', '÷': '/', '／': '/',
  '＝': '=', '＜': '<', '＞': '>', '≤': '<=', '≥': '>=', '≠': '!=', '【': '[', '】': ']', '“': '"', '”': '"',
};
/** Longer or deeper formulas are refused rather than risk the call stack of the recursive passes. */
const MAX_LENGTH = 4000;
const MAX_DEPTH = 100;
const IDENTIFIER = /[\p{L}_][\p{L}\p{M}\p{N}_]*/uy;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(source);
    if (number) {
      const end = i + number[0].length;
      // `1e` or `2x`: a number glued to letters is a typo, not a number followed by a name
      IDENTIFIER.lastIndex = end;
      if (IDENTIFIER.exec(source)) throw new SyntaxProblem({ start: i, end: IDENTIFIER.lastIndex }, `无法识别“${source.slice(i, IDENTIFIER.lastIndex)}”：数字后面缺少运算符`);
      if (!Number.isFinite(Number(number[0]))) throw new SyntaxProblem({ start: i, end }, `数字“${number[0]}”超出范围`);
      tokens.push({ type: 'number', value: number[0], span: { start: i, end } });
      i = end;
      continue;
    }
    IDENTIFIER.lastIndex = i;
    const identifier = IDENTIFIER.exec(source);
    if (identifier) {
      const end = i + identifier[0].length;
      const upper = identifier[0].toUpperCase();
      tokens.push(KEYWORDS.has(upper) ? { type: 'keyword', value: upper, span: { start: i, end } } : { type: 'identifier', value: identifier[0], span: { start: i, end } });
      i = end;
      continue;
    }
    if (ch === '[' || ch === '"') {
      const close = ch === '[' ? ']' : '"';
      const end = source.indexOf(close, i + 1);
      const what = ch === '[' ? '方括号“[”' : '双引号“"”';
      if (end < 0) throw new SyntaxProblem({ start: i, end: i + 1 }, `${what}没有闭合，请补上“${close}”`);
      const newline = source.slice(i + 1, end).search(/[\r\n]/);
      if (newline >= 0) throw new SyntaxProblem({ start: i, end: i + 1 }, `${what}没有在同一行闭合，请补上“${close}”`);
      const content = source.slice(i + 1, end).trim();
      if (!content) throw new SyntaxProblem({ start: i, end: end + 1 }, ch === '[' ? '方括号中缺少名称或编码' : '双引号中缺少名称或编码');
      tokens.push({ type: ch === '[' ? 'bracket' : 'string', value: content, span: { start: i, end: end + 1 } });
      i = end + 1;
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (punct) {
      if (punct === '=' && source[i + 1] === '=') throw new SyntaxProblem({ start: i, end: i + 2 }, '“==”无法识别：相等请写作“=”');
      tokens.push({ type: 'punct', value: punct, span: { start: i, end: i + punct.length } });
      i += punct.length;
      continue;
    }
    const char = String.fromCodePoint(source.codePointAt(i)!);
    const span = { start: i, end: i + char.length };
    if (FULL_WIDTH[char]) throw new SyntaxProblem(span, `无法识别的字符“${char}”：请改用半角的“${FULL_WIDTH[char]}”`);
    if (source.startsWith('&&', i) || source.startsWith('||', i)) {
      throw new SyntaxProblem({ start: i, end: i + 2 }, `“${source.slice(i, i + 2)}”无法识别：请改用 ${char === '&' ? 'AND' : 'OR'}`);
    }
    if (char === '!') throw new SyntaxProblem(span, '“!”无法识别：取反请用 NOT，不等于请用“!=”或“<>”');
    throw new SyntaxProblem(span, `无法识别的字符“${char}”`);
  }
  tokens.push({ type: 'eof', value: '', span: { start: source.length, end: source.length } });
  return tokens;
}

const join = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });

/**
 * Recursive descent, loosest binding first: OR < AND < NOT < comparison (one per level, no chains)
 * < + - < * / < unary minus < primary. Stops at the first syntax error.
 */
class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Expr {
    if (this.peek().type === 'eof') throw new SyntaxProblem({ start: 0, end: 0 }, '公式为空，请输入公式');
    const expr = this.parseOr();
    const next = this.peek();
    if (next.type !== 'eof') {
      if (next.value === ')' && next.type === 'punct') throw new SyntaxProblem(next.span, '多余的右括号“)”');
      if (this.startsValue(next)) throw new SyntaxProblem(next.span, `“${this.text(next)}”前面缺少运算符`);
      throw new SyntaxProblem(next.span, `多余的内容“${this.text(next)}”`);
    }
    return expr;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.pos++;
    return token;
  }

  private isPunct(value: string, token = this.peek()): boolean {
    return token.type === 'punct' && token.value === value;
  }

  private isKeyword(value: string, token = this.peek()): boolean {
    return token.type === 'keyword' && token.value === value;
  }

  private text(token: Token): string {
    return this.source.slice(token.span.start, token.span.end);
  }

  private startsValue(token: Token): boolean {
    return ['number', 'identifier', 'bracket', 'string'].includes(token.type) || this.isPunct('(', token) || this.isKeyword('NOT', token);
  }

  /** Runs a nested parse, refusing nesting deeper than MAX_DEPTH. */
  private nested<T>(at: Token, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new SyntaxProblem(at.span, `公式嵌套过深（超过${MAX_DEPTH}层），请拆成几个指标`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword('OR')) {
      this.next();
      const right = this.parseAnd();
      left = { kind: 'binary', op: 'OR', left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword('AND')) {
      this.next();
      const right = this.parseNot();
      left = { kind: 'binary', op: 'AND', left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isKeyword('NOT')) {
      const not = this.next();
      const operand = this.nested(not, () => this.parseNot());
      return { kind: 'unary', op: 'NOT', operand, span: join(not.span, operand.span) };
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const token = this.peek();
    const op = token.type === 'punct' ? COMPARISONS[token.value] : undefined;
    if (!op) return left;
    this.next();
    const right = this.parseAdditive();
    const again = this.peek();
    if (again.type === 'punct' && COMPARISONS[again.value]) {
      throw new SyntaxProblem(again.span, `比较不能连写：请用 AND 连接，如 a < b AND b < c`);
    }
    return { kind: 'binary', op, left, right, span: join(left.span, right.span) };
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isPunct('+') || this.isPunct('-')) {
      const op = this.next().value as '+' | '-';
      const right = this.parseMultiplicative();
      left = { kind: 'binary', op, left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isPunct('*') || this.isPunct('/')) {
      const op = this.next().value as '*' | '/';
      const right = this.parseUnary();
      left = { kind: 'binary', op, left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.isPunct('-') || this.isPunct('+')) {
      const sign = this.next();
      const operand = this.nested(sign, () => this.parseUnary());
      const span = join(sign.span, operand.span);
      return sign.value === '-' ? { kind: 'unary', op: '-', operand, span } : { ...operand, span };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    switch (token.type) {
      case 'number':
        this.next();
        return { kind: 'number', value: Number(token.value), span: token.span };
      case 'bracket':
        this.next();
        return { kind: 'name', name: token.value, quoted: true, span: token.span };
      case 'identifier':
        this.next();
        if (this.isPunct('(')) return this.parseCall(token);
        return { kind: 'name', name: token.value, quoted: false, span: token.span };
      case 'string':
        throw new SyntaxProblem(token.span, `字符串“${token.value}”只能直接用作函数的参数，如 SUM("${token.value}")；其他位置请写成 [${token.value}]`);
      case 'eof':
        throw new SyntaxProblem(token.span, '公式不完整：末尾缺少数值或名称');
      default:
        break;
    }
    if (this.isPunct('(')) {
      const open = this.next();
      const inner = this.nested(open, () => this.parseOr());
      this.expectClose(open, '括号“(”', false);
      return { ...inner, span: join(open.span, this.tokens[this.pos - 1]!.span) };
    }
    throw new SyntaxProblem(token.span, `“${this.text(token)}”前面缺少数值或名称`);
  }

  private parseCall(name: Token): Expr {
    const open = this.next();
    const args: Expr[] = [];
    if (!this.isPunct(')')) {
      for (;;) {
        args.push(this.nested(open, () => this.parseArgument()));
        if (!this.isPunct(',')) break;
        this.next();
      }
    }
    this.expectClose(open, `函数“${name.value}”的括号“(”`, true);
    const close = this.tokens[this.pos - 1]!;
    return { kind: 'call', name: name.value.toUpperCase(), args, span: join(name.span, close.span), nameSpan: name.span };
  }

  /** A function argument; a lone string here names an element or indicator, like `[…]`. */
  private parseArgument(): Expr {
    const token = this.peek();
    const after = this.peek(1);
    if (token.type === 'string' && (this.isPunct(',', after) || this.isPunct(')', after))) {
      this.next();
      return { kind: 'name', name: token.value, quoted: true, span: token.span };
    }
    return this.parseOr();
  }

  private expectClose(open: Token, what: string, inCall: boolean): void {
    const token = this.peek();
    if (this.isPunct(')')) {
      this.next();
      return;
    }
    if (token.type === 'eof') throw new SyntaxProblem(open.span, `${what}没有闭合，请补上“)”`);
    const expected = inCall ? '“,”或“)”' : '“)”';
    if (this.startsValue(token)) throw new SyntaxProblem(token.span, `“${this.text(token)}”前面缺少运算符${inCall ? '或“,”' : ''}`);
    throw new SyntaxProblem(token.span, `此处应为${expected}，却是“${this.text(token)}”`);
  }
}

/** Parses a formula into its AST; a syntax error gives `ast: null` and one issue with its position. */
export function parseFormula(source: string): { ast: Expr | null; issues: FormulaIssue[] } {
  try {
    if (source.length > MAX_LENGTH) throw new SyntaxProblem({ start: MAX_LENGTH, end: source.length }, `公式过长（超过${MAX_LENGTH}个字符），请拆成几个指标`);
    return { ast: new Parser(source, tokenize(source)).parse(), issues: [] };
  } catch (e) {
    if (e instanceof SyntaxProblem) return { ast: null, issues: [issueAt(source, 'syntax', e.span, e.text)] };
    throw e;
  }
}
