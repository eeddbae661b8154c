import type { Knex } from 'knex';
import type { QueryBuilder, Model } from 'objection';

/**
 * The set of organizations a user may see. This file is the ONE place data scope is decided; every
 * business query applies it through `applyOrgScope`, and every write checks it with `inScope`.
 */
export type DataScope = { kind: 'city' } | { kind: 'orgs'; orgIds: number[] };

export interface ScopeSubject {
  orgId: number;
  roles: string[];
}

const CITY_WIDE_ROLES = new Set(['sysadmin', 'secadmin', 'auditor', 'city_admin']);
const CENTER_ROLES = new Set(['center_director', 'center_member']);

/** Works out a user's data scope from their roles and organization. */
export async function resolveScope(subject: ScopeSubject, db: Knex | Knex.Transaction): Promise<DataScope> {
  if (subject.roles.some((r) => CITY_WIDE_ROLES.has(r))) return { kind: 'city' };
  const ids = new Set<number>([subject.orgId]);
  if (subject.roles.some((r) => CENTER_ROLES.has(r))) {
    const rows: { hospital_id: number }[] = await db('center_hospitals').select('hospital_id').where('center_id', subject.orgId);
    for (const r of rows) ids.add(Number(r.hospital_id));
  }
  // A hospital in scope brings its departments; a user of a department sees the department only.
  const hospitalIds = [...ids];
  const departments: { id: number }[] = await db('organizations')
    .select('id')
    .where('kind', 'department')
    .whereIn('parent_id', hospitalIds);
  for (const d of departments) ids.add(Number(d.id));
  return { kind: 'orgs', orgIds: [...ids].sort((a, b) => a - b) };
}

let appScopeEnforced = true;

/**
 * Tests only: switch the application-level check off to prove that Row-Level Security alone still
 * keeps hospitals apart. Never called by the platform.
 */
export function setAppScopeEnforcement(on: boolean): void {
  appScopeEnforced = on;
}

/** Restricts a query to the scope; `column` holds the organization id of each row. */
export function applyOrgScope<M extends Model, R>(
  query: QueryBuilder<M, R>,
  scope: DataScope,
  column: string,
): QueryBuilder<M, R> {
  if (scope.kind === 'city' || !appScopeEnforced) return query;
  return query.whereIn(column, scope.orgIds);
}

/** The same restriction for a plain Knex query. */
export function applyOrgScopeKnex(query: Knex.QueryBuilder, scope: DataScope, column: string): Knex.QueryBuilder {
  if (scope.kind === 'city' || !appScopeEnforced) return query;
  return query.whereIn(column, scope.orgIds);
}

/** Whether one organization lies in the scope. */
export function inScope(scope: DataScope, orgId: number | null | undefined): boolean {
  if (!appScopeEnforced) return true;
  if (orgId === null || orgId === undefined) return scope.kind === 'city';
  return scope.kind === 'city' || scope.orgIds.includes(orgId);
}

/**
 * Enters the scope inside a transaction for Row-Level Security: switches to the non-superuser role
 * `qc_app` and publishes the scope as transaction-local settings that the policies read.
 */
export async function enterScope(trx: Knex.Transaction, scope: DataScope, userId: number): Promise<void> {
  await trx.raw('SET LOCAL ROLE qc_app');
  await trx.raw(
    `SELECT set_config('qc.scope', ?, true), set_config('qc.org_ids', ?, true), set_config('qc.user_id', ?, true)`,
    [scope.kind, scope.kind === 'orgs' ? scope.orgIds.join(',') : '', String(userId)],
  );
}

/**
 * The codes of the hospitals whose data the scope covers, for queries outside PostgreSQL (the
 * warehouse has no Row-Level Security, so this holds even when the application check is switched off
 * in tests); null = every hospital (city-wide).
 */
export async function scopeHospitalCodes(scope: DataScope, db: Knex | Knex.Transaction): Promise<string[] | null> {
  if (scope.kind === 'city') return null;
  if (!scope.orgIds.length) return [];
  const rows: { code: string }[] = await db('organizations').select('code').where('kind', 'hospital').whereIn('id', scope.orgIds).orderBy('code');
  return rows.map((r) => r.code);
}
