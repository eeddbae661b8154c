import { raw } from 'objection';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { Organization, type OrgKind } from '../models/organization.js';
import { applyOrgScope, inScope } from '../policies/scope.js';
import { presentOrg, type OrgRow, type OrgView } from '../presenters/org.js';
import type { Actor, Db } from './context.js';

export interface OrgNode {
  id: number;
  code: string;
  name: string;
  kind: OrgKind;
  children: OrgNode[];
}

export interface OrgListQuery {
  kind?: OrgKind;
  q?: string;
  parentId?: number;
  page: number;
  pageSize: number;
}

export interface OrgInput {
  code?: string;
  name?: string;
  shortName?: string | null;
  kind?: OrgKind;
  parentId?: number | null;
  status?: 'active' | 'inactive';
  level?: string | null;
  category?: string | null;
  specialty?: string | null;
  hostHospitalId?: number | null;
  directorName?: string | null;
  termStart?: string | null;
  termEnd?: string | null;
  tier?: string | null;
  type?: string | null;
  ownership?: string | null;
  district?: string | null;
  address?: string | null;
  phone?: string | null;
}

/** Organizations with their parent and host names, restricted to the actor's scope. */
function scopedOrgs(actor: Actor, db: Db) {
  return applyOrgScope(
    Organization.query(db)
      .select('organizations.*', 'p.name as parent_name', 'h.name as host_hospital_name')
      .leftJoin('organizations as p', 'p.id', 'organizations.parent_id')
      .leftJoin('organizations as h', 'h.id', 'organizations.host_hospital_id'),
    actor.scope,
    'organizations.id',
  );
}

/** The visible part of 市卫健委 → 质控中心 / 医疗机构 → 科室, as a forest (roots are visible orgs without a visible parent). */
export async function orgTree(actor: Actor, db: Db): Promise<OrgNode[]> {
  const rows = await applyOrgScope(
    Organization.query(db).select('id', 'code', 'name', 'kind', 'parent_id').orderBy([{ column: 'kind' }, { column: 'code' }]),
    actor.scope,
    'id',
  );
  const kindOrder: Record<OrgKind, number> = { commission: 0, qc_center: 1, hospital: 2, department: 3 };
  rows.sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || a.code.localeCompare(b.code));
  const nodes = new Map<number, OrgNode>();
  for (const r of rows) nodes.set(r.id, { id: r.id, code: r.code, name: r.name, kind: r.kind, children: [] });
  const roots: OrgNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId === null ? undefined : nodes.get(r.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** One page of organizations. */
export async function listOrgs(actor: Actor, query: OrgListQuery, db: Db): Promise<{ items: OrgView[]; total: number }> {
  const base = scopedOrgs(actor, db);
  if (query.kind) base.where('organizations.kind', query.kind);
  if (query.parentId !== undefined) base.where('organizations.parent_id', query.parentId);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base.where((w) => w.where('organizations.name', 'ilike', like).orWhere('organizations.code', 'ilike', like));
  }
  const total = await base.clone().clearSelect().resultSize();
  const rows = await base
    .orderBy('organizations.code')
    .offset((query.page - 1) * query.pageSize)
    .limit(query.pageSize);
  return { items: rows.map((r) => presentOrg(r as unknown as OrgRow)), total };
}

/** An organization in scope, or undefined. */
export async function findOrg(actor: Actor, id: number, db: Db): Promise<Organization | undefined> {
  return scopedOrgs(actor, db).findOne('organizations.id', id);
}

/** An organization in scope with its relations; NotFound otherwise. */
export async function getOrgDetail(actor: Actor, id: number, db: Db) {
  const org = await findOrg(actor, id, db);
  if (!org) throw new NotFoundError('机构');
  const brief = ['organizations.id', 'organizations.code', 'organizations.name'];
  const supervisedHospitals =
    org.kind === 'qc_center'
      ? await applyOrgScope(
          Organization.query(db)
            .select(brief)
            .join('center_hospitals as ch', 'ch.hospital_id', 'organizations.id')
            .where('ch.center_id', org.id)
            .orderBy('organizations.code'),
          actor.scope,
          'organizations.id',
        )
      : [];
  const supervisingCenters =
    org.kind === 'hospital'
      ? await applyOrgScope(
          Organization.query(db)
            .select(brief)
            .join('center_hospitals as ch', 'ch.center_id', 'organizations.id')
            .where('ch.hospital_id', org.id)
            .orderBy('organizations.code'),
          actor.scope,
          'organizations.id',
        )
      : [];
  const departments =
    org.kind === 'hospital'
      ? await applyOrgScope(
          Organization.query(db).select(brief).where('parent_id', org.id).where('kind', 'department').orderBy('code'),
          actor.scope,
          'organizations.id',
        )
      : [];
  const counted = (await db('users').where('org_id', org.id).count({ n: '*' }).first()) as { n: string | number } | undefined;
  const brief3 = (o: Organization) => ({ id: o.id, code: o.code, name: o.name });
  return {
    ...presentOrg(org as unknown as OrgRow),
    supervisedHospitals: supervisedHospitals.map(brief3),
    supervisingCenters: supervisingCenters.map(brief3),
    departments: departments.map(brief3),
    userCount: Number(counted?.n ?? 0),
  };
}

const PARENT_KIND: Record<OrgKind, OrgKind | null> = {
  commission: null,
  qc_center: 'commission',
  hospital: 'commission',
  department: 'hospital',
};

async function checkRelations(actor: Actor, input: OrgInput, kind: OrgKind, db: Db): Promise<void> {
  const problems: { field: string; message: string }[] = [];
  if (input.parentId !== undefined && input.parentId !== null) {
    const parent = await findOrg(actor, input.parentId, db);
    if (!parent) problems.push({ field: 'parentId', message: '上级机构 不存在或无权访问' });
    else if (PARENT_KIND[kind] !== parent.kind)
      problems.push({ field: 'parentId', message: `上级机构 类型不符：${kindLabel(kind)}的上级应为${kindLabel(PARENT_KIND[kind])}` });
  }
  if (input.hostHospitalId !== undefined && input.hostHospitalId !== null) {
    const host = await Organization.query(db).findById(input.hostHospitalId);
    if (!host || host.kind !== 'hospital') problems.push({ field: 'hostHospitalId', message: '挂靠单位 必须是已登记的医疗机构' });
  }
  if (input.termStart && input.termEnd && input.termStart > input.termEnd)
    problems.push({ field: 'termEnd', message: '任期结束 不能早于 任期开始' });
  if (problems.length) throw new ValidationError(problems.map((p) => p.message).join('；'), problems);
}

function kindLabel(kind: OrgKind | null): string {
  return kind ? { commission: '卫生健康委员会', qc_center: '质控中心', hospital: '医疗机构', department: '科室' }[kind] : '无';
}

function toColumns(input: OrgInput): Partial<Organization> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined && k !== 'kind') out[k] = v === '' ? null : v;
  return out as Partial<Organization>;
}

/** Creates a 质控中心, 医疗机构 or 科室 under a parent in the actor's scope. */
export async function createOrg(actor: Actor, input: OrgInput & { code: string; name: string; kind: OrgKind }, db: Db) {
  if (input.kind === 'commission') throw new ForbiddenError('卫生健康委员会 由系统初始化，不能新建');
  const parentId = input.parentId ?? (PARENT_KIND[input.kind] === 'commission' ? await commissionId(db) : null);
  if (parentId === null) throw new ValidationError('上级机构 不能为空', [{ field: 'parentId', message: '上级机构 不能为空' }]);
  if (!inScope(actor.scope, parentId)) throw new NotFoundError('上级机构');
  await checkRelations(actor, { ...input, parentId }, input.kind, db);
  const exists = await Organization.query(db).findOne({ code: input.code });
  if (exists) throw new ConflictError(`机构代码 ${input.code} 已存在，请换一个`, [{ field: 'code', message: '机构代码 已存在' }]);
  const created = await Organization.query(db).insert({
    ...toColumns(input),
    kind: input.kind,
    parentId,
    level: input.kind === 'qc_center' ? (input.level ?? '市级') : null,
  });
  return getOrgDetail(actor, created.id, db);
}

/** Edits an organization in the actor's scope; the kind and code never change. */
export async function updateOrg(actor: Actor, id: number, input: OrgInput, db: Db) {
  const org = await findOrg(actor, id, db);
  if (!org) throw new NotFoundError('机构');
  if (input.parentId !== undefined && org.kind === 'commission') {
    throw new ValidationError('卫生健康委员会 没有上级机构', [{ field: 'parentId', message: '卫生健康委员会 没有上级机构' }]);
  }
  await checkRelations(actor, input, org.kind, db);
  await Organization.query(db)
    .patch({ ...toColumns(input), updatedAt: raw('now()') as unknown as Date })
    .where('id', id);
  return getOrgDetail(actor, id, db);
}

/** Replaces the set of hospitals a 质控中心 supervises. */
export async function setSupervisedHospitals(actor: Actor, centerId: number, hospitalIds: number[], db: Db) {
  const center = await findOrg(actor, centerId, db);
  if (!center) throw new NotFoundError('质控中心');
  if (center.kind !== 'qc_center') {
    throw new ValidationError('只有质控中心可以设置监管的医疗机构', [{ field: 'id', message: '机构 不是质控中心' }]);
  }
  const unique = [...new Set(hospitalIds)];
  const found = unique.length ? await Organization.query(db).whereIn('id', unique).where('kind', 'hospital') : [];
  if (found.length !== unique.length) {
    const ok = new Set(found.map((h) => h.id));
    const bad = unique.filter((h) => !ok.has(h));
    throw new ValidationError(`医疗机构 ${bad.join('、')} 不存在`, [{ field: 'hospitalIds', message: `医疗机构 ${bad.join('、')} 不存在` }]);
  }
  await db('center_hospitals').where('center_id', centerId).delete();
  if (unique.length) await db('center_hospitals').insert(unique.map((h) => ({ center_id: centerId, hospital_id: h })));
  return getOrgDetail(actor, centerId, db);
}

async function commissionId(db: Db): Promise<number | null> {
  const c = await Organization.query(db).findOne({ kind: 'commission' });
  return c?.id ?? null;
}

/** An organization by code, without scope: for the command line and seeds only. */
export async function findOrgByCode(code: string, db: Db): Promise<Organization | undefined> {
  return Organization.query(db).findOne({ code });
}
