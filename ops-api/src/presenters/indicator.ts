import type { IndicatorBinding, IndicatorDirection, IndicatorOrigin, VersionOrigin } from '../models/indicator.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const id = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** What one version of an indicator defines: the text, the formula and where its numbers come from. */
interface IndicatorDefinitionFields {
  name: string;
  specialty: string;
  definition: string;
  numerator: string;
  denominator: string;
  unit: string;
  direction: IndicatorDirection;
  kind: string;
  formula: string;
  variables: Record<string, string> | null;
  source: string | null;
  officialCode: string | null;
  target: unknown;
  notes: string | null;
  uncertain: boolean;
  uncertainFields: string[] | null;
  binding: IndicatorBinding;
}

/** An indicator joined with its current version (and the owner center's name). */
export interface IndicatorRow extends IndicatorDefinitionFields {
  id: number;
  code: string;
  origin: IndicatorOrigin;
  ownerCenterId: number | null;
  ownerCenterName: string | null;
  currentVersion: number;
  status: 'active' | 'retired';
  createdAt: Date | string;
  updatedAt: Date | string;
  libraryVersion: string | null;
}

/** A version row with its author's display name (null when the reader may not see that user). */
export interface IndicatorVersionRow extends IndicatorDefinitionFields {
  code: string;
  version: number;
  origin: VersionOrigin;
  libraryVersion: string | null;
  changeNote: string | null;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: Date | string;
}

export interface LibraryImportRow {
  id: number;
  libraryVersion: string;
  fileSha256: string;
  generated: string | null;
  added: number;
  updated: number;
  keptLocal: string[] | null;
  unchanged: number;
  importedBy: number | null;
  importedByName: string | null;
  importedAt: Date | string;
}

/** The list row of an indicator. */
export function presentIndicatorSummary(r: IndicatorRow) {
  return {
    code: r.code,
    name: r.name,
    specialty: r.specialty,
    unit: r.unit,
    direction: r.direction,
    kind: r.kind,
    origin: r.origin,
    binding: r.binding,
    version: Number(r.currentVersion),
    status: r.status,
    ownerCenter: r.ownerCenterId === null ? null : { id: Number(r.ownerCenterId), name: r.ownerCenterName ?? null },
    uncertain: r.uncertain,
    updatedAt: iso(r.updatedAt),
  };
}

export type IndicatorSummary = ReturnType<typeof presentIndicatorSummary>;

/** One entry of an indicator's version history. */
export function presentVersionEntry(v: IndicatorVersionRow) {
  return {
    version: Number(v.version),
    origin: v.origin,
    libraryVersion: v.libraryVersion,
    changeNote: v.changeNote,
    createdBy: v.createdBy === null ? null : { id: Number(v.createdBy), name: v.createdByName ?? null },
    createdAt: iso(v.createdAt),
  };
}

/** The text of a definition, the same in the current definition and in any version. */
function presentDefinitionText(d: IndicatorDefinitionFields) {
  return {
    definition: d.definition,
    numerator: d.numerator,
    denominator: d.denominator,
    formula: d.formula,
    variables: d.variables ?? {},
    source: d.source,
    officialCode: d.officialCode,
    target: d.target ?? null,
    notes: d.notes,
    uncertainFields: d.uncertainFields ?? [],
  };
}

/** An indicator's current definition and its version history. */
export function presentIndicatorDetail(r: IndicatorRow, versions: IndicatorVersionRow[]) {
  return {
    ...presentIndicatorSummary(r),
    ...presentDefinitionText(r),
    libraryVersion: r.libraryVersion,
    versions: versions.map(presentVersionEntry),
  };
}

export type IndicatorDetail = ReturnType<typeof presentIndicatorDetail>;

/** One version's full definition. */
export function presentIndicatorVersion(v: IndicatorVersionRow) {
  return {
    code: v.code,
    version: Number(v.version),
    name: v.name,
    specialty: v.specialty,
    unit: v.unit,
    direction: v.direction,
    kind: v.kind,
    uncertain: v.uncertain,
    ...presentDefinitionText(v),
    binding: v.binding,
    origin: v.origin,
    libraryVersion: v.libraryVersion,
    changeNote: v.changeNote,
    createdBy: v.createdBy === null ? null : { id: Number(v.createdBy), name: v.createdByName ?? null },
    createdAt: iso(v.createdAt),
  };
}

/** One import of the national library. */
export function presentLibraryImport(r: LibraryImportRow) {
  return {
    id: Number(r.id),
    libraryVersion: r.libraryVersion,
    fileSha256: r.fileSha256,
    generated: r.generated,
    added: Number(r.added),
    updated: Number(r.updated),
    keptLocal: r.keptLocal ?? [],
    unchanged: Number(r.unchanged),
    importedBy: id(r.importedBy) === null ? null : { id: Number(r.importedBy), name: r.importedByName ?? null },
    importedAt: iso(r.importedAt),
  };
}
