import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { verifyAuditChain } from '../../security/audit.js';
import { getPolicy, policySchema, savePolicy, type SecurityPolicy } from '../../security/policy.js';
import { exportAudit, listAudit, type AuditQuery } from '../../services/audit-query.js';
import { createRole, deleteRole, getRole, listPermissions, listRoles, updateRole } from '../../services/role-service.js';
import { isoDate, paging, text } from '../common.js';
import { withActor, type RouteDeps } from '../deps.js';

const roleCode = Joi.string()
  .pattern(/^[a-z][a-z0-9_]{1,39}$/, { name: '小写字母开头的 2–40 位小写字母、数字或 _' })
  .label('角色代码');
const permissionList = Joi.array()
  .items(Joi.string().pattern(/^[a-z_]+:[a-z_-]+$/, { name: '权限代码' }).label('权限'))
  .max(100)
  .label('权限');

const auditFilters = {
  from: isoDate.disallow(null).label('开始日期'),
  to: isoDate.disallow(null).label('结束日期'),
  username: Joi.string().trim().max(64).allow('').label('用户名'),
  action: Joi.string().trim().max(64).allow('').label('操作'),
  result: Joi.string().valid('success', 'failure', 'denied').label('结果'),
  q: Joi.string().trim().max(100).allow('').label('关键字'),
};

/** 安全管理 (roles, permissions, policy) and 安全审计 (the audit trail). */
export function securityRoutes(deps: RouteDeps): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/permissions',
      options: { tags: ['api', 'security'], description: '全部权限（按分组，含三员领域）', plugins: { qc: { permission: 'role:read' } } },
      handler: () => listPermissions(),
    },
    {
      method: 'GET',
      path: '/api/roles',
      options: {
        tags: ['api', 'security'],
        description: '角色及其权限和持有人数',
        plugins: { qc: { permission: ['role:read', 'user:read'] } },
      },
      handler: (request) => withActor(request, deps, ({ trx }) => listRoles(trx)),
    },
    {
      method: 'POST',
      path: '/api/roles',
      options: {
        tags: ['api', 'security'],
        description: '新建角色',
        plugins: { qc: { permission: 'role:write' } },
        validate: {
          payload: Joi.object({
            code: roleCode.required(),
            name: text('角色名称', 30).min(1).required(),
            description: text('说明', 200).allow(''),
            permissions: permissionList.required(),
          }).label('RoleCreate'),
        },
      },
      handler: async (request, h) => {
        const role = await withActor(request, deps, async ({ trx, audit }) => {
          const created = await createRole(trx, request.payload as { code: string; name: string; description?: string; permissions: string[] });
          audit({ action: 'role.create', objectType: 'role', objectId: created.code, after: created });
          return created;
        });
        return h.response(role).code(201);
      },
    },
    {
      method: 'PATCH',
      path: '/api/roles/{code}',
      options: {
        tags: ['api', 'security'],
        description: '编辑角色名称、说明或权限',
        plugins: { qc: { permission: 'role:write' } },
        validate: {
          params: Joi.object({ code: roleCode.required() }),
          payload: Joi.object({
            name: text('角色名称', 30).min(1),
            description: text('说明', 200).allow(''),
            permissions: permissionList,
          })
            .min(1)
            .label('RoleUpdate'),
        },
      },
      handler: (request) =>
        withActor(request, deps, async ({ trx, audit }) => {
          const code = (request.params as { code: string }).code;
          const before = await getRole(trx, code);
          const after = await updateRole(trx, code, request.payload as { name?: string; description?: string; permissions?: string[] });
          audit({ action: 'role.update', objectType: 'role', objectId: code, before, after });
          return after;
        }),
    },
    {
      method: 'DELETE',
      path: '/api/roles/{code}',
      options: {
        tags: ['api', 'security'],
        description: '删除无人持有的自定义角色',
        plugins: { qc: { permission: 'role:write' } },
        validate: { params: Joi.object({ code: roleCode.required() }) },
      },
      handler: async (request, h) => {
        await withActor(request, deps, async ({ trx, audit }) => {
          const code = (request.params as { code: string }).code;
          const before = await deleteRole(trx, code);
          audit({ action: 'role.delete', objectType: 'role', objectId: code, before });
        });
        return h.response().code(204);
      },
    },
    {
      method: 'GET',
      path: '/api/security/policy',
      options: { tags: ['api', 'security'], description: '安全策略', plugins: { qc: { permission: 'security:policy' } } },
      handler: (request) => withActor(request, deps, ({ trx }) => getPolicy(trx, deps.policyDefaults)),
    },
    {
      method: 'PUT',
      path: '/api/security/policy',
      options: {
        tags: ['api', 'security'],
        description: '设置安全策略（不能低于等保三级的下限）',
        plugins: { qc: { permission: 'security:policy' } },
        validate: { payload: policySchema },
      },
      handler: (request) =>
        withActor(request, deps, async ({ trx, audit }) => {
          const before = await getPolicy(trx, deps.policyDefaults);
          const after = await savePolicy(trx, request.payload as SecurityPolicy);
          audit({ action: 'security.policy_update', objectType: 'policy', objectId: 'policy', before, after });
          return after;
        }),
    },
    {
      method: 'GET',
      path: '/api/audit',
      options: {
        tags: ['api', 'audit'],
        description: '审计日志（筛选、全文检索、分页）',
        plugins: { qc: { permission: 'audit:read' } },
        validate: { query: Joi.object({ ...auditFilters, ...paging }) },
      },
      handler: (request) =>
        withActor(request, deps, async ({ trx, audit }) => {
          const query = request.query as unknown as AuditQuery;
          const page = await listAudit(trx, query);
          audit({ action: 'audit.read', detail: JSON.stringify({ ...query }) });
          return page;
        }),
    },
    {
      method: 'GET',
      path: '/api/audit/verify',
      options: { tags: ['api', 'audit'], description: '校验审计日志哈希链的完整性', plugins: { qc: { permission: 'audit:read' } } },
      handler: (request) =>
        withActor(request, deps, async ({ trx, audit }) => {
          const result = await verifyAuditChain(trx);
          audit({
            action: 'audit.verify',
            result: 'success',
            detail: result.ok ? `完整，已校验 ${result.checked} 条` : `发现篡改：#${result.firstBroken?.id} ${result.firstBroken?.reason}`,
          });
          return result;
        }),
    },
    {
      method: 'GET',
      path: '/api/audit/export',
      options: {
        tags: ['api', 'audit'],
        description: '导出审计日志为 Excel（最多 50000 条）',
        plugins: { qc: { permission: 'audit:export' } },
        validate: { query: Joi.object(auditFilters) },
      },
      handler: async (request, h) => {
        const { buffer, count } = await withActor(request, deps, async ({ trx, audit }) => {
          const out = await exportAudit(trx, request.query as unknown as AuditQuery);
          audit({ action: 'audit.export', detail: `导出 ${out.count} 条；条件 ${JSON.stringify(request.query)}` });
          return out;
        });
        const stamp = new Date().toISOString().slice(0, 10);
        return h
          .response(buffer)
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="audit-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`审计日志-${stamp}.xlsx`)}`)
          .header('x-total-count', String(count));
      },
    },
  ];
}
