import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { actorOf } from '../../plugins/auth.js';
import {
  createUser,
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
import { inTransaction, type RouteDeps } from '../deps.js';

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
        const page = await inTransaction(deps.knex, (trx) => listUsers(actorOf(request), query, trx));
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
      handler: (request) => inTransaction(deps.knex, (trx) => getUser(actorOf(request), id(request), trx)),
    },
    {
      method: 'POST',
      path: '/api/users',
      options: {
        tags: ['api', 'users'],
        description: '新建用户',
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
        const actor = actorOf(request);
        const user = await inTransaction(deps.knex, async (trx) => {
          const newId = await createUser(actor, request.payload as NewUser, trx);
          return getUser(actor, newId, trx);
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
        inTransaction(deps.knex, (trx) => updateUser(actorOf(request), id(request), request.payload as UserPatch, trx)),
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
        inTransaction(deps.knex, (trx) =>
          setUserRoles(actorOf(request), id(request), (request.payload as { roleCodes: string[] }).roleCodes, trx),
        ),
    },
    {
      method: 'POST',
      path: '/api/users/{id}/password',
      options: {
        tags: ['api', 'users'],
        description: '管理员重置密码',
        plugins: { qc: { permission: 'user:write' } },
        validate: {
          params: idParam,
          payload: Joi.object({ password: Joi.string().min(1).max(128).required().label('新密码') }).label('PasswordReset'),
        },
      },
      handler: async (request, h) => {
        await inTransaction(deps.knex, (trx) =>
          resetPassword(actorOf(request), id(request), (request.payload as { password: string }).password, trx),
        );
        return h.response().code(204);
      },
    },
  ];
}
