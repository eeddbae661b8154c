import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { ORG_KINDS, type OrgKind } from '../../models/organization.js';
import {
  createOrg,
  getOrgDetail,
  listOrgs,
  orgTree,
  setSupervisedHospitals,
  updateOrg,
  type OrgInput,
  type OrgListQuery,
} from '../../services/org-service.js';
import { idParam, isoDate, optionalText, paging, phone, text } from '../common.js';
import { withActor, type RouteDeps } from '../deps.js';

const kind = Joi.string()
  .valid(...ORG_KINDS)
  .label('机构类型');

const orgFields = {
  name: text('机构名称', 100),
  shortName: optionalText('简称', 50),
  parentId: Joi.number().integer().min(1).allow(null).label('上级机构'),
  status: Joi.string().valid('active', 'inactive').label('状态'),
  level: Joi.string().valid('国家级', '省级', '市级', '县级').allow(null).label('级别'),
  category: Joi.string().valid('临床', '医技', '管理').allow(null).label('类别'),
  specialty: optionalText('专业', 50),
  hostHospitalId: Joi.number().integer().min(1).allow(null).label('挂靠单位'),
  directorName: optionalText('主任委员', 50),
  termStart: isoDate.label('任期开始'),
  termEnd: isoDate.label('任期结束'),
  tier: optionalText('医院等级', 20),
  type: optionalText('机构类型', 50),
  ownership: optionalText('所有制', 50),
  district: optionalText('所在区县', 50),
  address: optionalText('地址', 200),
  phone,
};

/** 机构管理: the tree, lists, details and edits, all within the user's scope. */
export function orgRoutes(deps: RouteDeps): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/orgs/tree',
      options: { tags: ['api', 'orgs'], description: '机构树（本人数据范围内）', plugins: { qc: { permission: 'org:read' } } },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => orgTree(actor, trx)),
    },
    {
      method: 'GET',
      path: '/api/orgs',
      options: {
        tags: ['api', 'orgs'],
        description: '机构列表',
        plugins: { qc: { permission: 'org:read' } },
        validate: {
          query: Joi.object({
            kind,
            q: Joi.string().trim().max(100).allow('').label('关键字'),
            parentId: Joi.number().integer().min(1).label('上级机构'),
            ...paging,
          }),
        },
      },
      handler: async (request) => {
        const query = request.query as unknown as OrgListQuery;
        const page = await withActor(request, deps, ({ trx, actor }) => listOrgs(actor, query, trx));
        return { ...page, page: query.page, pageSize: query.pageSize };
      },
    },
    {
      method: 'GET',
      path: '/api/orgs/{id}',
      options: {
        tags: ['api', 'orgs'],
        description: '机构详情',
        plugins: { qc: { permission: 'org:read' } },
        validate: { params: idParam },
      },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => getOrgDetail(actor, (request.params as { id: number }).id, trx)),
    },
    {
      method: 'POST',
      path: '/api/orgs',
      options: {
        tags: ['api', 'orgs'],
        description: '新增机构（质控中心、医疗机构或科室）',
        plugins: { qc: { permission: 'org:write' } },
        validate: {
          payload: Joi.object({
            ...orgFields,
            code: Joi.string()
              .trim()
              .pattern(/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, { name: '2–40 位字母、数字、- 或 _' })
              .required()
              .label('机构代码'),
            name: orgFields.name.required(),
            kind: Joi.string().valid('qc_center', 'hospital', 'department').required().label('机构类型'),
          }).label('OrgCreate'),
        },
      },
      handler: async (request, h) => {
        const input = request.payload as OrgInput & { code: string; name: string; kind: OrgKind };
        const org = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const created = await createOrg(actor, input, trx);
          audit({ action: 'org.create', objectType: 'org', objectId: created.id, after: created });
          return created;
        });
        return h.response(org).code(201);
      },
    },
    {
      method: 'PATCH',
      path: '/api/orgs/{id}',
      options: {
        tags: ['api', 'orgs'],
        description: '编辑机构',
        plugins: { qc: { permission: 'org:write' } },
        validate: { params: idParam, payload: Joi.object(orgFields).min(1).label('OrgUpdate') },
      },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const id = (request.params as { id: number }).id;
          const before = await getOrgDetail(actor, id, trx);
          const after = await updateOrg(actor, id, request.payload as OrgInput, trx);
          audit({ action: 'org.update', objectType: 'org', objectId: id, before, after });
          return after;
        }),
    },
    {
      method: 'PUT',
      path: '/api/orgs/{id}/supervised-hospitals',
      options: {
        tags: ['api', 'orgs'],
        description: '设置质控中心监管的医疗机构',
        plugins: { qc: { permission: 'org:write' } },
        validate: {
          params: idParam,
          payload: Joi.object({
            hospitalIds: Joi.array().items(Joi.number().integer().min(1).label('医疗机构')).max(2000).required().label('医疗机构列表'),
          }).label('SupervisedHospitals'),
        },
      },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const id = (request.params as { id: number }).id;
          const before = await getOrgDetail(actor, id, trx);
          const after = await setSupervisedHospitals(actor, id, (request.payload as { hospitalIds: number[] }).hospitalIds, trx);
          audit({
            action: 'org.supervision_update',
            objectType: 'org',
            objectId: id,
            before: { supervisedHospitals: before.supervisedHospitals },
            after: { supervisedHospitals: after.supervisedHospitals },
          });
          return after;
        }),
    },
  ];
}
