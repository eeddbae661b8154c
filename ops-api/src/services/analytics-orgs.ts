import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { inScope, scopeHospitalCodes } from '../policies/scope.js';
import type { Actor, Db } from './context.js';

export type AnalyticsOrgKind = 'commission' | 'qc_center' | 'hospital';

/** An organization as analytics cut it: its own identity plus the hospitals whose data it adds up. */
export interface AnalyticsOrg {
  id: number;
  code: string;
  name: string;
  kind: AnalyticsOrgKind;
  /** Hospital codes, already cut to the caller's scope. */
  hospitals: string[];
}

export interface HospitalInfo {
  id: number;
  code: string;
  name: string;
  tier: string | null;
  type: string | null;
}

/** The health commission (whoever asks: its identity is no secret, see qc_commission()). */
export async function commission(db: Db): Promise<{ id: number; code: string; name: string }> {
  const row = (await db.raw('SELECT id, code, name FROM qc_commission()')).rows[0] as { id: number; code: string; name: string } | undefined;
  if (!row) throw new NotFoundError('市卫健委机构');
  return { id: Number(row.id), code: row.code, name: row.name };
}

/** Active hospitals the actor may see, optionally only those a center supervises. */
export async function hospitalsInScope(db: Db, actor: Actor, opts: { centerId?: number; tier?: string; type?: string } = {}): Promise<HospitalInfo[]> {
  const q = db('organizations as o').select('o.id', 'o.code', 'o.name', 'o.tier', 'o.type').where('o.kind', 'hospital').where('o.status', 'active');
  const codes = await scopeHospitalCodes(actor.scope, db);
  if (codes) q.whereIn('o.code', codes);
  if (opts.centerId !== undefined) q.whereIn('o.id', db('center_hospitals').select('hospital_id').where('center_id', opts.centerId));
  if (opts.tier) q.where('o.tier', opts.tier);
  if (opts.type) q.where('o.type', opts.type);
  const rows = (await q.orderBy('o.code')) as HospitalInfo[];
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

const refused = (code: string) => new ForbiddenError(`机构“${code}”不存在或不在您的数据范围内：请选择本人数据范围内的医院、质控中心或全市`);

/**
 * The organization an analytics request names: a hospital (itself), a QC center (its supervised
 * hospitals) or the commission / nothing (the whole city) — always cut to the caller's scope. A code
 * the caller cannot see answers 403.
 */
export async function resolveAnalyticsOrg(db: Db, actor: Actor, code: string | undefined): Promise<AnalyticsOrg> {
  const city = await commission(db);
  if (!code || code === city.code) {
    const hospitals = await hospitalsInScope(db, actor);
    return { ...city, kind: 'commission', hospitals: hospitals.map((h) => h.code) };
  }
  // Row-Level Security already hides organizations outside the scope; the check below says so to the app too.
  const org = (await db('organizations').select('id', 'code', 'name', 'kind').where('code', code).first()) as
    | { id: number; code: string; name: string; kind: string }
    | undefined;
  if (!org || !inScope(actor.scope, Number(org.id))) throw refused(code);
  if (org.kind === 'hospital') {
    const codes = await scopeHospitalCodes(actor.scope, db);
    if (codes && !codes.includes(org.code)) throw refused(code);
    return { id: Number(org.id), code: org.code, name: org.name, kind: 'hospital', hospitals: [org.code] };
  }
  if (org.kind === 'qc_center') {
    const hospitals = await hospitalsInScope(db, actor, { centerId: Number(org.id) });
    return { id: Number(org.id), code: org.code, name: org.name, kind: 'qc_center', hospitals: hospitals.map((h) => h.code) };
  }
  throw new ValidationError(`机构“${code}”是科室：统计分析请选择医院、质控中心或全市`, [{ field: 'org', message: '机构 不能是科室' }]);
}

/** A QC center named by code, visible to the actor; 403 otherwise. */
export async function resolveCenter(db: Db, actor: Actor, code: string): Promise<{ id: number; code: string; name: string }> {
  const org = (await db('organizations').select('id', 'code', 'name', 'kind').where('code', code).first()) as
    | { id: number; code: string; name: string; kind: string }
    | undefined;
  if (!org || !inScope(actor.scope, Number(org.id))) throw refused(code);
  if (org.kind !== 'qc_center') throw new ValidationError(`机构“${code}”不是质控中心`, [{ field: 'center', message: '质控中心 必须是质控中心的机构代码' }]);
  return { id: Number(org.id), code: org.code, name: org.name };
}
