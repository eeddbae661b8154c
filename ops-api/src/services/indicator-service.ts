import { raw } from 'objection';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { Indicator, IndicatorLibraryImport, IndicatorVersion, type IndicatorBinding, type IndicatorDirection, type IndicatorOrigin } from '../models/indicator.js';
import { Organization } from '../models/organization.js';
import {
  presentIndicatorDetail,
  presentIndicatorSummary,
  presentIndicatorVersion,
  presentLibraryImport,
  type IndicatorRow,
  type IndicatorSummary,
  type IndicatorVersionRow,
  type LibraryImportRow,
} from '../presenters/indicator.js';
import type { Actor, Db } from './context.js';
import { checkWithTargets, loadFormulaTargets, type FormulaCheck, type FormulaTarget } from './indicator-formula.js';
import { bindingOf, contentOf, importLibrary, sameContent, type ImportResult, type IndicatorContent, type LibraryFile } from './indicator-library.js';

export interface IndicatorListQuery {
  specialty?: string;
  q?: string;
  origin?: IndicatorOrigin;
  binding?: IndicatorBinding;
  page: number;
  pageSize: number;
}

/** The fields a person writes when adding or revising an indicator. */
export interface IndicatorInput {
  name?: string;
  specialty?: string;
  definition?: string;
  numerator?: string;
  denominator?: string;
  unit?: string;
  direction?: IndicatorDirection;
  kind?: string;
  formula?: string;
  variables?: Record<string, string>;
  source?: string | null;
  notes?: string | null;
  changeNote?: string | null;
}

export type NewIndicatorInput = Required<Pick<IndicatorInput, 'name' | 'specialty' | 'direction' | 'kind' | 'formula' | 'variables'>> &
  IndicatorInput & { code: string };

/** Indicators joined with their current version. */
function currentRows(db: Db) {
  return Indicator.query(db)
    .select(
      'indicators.id',
      'indicators.code',
      'indicators.origin',
      'indicators.owner_center_id',
      'indicators.current_version',
      'indicators.status',
      'indicators.created_at',
      'indicators.updated_at',
      'v.name',
      'v.specialty',
      'v.definition',
      'v.numerator',
      'v.denominator',
      'v.unit',
      'v.direction',
      'v.kind',
      'v.formula',
      'v.variables',
      'v.source',
      'v.official_code',
      'v.target',
      'v.notes',
      'v.uncertain',
      'v.uncertain_fields',
      'v.binding',
      'v.library_version',
      raw('qc_center_name(indicators.owner_center_id) AS owner_center_name'),
    )
    .join('indicator_versions as v', (j) => j.on('v.indicator_id', 'indicators.id').andOn('v.version', 'indicators.current_version'));
}

/** Versions with their indicator's code and their author's name (as far as the reader's scope shows users). */
function versionRows(db: Db) {
  return IndicatorVersion.query(db)
    .select('indicator_versions.*', 'i.code', 'u.display_name as created_by_name')
    .join('indicators as i', 'i.id', 'indicator_versions.indicator_id')
    .leftJoin('users as u', 'u.id', 'indicator_versions.created_by');
}

const escapeLike = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One page of the library, with the count per specialty of everything the other filters let through. */
export async function listIndicators(
  query: IndicatorListQuery,
  db: Db,
): Promise<{ items: IndicatorSummary[]; total: number; specialties: { name: string; count: number }[] }> {
  const base = currentRows(db).where('indicators.status', 'active');
  if (query.origin) base.where('indicators.origin', query.origin);
  if (query.binding) base.where('v.binding', query.binding);
  if (query.q) {
    const like = escapeLike(query.q);
    base.where((w) => w.where('indicators.code', 'ilike', like).orWhere('v.name', 'ilike', like).orWhere('v.definition', 'ilike', like));
  }
  const specialties = (await base
    .clone()
    .clearSelect()
    .select('v.specialty as name')
    .count({ count: '*' })
    .groupBy('v.specialty')
    .orderBy([{ column: 'count', order: 'desc' }, { column: 'v.specialty' }])
    .castTo<{ name: string; count: string | number }[]>()) as unknown as { name: string; count: string | number }[];
  if (query.specialty) base.where('v.specialty', query.specialty);
  const total = await base.clone().clearSelect().resultSize();
  const rows = (await base
    .orderBy('indicators.code')
    .offset((query.page - 1) * query.pageSize)
    .limit(query.pageSize)) as unknown as IndicatorRow[];
  return {
    items: rows.map(presentIndicatorSummary),
    total,
    specialties: specialties.map((s) => ({ name: s.name, count: Number(s.count) })),
  };
}

/** An indicator with its current version, or undefined. */
export async function findIndicator(code: string, db: Db): Promise<IndicatorRow | undefined> {
  return (await currentRows(db).findOne('indicators.code', code)) as unknown as IndicatorRow | undefined;
}

async function requireIndicator(code: string, db: Db): Promise<IndicatorRow> {
  const row = await findIndicator(code, db);
  if (!row) throw new NotFoundError(`指标 ${code} `);
  return row;
}

/** An indicator's current definition with its version history; NotFound otherwise. */
export async function getIndicator(code: string, db: Db) {
  const row = await requireIndicator(code, db);
  const versions = (await versionRows(db).where('indicator_versions.indicator_id', row.id).orderBy('indicator_versions.version', 'desc')) as unknown as IndicatorVersionRow[];
  return presentIndicatorDetail(row, versions);
}

/** One version's full definition; NotFound when the code or the version does not exist. */
export async function getIndicatorVersion(code: string, version: number, db: Db) {
  const row = (await versionRows(db).where('i.code', code).where('indicator_versions.version', version).first()) as unknown as
    | IndicatorVersionRow
    | undefined;
  if (!row) throw new NotFoundError(`指标 ${code} 的第 ${version} 版`);
  return presentIndicatorVersion(row);
}

/** The 400 of a formula that fails the checks; `details.issues` carry the positions. */
export class FormulaInvalidError extends AppError {
  constructor(issues: FormulaCheck['issues'], label = '计算公式') {
    super(400, 'FORMULA_INVALID', `${label}有误：${issues.map((i) => i.message).join('；')}`, { field: 'formula', issues });
  }
}

function checkOrThrow(content: IndicatorContent, code: string, targets: Map<string, FormulaTarget>): void {
  const check = checkWithTargets({ formula: content.formula, variables: Object.keys(content.variables), unit: content.unit, code }, targets);
  if (!check.ok) throw new FormulaInvalidError(check.issues);
}

/** The organization a center user writes for: their 质控中心; null for city users. */
async function ownerFor(actor: Actor, db: Db): Promise<number | null> {
  if (actor.scope.kind === 'city') return null;
  const org = await Organization.query(db).findById(actor.orgId);
  if (org?.kind !== 'qc_center') throw new ForbiddenError('只有市卫健委和质控中心的用户可以新增或修订指标');
  return org.id;
}

/** Who may write an indicator: national ones city users only; custom ones the owner center or the city. */
async function assertMayRevise(actor: Actor, row: IndicatorRow, db: Db): Promise<void> {
  if (actor.scope.kind === 'city') return;
  if (row.origin === 'national') throw new ForbiddenError('国家指标只能由市卫健委的用户修订');
  const owner = await ownerFor(actor, db);
  if (row.ownerCenterId === null || Number(row.ownerCenterId) !== owner) throw new ForbiddenError('只能修订本质控中心的自定义指标');
}

function trimmed(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

/** Adds a custom indicator, owned by the actor's center (or the city); its formula must pass the checks. */
export async function createIndicator(actor: Actor, input: NewIndicatorInput, db: Db) {
  const owner = await ownerFor(actor, db);
  if (await Indicator.query(db).findOne({ code: input.code })) {
    throw new ConflictError(`指标编码 ${input.code} 已存在，请换一个`, [{ field: 'code', message: `指标编码 ${input.code} 已存在` }]);
  }
  const content: IndicatorContent = {
    name: input.name,
    specialty: input.specialty,
    definition: input.definition ?? '',
    numerator: input.numerator ?? '',
    denominator: input.denominator ?? '',
    unit: input.unit ?? '',
    direction: input.direction,
    kind: input.kind,
    formula: input.formula,
    variables: input.variables,
    source: trimmed(input.source),
    officialCode: null,
    target: null,
    notes: trimmed(input.notes),
    uncertain: false,
    uncertainFields: [],
  };
  checkOrThrow(content, input.code, await loadFormulaTargets(db));
  const created = await Indicator.query(db).insert({ code: input.code, origin: 'custom', ownerCenterId: owner, currentVersion: 1 });
  await IndicatorVersion.query(db).insert({
    ...content,
    indicatorId: created.id,
    version: 1,
    binding: bindingOf(input.code),
    origin: 'local',
    libraryVersion: null,
    changeNote: trimmed(input.changeNote) ?? '新增自定义指标',
    createdBy: actor.userId,
  });
  return getIndicator(input.code, db);
}

/** Writes a new version of an indicator from the fields given (the others carry over); old versions stay readable. */
export async function reviseIndicator(actor: Actor, code: string, input: IndicatorInput, db: Db) {
  const found = await requireIndicator(code, db);
  await assertMayRevise(actor, found, db);
  // Locked, then read again: two editors saving at once get versions n+1 and n+2, not a clash.
  await Indicator.query(db).findById(found.id).forUpdate();
  const row = (await findIndicator(code, db))!;
  const current = contentOf(row as unknown as IndicatorContent);
  const next: IndicatorContent = { ...current };
  for (const key of ['name', 'specialty', 'definition', 'numerator', 'denominator', 'unit', 'direction', 'kind', 'formula', 'variables'] as const) {
    if (input[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = input[key];
  }
  if (input.source !== undefined) next.source = trimmed(input.source);
  if (input.notes !== undefined) next.notes = trimmed(input.notes);
  if (sameContent(current, next)) {
    throw new ValidationError('修订内容与当前版本相同：请修改至少一个字段后再保存', [{ field: 'payload', message: '与当前版本相同' }]);
  }
  checkOrThrow(next, code, await loadFormulaTargets(db));
  const version = Number(row.currentVersion) + 1;
  await IndicatorVersion.query(db).insert({
    ...next,
    indicatorId: row.id,
    version,
    binding: bindingOf(code),
    origin: 'local',
    libraryVersion: null,
    changeNote: trimmed(input.changeNote),
    createdBy: actor.userId,
  });
  await Indicator.query(db).patch({ currentVersion: version, updatedAt: new Date() }).where('id', row.id);
  return getIndicator(code, db);
}

export interface FormulaCheckInput {
  formula: string;
  variables?: string[];
  unit?: string | null;
  code?: string;
}

/** The variables a bare formula check assumes: those of the library's own formulas. */
export const DEFAULT_VARIABLES = ['numerator', 'denominator', 'durations'];

/**
 * Checks a formula as the editor types it: with the given variables, else those of the indicator
 * being edited (`code`), else the library's usual ones.
 */
export async function checkFormulaInput(input: FormulaCheckInput, db: Db): Promise<FormulaCheck> {
  const targets = await loadFormulaTargets(db);
  const variables = input.variables ?? (input.code ? targets.get(input.code)?.variables : undefined) ?? DEFAULT_VARIABLES;
  return checkWithTargets({ formula: input.formula, variables, unit: input.unit ?? null, code: input.code ?? null }, targets);
}

/**
 * Merges a national library file sent by a city user. Every formula of the file is checked first
 * (against the file's own codes and the library), so a broken file changes nothing.
 */
export async function importLibraryFile(actor: Actor, file: LibraryFile, db: Db): Promise<ImportResult> {
  if (actor.scope.kind !== 'city') throw new ForbiddenError('只有市卫健委的用户可以导入国家指标库');
  const targets = await loadFormulaTargets(db);
  for (const e of file.indicators) {
    targets.set(e.code, { code: e.code, unit: e.unit ?? '', formula: e.formula, variables: Object.keys(e.variables ?? {}) });
  }
  const problems = file.indicators.flatMap((e) => {
    const check = checkWithTargets({ formula: e.formula, variables: Object.keys(e.variables ?? {}), unit: e.unit, code: e.code }, targets);
    return check.issues.map((issue) => ({ ...issue, indicator: e.code, message: `指标 ${e.code}：${issue.message}` }));
  });
  if (problems.length) {
    throw new AppError(400, 'FORMULA_INVALID', `指标库文件中的公式有误：${problems.slice(0, 5).map((p) => p.message).join('；')}`, {
      field: 'indicators',
      issues: problems,
    });
  }
  return importLibrary(file, actor.userId, db);
}

/** The library imports, newest first. */
export async function listLibraryImports(db: Db) {
  const rows = (await IndicatorLibraryImport.query(db)
    .select('indicator_library_imports.*', 'u.display_name as imported_by_name')
    .leftJoin('users as u', 'u.id', 'indicator_library_imports.imported_by')
    .orderBy('indicator_library_imports.id', 'desc')
    .limit(200)) as unknown as LibraryImportRow[];
  return { items: rows.map(presentLibraryImport) };
}
