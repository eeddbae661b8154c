import type { Request, Server } from '@hapi/hapi';
import type { Knex } from 'knex';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { AppConfig } from '../config.js';
import { AppError, ForbiddenError, UnauthenticatedError } from '../errors.js';
import { sha256 } from '../security/crypto.js';
import type { SecurityPolicy } from '../security/policy.js';
import { actorForToken } from '../services/auth-service.js';
import type { Actor } from '../services/context.js';

export const SESSION_COOKIE = 'qc_sid';
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';

/** Route-level settings read in this one place: `options.plugins.qc`. */
export interface QcRouteSettings {
  /** The permission the route needs; a list means any one of them. */
  permission?: string | string[];
}

declare module '@hapi/hapi' {
  interface PluginSpecificConfiguration {
    qc?: QcRouteSettings;
  }
}

/** The signed-in user of a request; routes with auth always have one. */
export function actorOf(request: Request): Actor {
  return request.auth.credentials as unknown as Actor;
}

const MUTATING = new Set(['post', 'put', 'patch', 'delete']);

/** Whether the actor holds the route's permission (any of a list). */
export function allowed(actor: Actor, permission: string | string[] | undefined): boolean {
  if (!permission) return true;
  const needed = Array.isArray(permission) ? permission : [permission];
  return needed.some((p) => actor.permissions.includes(p));
}

/**
 * Cookie sessions kept on the server: the cookie carries a random token, the table its hash. Every
 * route needs a session unless it says `auth: false`. After authentication, in this order: a pending
 * password change or second-factor enrolment confines the session to /api/auth; mutating requests must
 * carry the CSRF token; the per-user rate limit applies; the route's permission is checked.
 */
export function registerAuth(server: Server, knex: Knex, config: AppConfig, policyDefaults: Partial<SecurityPolicy>): void {
  const cookie = { isHttpOnly: true, isSecure: config.cookieSecure || Boolean(config.tlsCert), isSameSite: 'Strict' as const, path: '/' };
  server.state(SESSION_COOKIE, { ...cookie, encoding: 'none', strictHeader: true, ignoreErrors: true, clearInvalid: true });
  // Readable by the page's script (Angular sends it back as X-XSRF-TOKEN); worthless to another site.
  server.state(CSRF_COOKIE, { ...cookie, isHttpOnly: false, encoding: 'none', ignoreErrors: true });

  server.auth.scheme('qc-session', () => ({
    async authenticate(request, h) {
      const token = request.state[SESSION_COOKIE] as string | undefined;
      if (!token || typeof token !== 'string') throw new UnauthenticatedError();
      const actor = await actorForToken(knex, token, policyDefaults);
      if (!actor) {
        h.unstate(SESSION_COOKIE);
        throw new UnauthenticatedError('登录已过期，请重新登录');
      }
      return h.authenticated({ credentials: actor as unknown as Record<string, unknown> });
    },
  }));
  server.auth.strategy('session', 'qc-session');
  server.auth.default('session');

  const limiter = new RateLimiterMemory({ points: config.rateLimitPerMinute, duration: 60 });

  server.ext('onPostAuth', async (request, h) => {
    if (!request.auth.isAuthenticated) return h.continue;
    const actor = actorOf(request);
    const inAuthArea = request.path.startsWith('/api/auth/');
    if (actor.pending && !inAuthArea) {
      throw actor.pending === 'change_password'
        ? new AppError(403, 'PASSWORD_CHANGE_REQUIRED', '请先修改密码（首次登录、密码被重置或已过期）')
        : new AppError(403, 'TOTP_ENROLLMENT_REQUIRED', '您的角色要求启用两步验证，请先完成设置');
    }
    if (MUTATING.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !actor.csrfHash || sha256(sent) !== actor.csrfHash) {
        throw new AppError(403, 'CSRF_FAILED', '请求校验失败，请刷新页面或重新登录后再试');
      }
    }
    try {
      await limiter.consume(String(actor.userId));
    } catch {
      throw new AppError(429, 'TOO_MANY_REQUESTS', '请求过于频繁，请稍后再试');
    }
    if (!allowed(actor, request.route.settings.plugins?.qc?.permission)) throw new ForbiddenError();
    return h.continue;
  });
}
