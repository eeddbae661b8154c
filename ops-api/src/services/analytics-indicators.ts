import { NotFoundError } from '../errors.js';
import type { Db } from './context.js';

export type Direction = 'higher_better' | 'lower_better' | 'target_range';

/** What analytics need of an indicator: its current library version. */
export interface IndicatorDefinition {
  code: string;
  name: string;
  unit: string;
  direction: Direction;
  formula: string;
  version: number;
  binding: 'discharge' | 'reported';
  /** rate, mean, median …: decides the control chart. */
  kind: string;
}

interface DefinitionRow {
  code: string;
  name: string;
  unit: string;
  direction: Direction;
  formula: string;
  version: number;
  binding: 'discharge' | 'reported';
  kind: string;
}

function definitionsQuery(db: Db) {
  return db('indicators as i')
    .join('indicator_versions as v', function joinCurrent() {
      this.on('v.indicator_id', '=', 'i.id').andOn('v.version', '=', 'i.current_version');
    })
    .select('i.code', 'v.name', 'v.unit', 'v.direction', 'v.formula', 'v.version', 'v.binding', 'v.kind');
}

const toDefinition = (r: DefinitionRow): IndicatorDefinition => ({ ...r, version: Number(r.version) });

/** The current version of an indicator; 404 for an unknown code. */
export async function getIndicatorDefinition(db: Db, code: string): Promise<IndicatorDefinition> {
  const row = (await definitionsQuery(db).where('i.code', code).first()) as DefinitionRow | undefined;
  if (!row) throw new NotFoundError(`指标“${code}”`);
  return toDefinition(row);
}

/** Current versions of several indicators by code (unknown codes are left out). */
export async function findIndicatorDefinitions(db: Db, codes: string[]): Promise<Map<string, IndicatorDefinition>> {
  const rows = (await definitionsQuery(db).whereIn('i.code', codes)) as DefinitionRow[];
  return new Map(rows.map((r) => [r.code, toDefinition(r)]));
}
