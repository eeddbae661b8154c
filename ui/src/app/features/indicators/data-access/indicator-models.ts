/** Shapes of the /api/indicators answers (docs/indicators-analytics.md §2). */

export type IndicatorOrigin = 'national' | 'custom';
export type IndicatorBinding = 'discharge' | 'reported';
export type IndicatorDirection = 'higher_better' | 'lower_better' | 'target_range';
export type IndicatorKind = 'rate' | 'ratio' | 'median' | 'mean' | 'index' | 'percentile' | string;

/** One row of GET /api/indicators. */
export interface IndicatorSummary {
  code: string;
  name: string;
  specialty: string;
  unit: string | null;
  direction: IndicatorDirection;
  kind: IndicatorKind;
  origin: IndicatorOrigin;
  binding: IndicatorBinding;
  version: number;
  ownerCenter: { id: number; name: string } | null;
  uncertain: boolean;
  updatedAt: string;
}

/** GET /api/indicators. */
export interface IndicatorList {
  items: IndicatorSummary[];
  total: number;
  specialties: { name: string; count: number }[];
}

/** A target value as the library states it, e.g. ≤ 30 %. */
export interface IndicatorTarget {
  value: number | null;
  comparator: string | null;
  text: string | null;
  source?: string | null;
  uncertain?: boolean;
}

/** One entry of an indicator's version history. */
export interface IndicatorVersionRef {
  version: number;
  origin: 'library' | 'local';
  libraryVersion: string | null;
  changeNote: string | null;
  createdBy: string | { id: number; name?: string | null } | null;
  createdAt: string;
}

/** The full definition of one version (GET /api/indicators/{code}/versions/{version}). */
export interface IndicatorDefinition {
  code: string;
  name: string;
  specialty: string;
  unit: string | null;
  direction: IndicatorDirection;
  kind: IndicatorKind;
  version: number;
  definition: string | null;
  numerator: string | null;
  denominator: string | null;
  formula: string | null;
  /** Variable name → what it counts. */
  variables: Record<string, string> | null;
  source: string | null;
  officialCode: string | null;
  target: IndicatorTarget | null;
  notes: string | null;
  uncertain: boolean;
  uncertainFields: string[] | null;
  libraryVersion: string | null;
  changeNote?: string | null;
  origin?: IndicatorOrigin | 'library' | 'local';
  createdAt?: string;
}

/** GET /api/indicators/{code}. */
export interface IndicatorDetail extends IndicatorSummary, Omit<IndicatorDefinition, keyof IndicatorSummary> {
  versions: IndicatorVersionRef[];
}

/** One problem the formula checker found, positioned in the source (1-based line/column). */
export interface FormulaIssue {
  code: 'syntax' | 'unknown_name' | 'cycle' | 'division_by_zero' | 'unit_mismatch' | 'arity' | 'type' | string;
  message: string;
  offset: number;
  line: number;
  column: number;
  length: number;
}

/** POST /api/indicators/check-formula. */
export interface FormulaCheck {
  ok: boolean;
  issues: FormulaIssue[];
  references: { elements: string[]; indicators: string[] };
  unit: string | null;
}

/** Body of POST /api/indicators (with `code`) and POST /api/indicators/{code}/versions (without). */
export interface IndicatorPayload {
  code?: string;
  name: string;
  specialty: string;
  definition: string;
  numerator: string;
  denominator: string;
  unit: string;
  direction: IndicatorDirection;
  kind: string;
  formula: string;
  variables: Record<string, string>;
  changeNote: string;
}

/** Filters of GET /api/indicators. */
export interface IndicatorQuery {
  specialty?: string | null;
  q?: string | null;
  origin?: IndicatorOrigin | null;
  binding?: IndicatorBinding | null;
  page?: number;
  pageSize?: number;
}
