import { issueAt, type Expr, type FormulaIssue, type Span } from './ast.js';
import { constantValue } from './evaluate.js';
import { FORMULA_FUNCTIONS, isAggregateCall } from './functions.js';
import { parseFormula } from './parser.js';

/** What the names of a formula mean, for checkFormula. */
export interface FormulaEnv {
  /** A name's meaning: a data element / variable, or another indicator; undefined = unknown. */
  resolve(name: string): { kind: 'element' | 'indicator'; unit?: string | null } | undefined;
  /** Another indicator's formula (its names resolve through this same env), for cycle checks. */
  indicatorFormula?(code: string): string | undefined;
  /** The code of the indicator whose formula is checked, so that a reference back to it is a cycle. */
  self?: string;
}

/** checkFormula's answer. `unit`: the formula's unit as far as it follows from its names' units. */
export interface FormulaCheck {
  ast: Expr | null;
  issues: FormulaIssue[];
  references: { elements: string[]; indicators: string[] };
  unit: string | null;
  /** What the formula gives: a number (indicators) or a condition (form rules); null when not known. */
  type: 'number' | 'boolean' | null;
}

/** A unit as exponents of named units; {} is dimensionless. */
type Unit = Record<string, number>;

interface Info {
  /** null: not known because of an issue already reported. */
  type: 'number' | 'boolean' | null;
  /** undefined: not known (unknown name); {} dimensionless. */
  unit: Unit | undefined;
  /** Some name inside is (or may be) a data element. */
  hasElement: boolean;
}

const unitOf = (unit: string | null | undefined): Unit => (unit ? { [unit]: 1 } : {});

function combine(a: Unit | undefined, b: Unit | undefined, sign: 1 | -1): Unit | undefined {
  if (!a || !b) return undefined;
  const out: Unit = { ...a };
  for (const [k, e] of Object.entries(b)) {
    const sum = (out[k] ?? 0) + sign * e;
    if (sum === 0) delete out[k];
    else out[k] = sum;
  }
  return out;
}

function formatUnit(unit: Unit | undefined): string | null {
  if (!unit) return null;
  const part = (entries: [string, number][]) => entries.map(([k, e]) => (e === 1 ? k : `${k}^${e}`)).join('·');
  const up = Object.entries(unit).filter(([, e]) => e > 0);
  const down = Object.entries(unit).filter(([, e]) => e < 0).map(([k, e]): [string, number] => [k, -e]);
  if (up.length === 0 && down.length === 0) return null;
  if (down.length === 0) return part(up);
  return `${up.length ? part(up) : '1'}/${down.length > 1 ? `(${part(down)})` : part(down)}`;
}

const sameUnit = (a: Unit, b: Unit) => formatUnit(a) === formatUnit(b);
const hasUnit = (u: Unit | undefined): u is Unit => !!u && Object.keys(u).length > 0;

class Checker {
  readonly issues: FormulaIssue[] = [];
  readonly elements = new Set<string>();
  readonly indicators = new Set<string>();
  /** Indicators already explored without finding a cycle. */
  private readonly acyclic = new Set<string>();

  constructor(
    private readonly source: string,
    private readonly env: FormulaEnv,
  ) {}

  private issue(code: FormulaIssue['code'], span: Span, text: string): void {
    this.issues.push(issueAt(this.source, code, span, text));
  }

  /** The source text of a node, shortened for messages. */
  private quote(expr: Expr): string {
    const text = this.source.slice(expr.span.start, expr.span.end).replace(/\s+/g, ' ');
    return text.length > 24 ? `${text.slice(0, 23)}…` : text;
  }

  private expectNumber(info: Info, expr: Expr, where: string): void {
    if (info.type === 'boolean') this.issue('type', expr.span, `${where}需要数值，“${this.quote(expr)}”却是条件（真/假）`);
  }

  private expectBoolean(info: Info, expr: Expr, where: string): void {
    if (info.type === 'number') this.issue('type', expr.span, `${where}需要条件（如 x > 0），“${this.quote(expr)}”却是数值`);
  }

  /** Operands of +, -, comparisons, IF, MIN/MAX, COALESCE: a unit on both sides must be the same. */
  private sameUnits(exprs: Expr[], infos: Info[], what: string): Unit | undefined {
    let firstIndex = -1;
    for (let i = 0; i < infos.length; i++) {
      const unit = infos[i]!.unit;
      if (!hasUnit(unit)) continue;
      if (firstIndex < 0) {
        firstIndex = i;
        continue;
      }
      const first = infos[firstIndex]!.unit!;
      if (!sameUnit(first, unit)) {
        this.issue(
          'unit_mismatch',
          exprs[i]!.span,
          `单位不一致：“${this.quote(exprs[firstIndex]!)}”的单位是“${formatUnit(first)}”，“${this.quote(exprs[i]!)}”的单位是“${formatUnit(unit)}”，不能${what}`,
        );
        return undefined;
      }
    }
    if (firstIndex >= 0) return infos[firstIndex]!.unit;
    return infos.some((i) => !i.unit) ? undefined : {};
  }

  walk(expr: Expr, inAggregate: boolean): Info {
    switch (expr.kind) {
      case 'number':
        return { type: 'number', unit: {}, hasElement: false };
      case 'name':
        return this.name(expr, inAggregate);
      case 'unary': {
        const info = this.walk(expr.operand, inAggregate);
        if (expr.op === 'NOT') {
          this.expectBoolean(info, expr.operand, 'NOT 后面');
          return { type: 'boolean', unit: {}, hasElement: info.hasElement };
        }
        this.expectNumber(info, expr.operand, '负号后面');
        return { type: 'number', unit: info.unit, hasElement: info.hasElement };
      }
      case 'binary':
        return this.binary(expr, inAggregate);
      case 'call':
        return this.call(expr, inAggregate);
    }
  }

  private name(expr: Extract<Expr, { kind: 'name' }>, inAggregate: boolean): Info {
    const meaning = this.env.resolve(expr.name);
    if (!meaning) {
      const fn = FORMULA_FUNCTIONS[expr.name.toUpperCase()];
      this.issue('unknown_name', expr.span, fn && !expr.quoted ? `未知的名称“${expr.name}”：调用函数请写作 ${fn.usage}` : `未知的名称“${expr.name}”`);
      return { type: 'number', unit: undefined, hasElement: true };
    }
    if (meaning.kind === 'element') {
      this.elements.add(expr.name);
      return { type: 'number', unit: unitOf(meaning.unit), hasElement: true };
    }
    this.indicators.add(expr.name);
    if (inAggregate) this.issue('type', expr.span, `聚合函数中不能引用指标“${expr.name}”：指标已是汇总后的值`);
    const cycle = this.cycleThrough(expr.name, this.env.self !== undefined ? [this.env.self] : []);
    if (cycle) this.issue('cycle', expr.span, `循环引用：${cycle.join(' → ')}`);
    return { type: 'number', unit: unitOf(meaning.unit), hasElement: false };
  }

  /** The first cycle reached through indicator `code` (stack: the indicators on the way to it), or null. */
  private cycleThrough(code: string, stack: string[]): string[] | null {
    const at = stack.indexOf(code);
    if (at >= 0) return [...stack.slice(at), code];
    if (this.acyclic.has(code)) return null;
    const formula = this.env.indicatorFormula?.(code);
    const ast = formula === undefined ? null : parseFormula(formula).ast;
    if (ast) {
      for (const next of indicatorNames(ast, this.env)) {
        const cycle = this.cycleThrough(next, [...stack, code]);
        if (cycle) return cycle;
      }
    }
    this.acyclic.add(code);
    return null;
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>, inAggregate: boolean): Info {
    const left = this.walk(expr.left, inAggregate);
    const right = this.walk(expr.right, inAggregate);
    const hasElement = left.hasElement || right.hasElement;
    if (expr.op === 'AND' || expr.op === 'OR') {
      this.expectBoolean(left, expr.left, `${expr.op} 两边`);
      this.expectBoolean(right, expr.right, `${expr.op} 两边`);
      return { type: 'boolean', unit: {}, hasElement };
    }
    this.expectNumber(left, expr.left, `“${expr.op}”两边`);
    this.expectNumber(right, expr.right, `“${expr.op}”两边`);
    switch (expr.op) {
      case '+':
      case '-':
        return { type: 'number', unit: this.sameUnits([expr.left, expr.right], [left, right], expr.op === '+' ? '相加' : '相减'), hasElement };
      case '*':
        return { type: 'number', unit: combine(left.unit, right.unit, 1), hasElement };
      case '/':
        if (constantValue(expr.right) === 0) this.issue('division_by_zero', expr.right.span, `除数“${this.quote(expr.right)}”恒为0`);
        return { type: 'number', unit: combine(left.unit, right.unit, -1), hasElement };
      default:
        this.sameUnits([expr.left, expr.right], [left, right], '比较');
        return { type: 'boolean', unit: {}, hasElement };
    }
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, inAggregate: boolean): Info {
    const fn = FORMULA_FUNCTIONS[expr.name];
    const aggregate = isAggregateCall(expr);
    if (!fn) {
      this.issue('unknown_name', expr.nameSpan, `未知的函数“${this.source.slice(expr.nameSpan.start, expr.nameSpan.end)}”，可用的函数：${Object.keys(FORMULA_FUNCTIONS).join('、')}`);
      const infos = expr.args.map((a) => this.walk(a, inAggregate));
      return { type: null, unit: undefined, hasElement: infos.some((i) => i.hasElement) };
    }
    if (expr.args.length < fn.minArgs || expr.args.length > fn.maxArgs) {
      const count = fn.minArgs === fn.maxArgs ? `${fn.minArgs}个` : fn.maxArgs === Infinity ? `至少${fn.minArgs}个` : `${fn.minArgs}到${fn.maxArgs}个`;
      this.issue('arity', expr.span, `函数 ${expr.name} 需要${count}参数，实际有${expr.args.length}个；用法：${fn.usage}`);
      expr.args.forEach((a) => this.walk(a, inAggregate || aggregate));
      return { type: expr.name === 'IF' ? null : 'number', unit: undefined, hasElement: true };
    }
    if (aggregate) return this.aggregateCall(expr, inAggregate);
    const infos = expr.args.map((a) => this.walk(a, inAggregate));
    const hasElement = infos.some((i) => i.hasElement);
    const where = `函数 ${expr.name} 的参数`;
    switch (expr.name) {
      case 'IF': {
        this.expectBoolean(infos[0]!, expr.args[0]!, 'IF 的第一个参数');
        const [a, b] = [infos[1]!, infos[2]!];
        if (a.type && b.type && a.type !== b.type) {
          this.issue('type', expr.args[2]!.span, `IF 的两个结果应同为数值或同为条件：“${this.quote(expr.args[1]!)}”与“${this.quote(expr.args[2]!)}”不同`);
        }
        const unit = this.sameUnits(expr.args.slice(1), [a, b], '作为 IF 的两个结果');
        return { type: a.type ?? b.type, unit, hasElement };
      }
      case 'ROUND':
        this.expectNumber(infos[0]!, expr.args[0]!, where);
        if (expr.args[1]) {
          const d = constantValue(expr.args[1]);
          if (typeof d !== 'number' || !Number.isInteger(d) || Math.abs(d) > 15) {
            this.issue('type', expr.args[1].span, `ROUND 的小数位数应为-15到15之间的整数常数，如 ROUND(x, 2)`);
          }
        }
        return { type: 'number', unit: infos[0]!.unit, hasElement };
      case 'ABS':
        this.expectNumber(infos[0]!, expr.args[0]!, where);
        return { type: 'number', unit: infos[0]!.unit, hasElement };
      default: {
        // COALESCE and MIN/MAX over several values
        expr.args.forEach((a, i) => this.expectNumber(infos[i]!, a, where));
        return { type: 'number', unit: this.sameUnits(expr.args, infos, `一起用在 ${expr.name} 中`), hasElement };
      }
    }
  }

  private aggregateCall(expr: Extract<Expr, { kind: 'call' }>, inAggregate: boolean): Info {
    if (inAggregate) this.issue('type', expr.nameSpan, `聚合函数 ${expr.name} 不能用在另一个聚合函数里`);
    const arg = expr.args[0]!;
    const info = this.walk(arg, true);
    this.expectNumber(info, arg, `函数 ${expr.name} 的参数`);
    if (!info.hasElement) this.issue('type', arg.span, `聚合函数 ${expr.name} 的参数中应有数据元素，如 ${expr.name}(deaths)`);
    if (expr.name === 'PERCENTILE') {
      const p = constantValue(expr.args[1]!);
      if (typeof p !== 'number' || p < 0 || p > 100) this.issue('type', expr.args[1]!.span, `PERCENTILE 的第二个参数应为0到100之间的常数，如 PERCENTILE(x, 90)`);
    }
    return { type: 'number', unit: expr.name === 'COUNT' ? {} : info.unit, hasElement: info.hasElement };
  }
}

/** The names of a formula that `env` calls indicators. */
function indicatorNames(expr: Expr, env: FormulaEnv, out = new Set<string>()): Set<string> {
  if (expr.kind === 'name') {
    if (env.resolve(expr.name)?.kind === 'indicator') out.add(expr.name);
  } else if (expr.kind === 'unary') indicatorNames(expr.operand, env, out);
  else if (expr.kind === 'binary') {
    indicatorNames(expr.left, env, out);
    indicatorNames(expr.right, env, out);
  } else if (expr.kind === 'call') for (const arg of expr.args) indicatorNames(arg, env, out);
  return out;
}

/**
 * Parses and checks a formula: syntax, unknown names and functions, cycles through indicator
 * references, a constant zero divisor, unit mismatches, arity, nested aggregates, PERCENTILE's p and
 * ROUND's digits, and conditions used as numbers or the reverse. Issues are in source order.
 */
export function checkFormula(source: string, env: FormulaEnv): FormulaCheck {
  const parsed = parseFormula(source);
  if (!parsed.ast) return { ast: null, issues: parsed.issues, references: { elements: [], indicators: [] }, unit: null, type: null };
  const checker = new Checker(source, env);
  const info = checker.walk(parsed.ast, false);
  const issues = checker.issues.sort((a, b) => a.offset - b.offset);
  return {
    ast: parsed.ast,
    issues,
    references: { elements: [...checker.elements], indicators: [...checker.indicators] },
    unit: formatUnit(info.unit),
    type: info.type,
  };
}
