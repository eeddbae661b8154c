import crypto from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { dischargeBinding } from '@qc/analytics';
import { Indicator, IndicatorLibraryImport, IndicatorVersion, type IndicatorBinding, type IndicatorDirection } from '../models/indicator.js';
import type { Db } from './context.js';

// canonicalize is CommonJS (`module.exports = fn`) but declares an ES default export.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string;

/** One indicator as the national library file writes it (snake_case keys). */
export interface LibraryEntry {
  code: string;
  name: string;
  specialty: string;
  definition: string;
  numerator: string;
  denominator: string;
  unit: string;
  direction: IndicatorDirection;
  formula: string;
  variables: Record<string, string>;
  kind: string;
  source: string | null;
  official_code: string | null;
  target: unknown;
  notes: string | null;
  uncertain: boolean;
  uncertain_fields: string[];
}

/** The national library file (`national-qc-indicators.json`). */
export interface LibraryFile {
  meta: { generated: string; count?: number; by_specialty?: Record<string, number>; [key: string]: unknown };
  indicators: LibraryEntry[];
}

/** What a version says about an indicator: everything but its bookkeeping. */
export interface IndicatorContent {
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
  source: string | null;
  officialCode: string | null;
  target: unknown;
  notes: string | null;
  uncertain: boolean;
  uncertainFields: string[];
}

export const CONTENT_FIELDS = [
  'name', 'specialty', 'definition', 'numerator', 'denominator', 'unit', 'direction', 'kind', 'formula', 'variables', 'source',
  'officialCode', 'target', 'notes', 'uncertain', 'uncertainFields',
] as const satisfies readonly (keyof IndicatorContent)[];

/**
 * The library version of a file: `<meta.generated>+<first 12 hex of sha256>`. The hash is over the
 * file's canonical JSON (RFC 8785), so the same library uploaded through the API, re-indented or
 * compiled into dist, is recognised as the same.
 */
export function libraryVersionOf(file: LibraryFile): { libraryVersion: string; sha256: string } {
  const sha256 = crypto.createHash('sha256').update(canonicalize(file)).digest('hex');
  return { libraryVersion: `${file.meta.generated}+${sha256.slice(0, 12)}`, sha256 };
}

/** An entry of the file as version content. */
export function contentFromEntry(e: LibraryEntry): IndicatorContent {
  return {
    name: e.name,
    specialty: e.specialty,
    definition: e.definition ?? '',
    numerator: e.numerator ?? '',
    denominator: e.denominator ?? '',
    unit: e.unit ?? '',
    direction: e.direction,
    kind: e.kind,
    formula: e.formula,
    variables: e.variables ?? {},
    source: e.source ?? null,
    officialCode: e.official_code ?? null,
    target: e.target ?? null,
    notes: e.notes ?? null,
    uncertain: Boolean(e.uncertain),
    uncertainFields: e.uncertain_fields ?? [],
  };
}

/** The content columns of a stored version. */
export function contentOf(v: IndicatorContent): IndicatorContent {
  const out = {} as Record<string, unknown>;
  for (const f of CONTENT_FIELDS) out[f] = (v as unknown as Record<string, unknown>)[f] ?? null;
  return out as unknown as IndicatorContent;
}

/** Whether two contents say the same thing (JSON compared canonically, so key order does not matter). */
export function sameContent(a: IndicatorContent, b: IndicatorContent): boolean {
  return canonicalize(contentOf(a)) === canonicalize(contentOf(b));
}

/** How an indicator's values are computed: from discharge records when analytics binds the code, else from reports. */
export function bindingOf(code: string): IndicatorBinding {
  return dischargeBinding(code) ? 'discharge' : 'reported';
}

/** What the library already holds of one code, as the merge needs it. */
export interface ExistingIndicator {
  origin: 'national' | 'custom';
  /** Origin of the current version. */
  currentOrigin: 'library' | 'local';
  /** The latest version that came from the library, if any. */
  lastLibrary: IndicatorContent | null;
  current: IndicatorContent;
}

export interface ImportPlan {
  add: LibraryEntry[];
  update: LibraryEntry[];
  /** Codes whose library content changed while a local edit (or a custom indicator) holds the code. */
  keptLocal: string[];
  unchanged: number;
}

/**
 * The merge of a library file into the library: a new code is added; a code whose current version
 * came from the library gets a new version when the file says something else; a local edit is kept,
 * and reported when the library changed since the version it was made from.
 */
export function planImport(entries: LibraryEntry[], existing: Map<string, ExistingIndicator>): ImportPlan {
  const plan: ImportPlan = { add: [], update: [], keptLocal: [], unchanged: 0 };
  for (const entry of entries) {
    const have = existing.get(entry.code);
    const incoming = contentFromEntry(entry);
    if (!have) plan.add.push(entry);
    else if (have.origin === 'custom') plan.keptLocal.push(entry.code);
    else if (have.currentOrigin === 'library') {
      if (sameContent(have.current, incoming)) plan.unchanged++;
      else plan.update.push(entry);
    } else if (have.lastLibrary && sameContent(have.lastLibrary, incoming)) plan.unchanged++;
    else plan.keptLocal.push(entry.code);
  }
  return plan;
}

/** The columns of a version row. */
function versionRow(content: IndicatorContent, extra: { indicatorId: number; version: number; code: string }) {
  return {
    ...contentOf(content),
    indicatorId: extra.indicatorId,
    version: extra.version,
    binding: bindingOf(extra.code),
  };
}

export interface ImportResult {
  libraryVersion: string;
  sha256: string;
  added: number;
  updated: number;
  keptLocal: string[];
  unchanged: number;
}

/** Merges a library file into the library (see planImport) and records the import. */
export async function importLibrary(file: LibraryFile, importedBy: number | null, db: Db): Promise<ImportResult> {
  await lockLibrary(db);
  const { libraryVersion, sha256 } = libraryVersionOf(file);
  const existing = await loadExisting(db);
  const plan = planImport(file.indicators, existing);
  if (plan.add.length) {
    const created = await Indicator.query(db).insert(plan.add.map((e) => ({ code: e.code, origin: 'national' as const, currentVersion: 1 })));
    const idOf = new Map(created.map((c) => [c.code, c.id]));
    await IndicatorVersion.query(db).insert(
      plan.add.map((e) => ({
        ...versionRow(contentFromEntry(e), { indicatorId: idOf.get(e.code)!, version: 1, code: e.code }),
        origin: 'library' as const,
        libraryVersion,
        changeNote: `国家指标库 ${libraryVersion} 导入`,
        createdBy: importedBy,
      })),
    );
  }
  if (plan.update.length) {
    const rows = await Indicator.query(db).whereIn('code', plan.update.map((e) => e.code));
    const byCode = new Map(rows.map((r) => [r.code, r]));
    for (const e of plan.update) {
      const ind = byCode.get(e.code)!;
      const version = ind.currentVersion + 1;
      await IndicatorVersion.query(db).insert({
        ...versionRow(contentFromEntry(e), { indicatorId: ind.id, version, code: e.code }),
        origin: 'library',
        libraryVersion,
        changeNote: `国家指标库 ${libraryVersion} 更新`,
        createdBy: importedBy,
      });
      await Indicator.query(db).patch({ currentVersion: version, updatedAt: new Date() }).where('id', ind.id);
    }
  }
  await IndicatorLibraryImport.query(db).insert({
    libraryVersion,
    fileSha256: sha256,
    generated: file.meta.generated,
    added: plan.add.length,
    updated: plan.update.length,
    keptLocal: plan.keptLocal,
    unchanged: plan.unchanged,
    importedBy,
  });
  return { libraryVersion, sha256, added: plan.add.length, updated: plan.update.length, keptLocal: plan.keptLocal, unchanged: plan.unchanged };
}

/**
 * Serialises imports until the transaction ends: replicas booting together against one PostgreSQL
 * would otherwise both find the library empty and both load it.
 */
export async function lockLibrary(db: Db): Promise<void> {
  await db.raw(`SELECT pg_advisory_xact_lock(hashtext('qc.indicator_library'))`);
}

/** Every indicator with its current content and its latest library content. */
async function loadExisting(db: Db): Promise<Map<string, ExistingIndicator>> {
  const indicators = await Indicator.query(db).select('id', 'code', 'origin', 'current_version');
  const versions = await IndicatorVersion.query(db)
    .select('indicator_versions.*')
    .join('indicators as i', 'i.id', 'indicator_versions.indicator_id')
    .where((w) =>
      w
        .whereRaw('indicator_versions.version = i.current_version')
        .orWhereRaw(
          `indicator_versions.version = (SELECT max(l.version) FROM indicator_versions l WHERE l.indicator_id = i.id AND l.origin = 'library')`,
        ),
    );
  const byIndicator = new Map<number, IndicatorVersion[]>();
  for (const v of versions) byIndicator.set(v.indicatorId, [...(byIndicator.get(v.indicatorId) ?? []), v]);
  const out = new Map<string, ExistingIndicator>();
  for (const ind of indicators) {
    const vs = byIndicator.get(ind.id) ?? [];
    const current = vs.find((v) => v.version === ind.currentVersion);
    if (!current) continue;
    const library = vs.filter((v) => v.origin === 'library').sort((a, b) => b.version - a.version)[0];
    out.set(ind.code, {
      origin: ind.origin,
      currentOrigin: current.origin,
      lastLibrary: library ? contentOf(library) : null,
      current: contentOf(current),
    });
  }
  return out;
}

/**
 * Whether the bundled file should be imported at boot: on an empty library, or when it is a file the
 * library has never imported and not older than the newest import (an operator may have imported a
 * newer library through the API; an older bundled file must not roll it back).
 */
export async function bundledImportNeeded(file: LibraryFile, db: Db): Promise<boolean> {
  await lockLibrary(db);
  const { n } = (await db('indicators').count({ n: '*' }).first()) as { n: string | number };
  if (Number(n) === 0) return true;
  const { sha256 } = libraryVersionOf(file);
  const seen = await IndicatorLibraryImport.query(db).findOne({ file_sha256: sha256 });
  if (seen) return false;
  const newest = (await db('indicator_library_imports').max({ generated: 'generated' }).first()) as { generated: string | null } | undefined;
  return !newest?.generated || file.meta.generated >= newest.generated;
}
