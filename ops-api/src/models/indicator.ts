import { BaseModel } from './base.js';

export type IndicatorOrigin = 'national' | 'custom';
export type IndicatorDirection = 'higher_better' | 'lower_better' | 'target_range';
export type IndicatorBinding = 'discharge' | 'reported';
export type VersionOrigin = 'library' | 'local';

export const INDICATOR_DIRECTIONS: IndicatorDirection[] = ['higher_better', 'lower_better', 'target_range'];
/** Kinds of the national file, plus `count` for custom tallies. */
export const INDICATOR_KINDS = ['rate', 'ratio', 'median', 'mean', 'percentile', 'index', 'count'] as const;

/** 质控指标: the stable identity of an indicator; its content lives in versions. */
export class Indicator extends BaseModel {
  static override tableName = 'indicators';

  id!: number;
  code!: string;
  origin!: IndicatorOrigin;
  ownerCenterId!: number | null;
  currentVersion!: number;
  status!: 'active' | 'retired';
  createdAt!: Date;
  updatedAt!: Date;
}

/** One version of an indicator's definition; never changed after it is written. */
export class IndicatorVersion extends BaseModel {
  static override tableName = 'indicator_versions';
  static override get jsonAttributes() {
    return ['variables', 'target', 'uncertainFields'];
  }

  id!: number;
  indicatorId!: number;
  version!: number;
  name!: string;
  specialty!: string;
  definition!: string;
  numerator!: string;
  denominator!: string;
  unit!: string;
  direction!: IndicatorDirection;
  kind!: string;
  formula!: string;
  variables!: Record<string, string>;
  source!: string | null;
  officialCode!: string | null;
  target!: unknown;
  notes!: string | null;
  uncertain!: boolean;
  uncertainFields!: string[];
  binding!: IndicatorBinding;
  origin!: VersionOrigin;
  libraryVersion!: string | null;
  changeNote!: string | null;
  createdBy!: number | null;
  createdAt!: Date;
}

/** One import of the national library file: what it added, updated and left to local edits. */
export class IndicatorLibraryImport extends BaseModel {
  static override tableName = 'indicator_library_imports';
  static override get jsonAttributes() {
    return ['keptLocal'];
  }

  id!: number;
  libraryVersion!: string;
  fileSha256!: string;
  generated!: string | null;
  added!: number;
  updated!: number;
  keptLocal!: string[];
  unchanged!: number;
  importedBy!: number | null;
  importedAt!: Date;
}
