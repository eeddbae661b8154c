import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AppError, NotFoundError } from '../../errors.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../plugins/auth.js';
import { appendAudit } from '../../security/audit.js';
import {
  activateTotp,
  buildActor,
  changePassword,
  createCaptcha,
  disableTotp,
  listSessions,
  login,
  LoginError,
  logout,
  revokeSession,
  setupTotp,
} from '../../services/auth-service.js';
import type { Actor, Db } from '../../services/context.js';
import { auditSubject, inTransaction, withActor, type RouteDeps } from '../deps.js';

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
    mustChangePassword: actor.mustChangePassword,
    passwordExpiresAt: actor.passwordExpiresAt,
    totpEnabled: actor.totpEnabled,
    totpRequired: actor.totpRequired,
  };
}

const totpCode = Joi.string()
  .trim()
  .pattern(/^\d{6}$/, { name: '6 位数字' })
  .required()
  .label('动态口令');

/** Login with captcha and second factor, logout, the current user, password, TOTP and sessions. */
export function authRoutes(deps: RouteDeps): ServerRoute[] {
  // Per address, before any database work: slows password guessing across many names.
  const loginLimiter = new RateLimiterMemory({ points: deps.config.loginRateLimitPerMinute, duration: 60 });
  return [
    {
      method: 'POST',
      path: '/api/auth/login',
      options: {
        auth: false,
        tags: ['api', 'auth'],
        description: '登录：成功后设置会话 Cookie；失败 3 次后需验证码，5 次锁定 15 分钟；三员和市卫健委管理员须两步验证',
        validate: {
          payload: Joi.object({
            username: Joi.string().trim().min(1).max(64).required().label('用户名'),
            password: Joi.string().min(1).max(128).required().label('密码'),
            captchaId: Joi.string().max(64).label('验证码编号'),
            captcha: Joi.string().trim().max(16).allow('').label('验证码'),
            totp: Joi.string().trim().max(16).allow('').label('动态口令'),
          }).label('LoginRequest'),
        },
      },
      handler: async (request, h) => {
        try {
          await loginLimiter.consume(request.info.remoteAddress ?? 'unknown');
        } catch {
          throw new AppError(429, 'TOO_MANY_REQUESTS', '登录尝试过于频繁，请一分钟后再试');
        }
        const input = request.payload as { username: string; password: string; captchaId?: string; captcha?: string; totp?: string };
        const subject = { ...auditSubject(request), username: input.username.slice(0, 64) };
        let result;
        try {
          result = await login(
            deps.knex,
            {
              ...input,
              ip: request.info.remoteAddress ?? null,
              userAgent: (request.headers['user-agent'] as string | undefined) ?? null,
            },
            deps.cipher,
            deps.policyDefaults,
          );
        } catch (err) {
          if (err instanceof LoginError && err.code !== 'CAPTCHA_REQUIRED' && err.code !== 'TOTP_REQUIRED') {
            await inTransaction(deps.knex, (trx) =>
              appendAudit(trx, subject, { action: 'auth.login_failed', result: 'failure', detail: `${err.code}：${err.message}` }),
            );
          }
          throw err;
        }
        const me = await inTransaction(deps.knex, async (trx) => {
          const actor = (await buildActor(trx, result.userId, ''))!;
          await appendAudit(trx, auditSubject(request, actor), {
            action: 'auth.login',
            objectType: 'user',
            objectId: actor.userId,
            detail: result.next ? `待完成：${result.next === 'change_password' ? '修改密码' : '启用两步验证'}` : null,
          });
          return presentMe(actor, trx);
        });
        deps.logger.info({ requestId: (request.app as { requestId?: string }).requestId, userId: me.id }, 'login');
        return h.response({ user: me, next: result.next }).state(SESSION_COOKIE, result.token).state(CSRF_COOKIE, result.csrfToken);
      },
    },
    {
      method: 'GET',
      path: '/api/auth/captcha',
      options: { auth: false, tags: ['api', 'auth'], description: '图片验证码（5 分钟内有效，只能用一次）' },
      handler: () => inTransaction(deps.knex, (trx) => createCaptcha(trx as never)),
    },
    {
      method: 'POST',
      path: '/api/auth/logout',
      options: { tags: ['api', 'auth'], description: '退出登录：销毁服务器端会话，清除浏览器缓存与存储' },
      handler: async (request, h) => {
        await withActor(request, deps, async ({ trx, actor, audit }) => {
          await logout(trx, actor.sessionId);
          audit({ action: 'auth.logout', objectType: 'user', objectId: actor.userId });
        });
        return h.response().code(204).unstate(SESSION_COOKIE).unstate(CSRF_COOKIE).header('clear-site-data', '"cache", "storage"');
      },
    },
    {
      method: 'GET',
      path: '/api/auth/me',
      options: { tags: ['api', 'auth'], description: '当前用户、角色、权限、所属机构和待完成的安全步骤' },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => presentMe(actor, trx)),
    },
    {
      method: 'POST',
      path: '/api/auth/password',
      options: {
        tags: ['api', 'auth'],
        description: '修改本人密码（其他会话随之失效）',
        validate: {
          payload: Joi.object({
            oldPassword: Joi.string().min(1).max(128).required().label('原密码'),
            newPassword: Joi.string().min(1).max(128).required().label('新密码'),
          }).label('PasswordChange'),
        },
      },
      handler: async (request, h) => {
        const { oldPassword, newPassword } = request.payload as { oldPassword: string; newPassword: string };
        await withActor(request, deps, async ({ trx, actor, audit }) => {
          await changePassword(trx, actor, oldPassword, newPassword);
          audit({ action: 'auth.password_change', objectType: 'user', objectId: actor.userId });
        });
        return h.response().code(204);
      },
    },
    {
      method: 'POST',
      path: '/api/auth/totp/setup',
      options: { tags: ['api', 'auth'], description: '开始设置两步验证：生成密钥和二维码' },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const setup = await setupTotp(trx, actor, deps.cipher);
          audit({ action: 'auth.totp_setup', objectType: 'user', objectId: actor.userId });
          return setup;
        }),
    },
    {
      method: 'POST',
      path: '/api/auth/totp/activate',
      options: {
        tags: ['api', 'auth'],
        description: '用一个动态口令确认并启用两步验证',
        validate: { payload: Joi.object({ code: totpCode }).label('TotpActivate') },
      },
      handler: async (request, h) => {
        await withActor(request, deps, async ({ trx, actor, audit }) => {
          await activateTotp(trx, actor, (request.payload as { code: string }).code, deps.cipher);
          audit({ action: 'auth.totp_enable', objectType: 'user', objectId: actor.userId });
        });
        return h.response().code(204);
      },
    },
    {
      method: 'DELETE',
      path: '/api/auth/totp',
      options: {
        tags: ['api', 'auth'],
        description: '停用两步验证（角色要求时不可停用）',
        validate: { payload: Joi.object({ code: totpCode }).label('TotpDisable') },
      },
      handler: async (request, h) => {
        await withActor(request, deps, async ({ trx, actor, audit }) => {
          await disableTotp(trx, actor, (request.payload as { code: string }).code, deps.cipher);
          audit({ action: 'auth.totp_disable', objectType: 'user', objectId: actor.userId });
        });
        return h.response().code(204);
      },
    },
    {
      method: 'GET',
      path: '/api/auth/sessions',
      options: { tags: ['api', 'auth'], description: '本人的登录会话' },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => listSessions(trx, actor)),
    },
    {
      method: 'DELETE',
      path: '/api/auth/sessions/{id}',
      options: {
        tags: ['api', 'auth'],
        description: '下线本人的一个会话',
        validate: { params: Joi.object({ id: Joi.string().guid().required().label('会话编号') }) },
      },
      handler: async (request, h) => {
        const id = (request.params as { id: string }).id;
        const ended = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const done = await revokeSession(trx, actor, id);
          if (done) audit({ action: 'auth.session_revoke', objectType: 'session', objectId: id });
          return done;
        });
        if (!ended) throw new NotFoundError('会话');
        return h.response().code(204);
      },
    },
  ];
}

