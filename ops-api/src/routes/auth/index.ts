import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { AppError } from '../../errors.js';
import { actorOf, SESSION_COOKIE } from '../../plugins/auth.js';
import { buildActor, login, logout } from '../../services/auth-service.js';
import type { Actor, Db } from '../../services/context.js';
import { inTransaction, type RouteDeps } from '../deps.js';

/** The signed-in user as the client sees them. */
export async function presentMe(actor: Actor, db: Db) {
  const org = await db('organizations').select('id', 'code', 'name', 'kind').where('id', actor.orgId).first();
  const roles: { code: string; name: string }[] = actor.roles.length
    ? await db('roles').select('code', 'name').whereIn('code', actor.roles).orderBy('code')
    : [];
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    org: { id: Number(org.id), code: org.code, name: org.name, kind: org.kind },
    roles,
    permissions: actor.permissions,
  };
}

/** Login, logout and the current user. */
export function authRoutes(deps: RouteDeps): ServerRoute[] {
  const settings = { idleMinutes: deps.config.sessionIdleMinutes, absoluteHours: deps.config.sessionAbsoluteHours };
  return [
    {
      method: 'POST',
      path: '/api/auth/login',
      options: {
        auth: false,
        tags: ['api', 'auth'],
        description: '登录：成功后设置会话 Cookie',
        validate: {
          payload: Joi.object({
            username: Joi.string().trim().min(1).max(64).required().label('用户名'),
            password: Joi.string().min(1).max(128).required().label('密码'),
            captcha: Joi.string().max(16).label('验证码'),
            totp: Joi.string().max(16).label('动态口令'),
          }).label('LoginRequest'),
        },
      },
      handler: async (request, h) => {
        const { username, password } = request.payload as { username: string; password: string };
        const result = await login(
          deps.knex,
          { username, password, ip: request.info.remoteAddress ?? null, userAgent: (request.headers['user-agent'] as string | undefined) ?? null },
          settings,
        );
        if (!result) throw new AppError(401, 'LOGIN_FAILED', '用户名或密码错误，或账号已停用');
        const me = await inTransaction(deps.knex, async (trx) => {
          const actor = await buildActor(trx, result.userId, '');
          return presentMe(actor!, trx);
        });
        deps.logger.info({ requestId: (request.app as { requestId?: string }).requestId, userId: me.id }, 'login');
        return h.response({ user: me }).state(SESSION_COOKIE, result.token);
      },
    },
    {
      method: 'POST',
      path: '/api/auth/logout',
      options: { tags: ['api', 'auth'], description: '退出登录：销毁服务器端会话' },
      handler: async (request, h) => {
        await logout(deps.knex, actorOf(request).sessionId);
        return h.response().code(204).unstate(SESSION_COOKIE);
      },
    },
    {
      method: 'GET',
      path: '/api/auth/me',
      options: { tags: ['api', 'auth'], description: '当前用户、角色、权限和所属机构' },
      handler: (request) => inTransaction(deps.knex, (trx) => presentMe(actorOf(request), trx)),
    },
  ];
}
