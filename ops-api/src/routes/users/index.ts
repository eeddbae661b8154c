import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import {
  createUser,
  getContact,
  getUser,
  listUsers,
  resetPassword,
  setUserRoles,
  updateUser,
  type NewUser,
  type UserListQuery,
  type UserPatch,
} from '../../services/user-service.js';
import { email, idParam, paging, phone, text } from '../common.js';
import { withActor, type RouteDeps } from '../deps.js';

const roleCodes = Joi.array()
  .items(Joi.string().pattern(/^[a-z_]{2,40}$/, { name: '角色代码' }).label('角色'))
  .max(8)
  .label('角色');

/** 用户管理, within the user's scope. */
export function userRoutes(deps: RouteDeps): ServerRoute[] {
  const id = (request: { params: unknown }) => (request.params as { id: number }).id;
  return [
    {
      method: 'GET',
      path: '/api/users',
      options: {
        tags: ['api', 'users'],
        description: '用户列表',
        plugins: { qc: { permission: 'user:read' } },
        validate: {
          query: Joi.object({
            q: Joi.string().trim().max(100).allow('').label('关键字'),
            orgId: Joi.number().integer().min(1).label('所属机构'),
            role: Joi.string().pattern(/^[a-z_]{2,40}$/).label('角色'),
            status: Joi.string().valid('active', 'disabled').label('状态'),
            ...paging,
          }),
        },
      },
      handler: async (request) => {
        const query = request.query as unknown as UserListQuery;
        const page = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const result = await listUsers(actor, query, trx, deps.cipher);
          audit({ action: 'personal.read', objectType: 'user', detail: `用户列表（脱敏）${result.items.length} 条` });
          return result;
        });
        return { ...page, page: query.page, pageSize: query.pageSize };
      },
    },
    {
      method: 'GET',
      path: '/api/users/{id}',
      options: {
        tags: ['api', 'users'],
        description: '用户详情',
        plugins: { qc: { permission: 'user:read' } },
        validate: { params: idParam },
      },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const user = await getUser(actor, id(request), trx, deps.cipher);
          audit({ action: 'personal.read', objectType: 'user', objectId: user.id, detail: '用户详情（脱敏）' });
          return user;
        }),
    },
    {
      method: 'POST',
      path: '/api/users',
      options: {
        tags: ['api', 'users'],
        description: '新建用户（初始密码为临时密码，首次登录须修改）',
        plugins: { qc: { permission: 'user:write' } },
        validate: {
          payload: Joi.object({
            username: Joi.string()
              .trim()
              .pattern(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, { name: '以字母开头的 3–32 位字母、数字、_ . -' })
              .required()
              .label('用户名'),
            displayName: text('姓名', 50).min(1).required(),
            password: Joi.string().min(1).max(128).required().label('密码'),
            orgId: Joi.number().integer().min(1).required().label('所属机构'),
            roleCodes: roleCodes.min(1).required(),
            phone,
            email,
          }).label('UserCreate'),
        },
      },
      handler: async (request, h) => {
        const user = await withActor(request, deps, async ({ trx, actor, audit }) => {
          // the administrator knows the initial password: the user must replace it at first login
          const newId = await createUser(actor, { ...(request.payload as NewUser), mustChangePassword: true }, trx, deps.cipher);
          const created = await getUser(actor, newId, trx, deps.cipher);
          audit({ action: 'user.create', objectType: 'user', objectId: newId, after: created });
          return created;
        });
        return h.response(user).code(201);
      },
    },
    {
      method: 'PATCH',
      path: '/api/users/{id}',
      options: {
        tags: ['api', 'users'],
        description: '编辑、停用或启用用户',
        plugins: { qc: { permission: 'user:write' } },
        validate: {
          params: idParam,
          payload: Joi.object({
            displayName: text('姓名', 50).min(1),
            orgId: Joi.number().integer().min(1).label('所属机构'),
            phone,
            email,
            status: Joi.string().valid('active', 'disabled').label('状态'),
          })
            .min(1)
            .label('UserUpdate'),
        },
      },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const before = await getUser(actor, id(request), trx, deps.cipher);
          const after = await updateUser(actor, id(request), request.payload as UserPatch, trx, deps.cipher);
          const action = after.status !== before.status ? (after.status === 'disabled' ? 'user.disable' : 'user.enable') : 'user.update';
          audit({ action, objectType: 'user', objectId: after.id, before, after });
          return after;
        }),
    },
    {
      method: 'PUT',
      path: '/api/users/{id}/roles',
      options: {
        tags: ['api', 'users'],
        description: '分配角色',
        plugins: { qc: { permission: 'user:write' } },
        validate: { params: idParam, payload: Joi.object({ roleCodes: roleCodes.required() }).label('UserRoles') },
      },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const before = await getUser(actor, id(request), trx, deps.cipher);
          const after = await setUserRoles(actor, id(request), (request.payload as { roleCodes: string[] }).roleCodes, trx, deps.cipher);
          audit({ action: 'user.roles_update', objectType: 'user', objectId: after.id, before: { roles: before.roles }, after: { roles: after.roles } });
          return after;
        }),
    },
    {
      method: 'POST',
      path: '/api/users/{id}/password',
      options: {
        tags: ['api', 'users'],
        description: '管理员重置为临时密码（下次登录须修改）',
        plugins: { qc: { permission: 'user:write' } },
        validate: {
          params: idParam,
          payload: Joi.object({ password: Joi.string().min(1).max(128).required().label('新密码') }).label('PasswordReset'),
        },
      },
      handler: async (request, h) => {
        await withActor(request, deps, async ({ trx, actor, audit }) => {
          await resetPassword(actor, id(request), (request.payload as { password: string }).password, trx);
          audit({ action: 'user.password_reset', objectType: 'user', objectId: id(request), detail: '管理员重置为临时密码，下次登录须修改' });
        });
        return h.response().code(204);
      },
    },
    {
      method: 'GET',
      path: '/api/users/{id}/contact',
      options: {
        tags: ['api', 'users'],
        description: '查看用户完整的手机号和邮箱（留痕）',
        plugins: { qc: { permission: 'personal:unmask' } },
        validate: { params: idParam },
      },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const contact = await getContact(actor, id(request), trx, deps.cipher);
          audit({ action: 'personal.unmask', objectType: 'user', objectId: id(request), detail: '查看完整联系方式' });
          return contact;
        }),
    },
  ];
}
