import { checkFormula, type FormulaEnv, type FormulaIssue } from '@qc/analytics';
import type { Db } from './context.js';

/** What the library knows of an indicator when a formula names it. */
export interface FormulaTarget {
  code: string;
  unit: string;
  formula: string;
  variables: string[];
}

/** The answer of a formula check, as the API returns it. */
export interface FormulaCheck {
  ok: boolean;
  issues: FormulaIssue[];
  references: { elements: string[]; indicators: string[] };
  unit: string | null;
}

export interface FormulaSubject {
  formula: string;
  /** The indicator's own variables (`numerator`, `denominator`, `durations`, …). */
  variables: string[];
  /** The indicator's declared unit; a formula whose derived unit differs is refused. */
  unit?: string | null;
  /** The code the formula belongs to (new or revised): a reference back to it is a cycle. */
  code?: string | null;
}

/** The current formula, unit and variables of every active indicator, by code. */
export async function loadFormulaTargets(db: Db): Promise<Map<string, FormulaTarget>> {
  const rows = (await db('indicators as i')
    .join('indicator_versions as v', (j) => j.on('v.indicator_id', 'i.id').andOn('v.version', 'i.current_version'))
    .where('i.status', 'active')
    .select('i.code', 'v.unit', 'v.formula', 'v.variables')) as { code: string; unit: string; formula: string; variables: Record<string, string> | null }[];
  return new Map(rows.map((r) => [r.code, { code: r.code, unit: r.unit, formula: r.formula, variables: Object.keys(r.variables ?? {}) }]));
}

/**
 * The names a formula may use: its indicator's variables are data elements of unknown unit; `[CODE]`
 * is another indicator (whose formula the checker follows to refuse cycles); `[CODE:variable]` is one
 * variable of another indicator. The subject's own code answers with the formula being checked, so a
 * chain that comes back to it is a cycle even before it is saved.
 */
export function formulaEnv(subject: FormulaSubject, targets: Map<string, FormulaTarget>): FormulaEnv {
  const own = new Set(subject.variables);
  return {
    ...(subject.code ? { self: subject.code } : {}),
    resolve(name) {
      if (own.has(name)) return { kind: 'element', unit: null };
      if (subject.code && name === subject.code) return { kind: 'indicator', unit: subject.unit ?? null };
      const target = targets.get(name);
      if (target) return { kind: 'indicator', unit: target.unit || null };
      const colon = name.indexOf(':');
      if (colon > 0) {
        const of = targets.get(name.slice(0, colon));
        if (of?.variables.includes(name.slice(colon + 1))) return { kind: 'element', unit: null };
      }
      return undefined;
    },
    indicatorFormula(code) {
      if (subject.code && code === subject.code) return subject.formula;
      return targets.get(code)?.formula;
    },
  };
}

/** Checks a formula against the library with the formula engine of @qc/analytics. */
export function checkWithTargets(subject: FormulaSubject, targets: Map<string, FormulaTarget>): FormulaCheck {
  const result = checkFormula(subject.formula, formulaEnv(subject, targets));
  const issues = [...result.issues];
  const whole = { offset: 0, line: 1, column: 1, length: subject.formula.length };
  // An indicator's formula gives its value: a condition (true/false) belongs in a form rule, not here.
  if (!issues.length && result.type === 'boolean') {
    issues.push({ code: 'type', message: '第1行第1列：指标公式应计算出数值，这个公式得到的是条件（真/假）', ...whole });
  }
  const declared = subject.unit?.trim() || null;
  if (!issues.length && declared && result.unit && result.unit !== declared) {
    issues.push({
      code: 'unit_mismatch',
      message: `第1行第1列：公式结果的单位“${result.unit}”与指标单位“${declared}”不一致`,
      ...whole,
    });
  }
  return { ok: issues.length === 0, issues, references: result.references, unit: result.unit };
}

/** Checks a formula against the current library. */
export async function checkIndicatorFormula(subject: FormulaSubject, db: Db): Promise<FormulaCheck> {
  return checkWithTargets(subject, await loadFormulaTargets(db));
}
